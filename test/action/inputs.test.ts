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
      githubToken: "",
      baseline: { kind: "auto" },
      comment: "always",
      failOn: "any",
      saveBaseline: "auto",
      artifactName: "perf-gate-report",
    });
  });

  it("reads every input by its kebab-case name, trimmed", () => {
    const inputs = parseInputs(
      from({
        budget: " perf/api.yml ",
        target: "http://127.0.0.1:9000",
        "github-token": "t0k",
        baseline: "base/report.json",
        comment: "on-failure",
        "fail-on": "thresholds",
        "save-baseline": "TRUE",
        "artifact-name": "api-report",
      }),
    );
    expect(inputs).toEqual({
      budget: "perf/api.yml",
      target: "http://127.0.0.1:9000",
      githubToken: "t0k",
      baseline: { kind: "path", path: "base/report.json" },
      comment: "on-failure",
      failOn: "thresholds",
      saveBaseline: "true",
      artifactName: "api-report",
    });
  });

  it("reads baseline: none as a keyword, not a path", () => {
    expect(parseInputs(from({ baseline: "none" })).baseline).toEqual({ kind: "none" });
  });

  it.each([
    ["comment", "sometimes", "expected one of always, on-failure, never"],
    ["fail-on", "all", "expected one of any, thresholds, never"],
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
