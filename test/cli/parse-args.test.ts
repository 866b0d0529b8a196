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
      baselineFile: "base.json",
      markdownFile: "summary.md",
    });
  });

  it("reads compare: two reports, --budget, --markdown", () => {
    expect(parseCliArgs(["compare", "base.json", "head.json"])).toEqual({
      kind: "compare",
      baseFile: "base.json",
      headFile: "head.json",
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
      baseFile: "b.json",
      headFile: "h.json",
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

  it.each([
    [["run", "--bogus"], /Unknown option '--bogus'; run `perf-gate --help` for usage$/],
    [["bench"], /unknown command 'bench' \(expected run, compare or demo\)/],
    [["compare", "a.json"], /'compare' needs two report files/],
    [["compare", "a.json", "b.json", "c.json"], /unexpected argument 'c.json' for 'compare'/],
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
