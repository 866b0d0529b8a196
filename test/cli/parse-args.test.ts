import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../../src/cli/parse-args.js";
import { InputError } from "../../src/errors.js";

describe("parseCliArgs", () => {
  it.each([
    [["--help"], { kind: "help" }],
    [["-h"], { kind: "help" }],
    [["run", "--help"], { kind: "help" }],
    [["--version"], { kind: "version" }],
    [["-v"], { kind: "version" }],
  ])("%j → %j", (argv, expected) => {
    expect(parseCliArgs(argv)).toEqual(expected);
  });

  it("applies every default to a bare `run`", () => {
    expect(parseCliArgs(["run"])).toEqual({
      kind: "run",
      budgetFile: "perf-budget.yml",
      outFile: "report.json",
      target: undefined,
      scenario: undefined,
      baselineFiles: [],
      failOn: "any",
      color: undefined,
      quiet: false,
    });
  });

  it("reads every run flag", () => {
    const argv = ["run", "b.yml", "--target", "http://h:1/api", "--out", "out/r.json", "--scenario", "chat"];
    expect(parseCliArgs([...argv, "--no-color", "--quiet"])).toEqual({
      kind: "run",
      budgetFile: "b.yml",
      outFile: "out/r.json",
      target: "http://h:1/api",
      scenario: "chat",
      baselineFiles: [],
      failOn: "any",
      color: false,
      quiet: true,
    });
  });

  it("accepts --flag=value and short flags", () => {
    expect(parseCliArgs(["run", "-s", "x", "--out=r.json", "-q"])).toMatchObject({
      scenario: "x",
      outFile: "r.json",
      quiet: true,
    });
  });

  it("reads run's --baseline and --markdown", () => {
    expect(parseCliArgs(["run", "--baseline", "base.json", "--markdown", "summary.md"])).toMatchObject({
      kind: "run",
      baselineFiles: ["base.json"],
      markdownFile: "summary.md",
    });
  });

  it("reads --baseline repeated as every file, in command-line order", () => {
    const argv = ["run", "--baseline", "c.json", "--baseline=a.json", "--baseline", "b.json"];
    expect(parseCliArgs(argv)).toMatchObject({ baselineFiles: ["c.json", "a.json", "b.json"] });
  });

  it.each([
    ["4", 4],
    ["1", 1],
    ["64", 64],
    ["auto", "auto"],
    [" 2 ", 2],
  ])("reads run's --workers %j", (value, workers) => {
    expect(parseCliArgs(["run", "--workers", value])).toMatchObject({ kind: "run", workers });
    expect(parseCliArgs(["run"])).toMatchObject({ workers: undefined });
  });

  it.each(["any", "strict", "thresholds", "never"])("reads --fail-on %s for run and compare", (mode) => {
    expect(parseCliArgs(["run", "--fail-on", mode])).toMatchObject({ kind: "run", failOn: mode });
    expect(parseCliArgs(["compare", "a.json", "b.json", "--fail-on", mode])).toMatchObject({
      kind: "compare",
      failOn: mode,
    });
  });

  it("reads compare with several files: the last is the head, the others the baselines in order", () => {
    expect(parseCliArgs(["compare", "b3.json", "b1.json", "b2.json", "head.json"])).toMatchObject({
      baseFiles: ["b3.json", "b1.json", "b2.json"],
      headFile: "head.json",
    });
  });

  it("reads compare with the head alone: no baseline files", () => {
    expect(parseCliArgs(["compare", "sbs.json"])).toMatchObject({ baseFiles: [], headFile: "sbs.json" });
  });

  it("reads compare: two reports, --budget, --markdown", () => {
    expect(parseCliArgs(["compare", "base.json", "head.json"])).toEqual({
      kind: "compare",
      baseFiles: ["base.json"],
      headFile: "head.json",
      failOn: "any",
      markdownFile: undefined,
      budgetFile: undefined,
      color: undefined,
      quiet: false,
    });
    expect(
      parseCliArgs([
        "compare",
        "b.json",
        "h.json",
        "--budget",
        "p.yml",
        "--markdown",
        "o.md",
        "--no-color",
        "-q",
      ]),
    ).toEqual({
      kind: "compare",
      baseFiles: ["b.json"],
      headFile: "h.json",
      failOn: "any",
      markdownFile: "o.md",
      budgetFile: "p.yml",
      color: false,
      quiet: true,
    });
  });

  it("reads demo with --out", () => {
    expect(parseCliArgs(["demo", "--out", "d.json"])).toEqual({
      kind: "demo",
      outFile: "d.json",
      color: undefined,
      quiet: false,
    });
  });

  it("reads import-har: stdout without --out, every flag with them", () => {
    expect(parseCliArgs(["import-har", "rec.har"])).toEqual({
      kind: "import-har",
      harFile: "rec.har",
      outFile: undefined,
      force: false,
      includeStatic: false,
    });
    expect(parseCliArgs(["import-har", "rec.har", "-o", "b.yml", "--force", "--include-static"])).toEqual({
      kind: "import-har",
      harFile: "rec.har",
      outFile: "b.yml",
      force: true,
      includeStatic: true,
    });
  });

  it.each([
    [["import-har"], /'import-har' needs a recording: perf-gate import-har recording.har/],
    [["import-har", "a.har", "b.har"], /unexpected argument 'b.har' for 'import-har'/],
    [["import-har", "a.har", "--target", "http://h"], /'--target' is not an option of 'import-har'/],
    [["run", "--force"], /'--force' is not an option of 'run'/],
    [["import-har", "a.har", "--out", ""], /--out needs a non-empty value/],
    [["run", "--bogus"], /Unknown option '--bogus'; run `perf-gate --help` for usage$/],
    [["bench"], /unknown command 'bench' \(expected run, compare, merge, demo or import-har\)/],
    [["compare"], /'compare' needs report files: perf-gate compare \[BASE.json …\] HEAD.json/],
    [["run", "--fail-on", "all"], /--fail-on: expected one of any, strict, thresholds, never, got "all"/],
    [["compare", "a.json", "--fail-on", "Strict"], /--fail-on: expected one of any, strict/],
    [["run", "--fail-on"], /--fail-on/],
    [["demo", "--fail-on", "any"], /'--fail-on' is not an option of 'demo'/],
    [["run", "--baseline", "a.json", "--baseline", ""], /--baseline needs a non-empty value/],
    [["compare", "a.json", "b.json", "--target", "http://h"], /'--target' is not an option of 'compare'/],
    [["demo", "--baseline", "b.json"], /'--baseline' is not an option of 'demo'/],
    [["run", "--budget", "b.yml"], /'--budget' is not an option of 'run'/],
    [["run", "--markdown", ""], /--markdown needs a non-empty value/],
    [[], /missing command/],
    [["run", "--target"], /--target/],
    [["run", "a.yml", "b.yml"], /unexpected argument 'b.yml' for 'run'/],
    [["demo", "x.yml"], /unexpected argument 'x.yml' for 'demo'/],
    [["demo", "--target", "http://h"], /'--target' is not an option of 'demo'/],
    [["run", "--out", ""], /--out needs a non-empty value/],
    [["run", "--workers", "0"], /--workers: expected a whole number from 1 to 64, or auto, got "0"/],
    [["run", "--workers", "65"], /--workers: expected a whole number from 1 to 64, or auto, got "65"/],
    [["run", "--workers", "1.5"], /--workers: expected .*, got "1.5"/],
    [["run", "--workers", "2e1"], /--workers: expected .*, got "2e1"/],
    [["run", "--workers", "Auto"], /--workers: expected .*, got "Auto"/],
    [["demo", "--workers", "2"], /'--workers' is not an option of 'demo'/],
  ])("%j is an InputError (exit 2) with a one-line message", (argv, message) => {
    let caught: unknown;
    try {
      parseCliArgs(argv);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InputError);
    const err = caught as InputError;
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain("\n");
    expect(err.message).toContain("perf-gate --help");
  });
});
