import { describe, expect, it } from "vitest";
import { INPUT_DEFAULTS, INPUT_NAMES, parseInputs } from "../../src/action/inputs.js";
import { InputError } from "../../src/errors.js";

const from =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? "";

describe("parseInputs", () => {
  it("applies the defaults of action.yml when nothing is set", () => {
    expect(parseInputs(from({}))).toEqual({
      budget: "perf-budget.yml",
      target: undefined,
      baselineTarget: undefined,
      githubToken: "",
      baseline: { kind: "auto" },
      baselineHistory: 5,
      comment: "always",
      failOn: "any",
      saveBaseline: "auto",
      artifactName: "perf-gate-report",
      shard: undefined,
      merge: false,
    });
  });

  it("reads every input by its kebab-case name, trimmed", () => {
    const inputs = parseInputs(
      from({
        budget: " perf/api.yml ",
        target: "http://127.0.0.1:9000",
        "baseline-target": " http://127.0.0.1:9001 ",
        "github-token": "t0k",
        baseline: "base/report.json",
        "baseline-history": " 12 ",
        comment: "on-failure",
        "fail-on": "thresholds",
        "save-baseline": "TRUE",
        "artifact-name": "api-report",
        shard: " 2/4 ",
      }),
    );
    expect(inputs).toEqual({
      budget: "perf/api.yml",
      target: "http://127.0.0.1:9000",
      baselineTarget: "http://127.0.0.1:9001",
      githubToken: "t0k",
      baseline: { kind: "path", path: "base/report.json" },
      baselineHistory: 12,
      comment: "on-failure",
      failOn: "thresholds",
      saveBaseline: "true",
      artifactName: "api-report",
      shard: { index: 2, count: 4 },
      merge: false,
    });
  });

  it.each([
    ["auto", "auto"],
    [" 4 ", 4],
    ["1", 1],
    ["", undefined],
  ])("reads workers: %j as %j (empty: the budget's load.workers)", (value, workers) => {
    expect(parseInputs(from({ workers: value })).workers).toBe(workers);
  });

  it.each(["0", "65", "2.5", "all", "-1"])("refuses workers: %s in one line naming the input", (value) => {
    expect(() => parseInputs(from({ workers: value }))).toThrow(
      new InputError(
        `input 'workers': expected a whole number of worker threads from 1 to 64, or auto, got ${JSON.stringify(value)}; leave it empty to use the budget's load.workers`,
      ),
    );
  });

  it.each(["any", "strict", "thresholds", "never"])("accepts fail-on: %s", (mode) => {
    expect(parseInputs(from({ "fail-on": mode })).failOn).toBe(mode);
  });

  it.each([
    ["1", 1],
    ["20", 20],
    ["05", 5],
  ])("accepts baseline-history: %s as %i (the bounds are inclusive)", (value, runs) => {
    expect(parseInputs(from({ "baseline-history": value })).baselineHistory).toBe(runs);
  });

  it("reads baseline: none as a keyword, not a path", () => {
    expect(parseInputs(from({ baseline: "none" })).baseline).toEqual({ kind: "none" });
  });

  it.each([
    ["comment", "sometimes", "expected one of always, on-failure, never"],
    ["fail-on", "all", "expected one of any, strict, thresholds, never"],
    ["baseline-history", "0", "expected a whole number from 1 to 20"],
    ["baseline-history", "21", "expected a whole number from 1 to 20"],
    ["baseline-history", "2.5", "expected a whole number from 1 to 20"],
    ["baseline-history", "five", "expected a whole number from 1 to 20"],
    ["baseline-history", "-3", "expected a whole number from 1 to 20"],
    ["baseline-history", "1e1", "expected a whole number from 1 to 20"],
    ["save-baseline", "yes", "expected one of auto, true, false"],
    ["artifact-name", "a/b", "expected a name without"],
  ])("rejects %s: %s naming the input and the allowed values", (name, value, expected) => {
    const parse = () => parseInputs(from({ [name]: value }));
    expect(parse).toThrow(InputError);
    expect(parse).toThrow(`input '${name}': ${expected}`);
    expect(parse).toThrow(JSON.stringify(value));
  });

  it("has a name for every field and defaults only for names that exist", () => {
    for (const key of Object.keys(INPUT_DEFAULTS)) expect(INPUT_NAMES).toHaveProperty(key);
  });
});
