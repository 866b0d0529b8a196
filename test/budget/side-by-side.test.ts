// biome-ignore-all lint/suspicious/noTemplateCurlyInString: budgets are written with ${VAR} references
/**
 * Issue 10 §1: `baseline_target` (validated like `target`, overridden by --baseline-target) and
 * `load.round` / `defaults.round` (at least 1 s, at most duration / 2), with located errors.
 */
import { describe, expect, test } from "vitest";
import { parseBudget, redactSecrets } from "../../src/budget/index.js";
import { CREDENTIALS_FIX } from "../../src/budget/url-credentials.js";
import { BudgetError, InputError } from "../../src/errors.js";
import { budgetError, lines } from "./helpers.js";

const parse = (source: string, options: { env?: Record<string, string>; baselineTarget?: string } = {}) =>
  parseBudget(source, {
    file: "perf-budget.yml",
    env: options.env ?? {},
    ...(options.baselineTarget === undefined ? {} : { baselineTarget: options.baselineTarget }),
  });

const withBaseline = (baseline: string, load = "{ duration: 20s }") =>
  lines(
    "version: 1",
    "target: http://127.0.0.1:8080",
    `baseline_target: ${baseline}`,
    "scenarios:",
    "  - name: a",
    `    load: ${load}`,
  );

describe("baseline_target", () => {
  test("is read next to target, trailing slashes trimmed like target's", () => {
    const budget = parse(withBaseline("http://127.0.0.1:8081/api/"));
    expect(budget.target).toBe("http://127.0.0.1:8080");
    expect(budget.baselineTarget).toBe("http://127.0.0.1:8081/api");
  });

  test("is absent when the budget has none", () => {
    const budget = parse(
      lines("version: 1", "target: http://h:1", "scenarios:", "  - name: a", "    load: { duration: 1s }"),
    );
    expect(budget.baselineTarget).toBeUndefined();
  });

  test("a value that is not a base URL is a located error", () => {
    const error = budgetError(withBaseline("staging.example.com"));
    expect(error.problems).toEqual([
      {
        file: "perf-budget.yml",
        line: 3,
        col: 18,
        path: "baseline_target",
        message:
          'expected an http:// or https:// URL without query or fragment, like "http://127.0.0.1:8080", got "staging.example.com"',
      },
    ]);
    expect(error.message).toContain("perf-budget.yml:3:18 baseline_target:");
  });

  test("credentials in it are refused at file:line:col, never echoed", () => {
    const error = budgetError(withBaseline("http://ada:hunter2-secret@127.0.0.1:8081"));
    expect(error.problems).toEqual([
      { file: "perf-budget.yml", line: 3, col: 18, path: "baseline_target", message: CREDENTIALS_FIX },
    ]);
    expect(error.message).not.toContain("hunter2-secret");
  });

  test("${VAR} is interpolated and the value is a secret, redacted like the target", () => {
    const url = "http://base-secret-host.internal:8081";
    const budget = parse(withBaseline("${BASE_URL}"), { env: { BASE_URL: `${url}/` } });
    expect(budget.baselineTarget).toBe(url);
    expect(redactSecrets(`baseline ${budget.baselineTarget}`, budget.secrets)).toBe("baseline ***");
  });

  test("--baseline-target overrides it, and the file's value is then not checked at all", () => {
    const budget = parse(withBaseline("not a url"), { baselineTarget: "http://127.0.0.1:9999/" });
    expect(budget.baselineTarget).toBe("http://127.0.0.1:9999");
    const none = parse(
      lines("version: 1", "target: http://h:1", "scenarios:", "  - name: a", "    load: { duration: 2s }"),
      { baselineTarget: "http://127.0.0.1:9998" },
    );
    expect(none.baselineTarget).toBe("http://127.0.0.1:9998");
  });

  test("--baseline-target that is not a URL is a problem of the command line, at 1:1", () => {
    let thrown: unknown;
    try {
      parse(withBaseline("http://h:2"), { baselineTarget: "localhost:8081" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BudgetError);
    expect((thrown as BudgetError).problems).toEqual([
      {
        file: "perf-budget.yml",
        line: 1,
        col: 1,
        path: "",
        message:
          '--baseline-target: expected an http:// or https:// URL like "http://127.0.0.1:8081", got "localhost:8081"',
      },
    ]);
  });

  test("--baseline-target with credentials is an InputError that never echoes them", () => {
    expect(() => parse(withBaseline("http://h:2"), { baselineTarget: "http://u:pw-xyz@h:3" })).toThrow(
      InputError,
    );
    try {
      parse(withBaseline("http://h:2"), { baselineTarget: "http://u:pw-xyz@h:3" });
    } catch (e) {
      expect((e as Error).message).toBe(
        `--baseline-target (the action's baseline-target input): ${CREDENTIALS_FIX}`,
      );
    }
  });

  test("compare (regression rules only) neither needs nor checks it", () => {
    const budget = parseBudget(withBaseline("${UNSET_BASE}"), { file: "b.yml", env: {}, uses: "regression" });
    expect(budget.baselineTarget).toBeUndefined();
  });
});

describe("load.round", () => {
  test("is read in ms, from the scenario's load or from defaults (the scenario's wins)", () => {
    const source = lines(
      "version: 1",
      "target: http://h:1",
      "defaults: { round: 2s }",
      "scenarios:",
      "  - name: a",
      "    load: { duration: 20s, round: 4s }",
      "  - name: b",
      "    load: { duration: 20s }",
    );
    const budget = parse(source);
    expect(budget.scenarios.map((s) => s.load.roundMs)).toEqual([4000, 2000]);
  });

  test("is absent when not written (planRounds then picks its default)", () => {
    expect(parse(withBaseline("http://h:2")).scenarios[0]?.load.roundMs).toBeUndefined();
  });

  test.each([
    [
      "500ms",
      "expected a round of at least 1s (each round opens new connections; a shorter one measures too few requests to compare), got 500ms",
    ],
    [
      "15s",
      "expected a round of at most duration / 2: a side needs at least 2 rounds (duration is 20s), got 15s; shorten the round or lengthen the duration",
    ],
    ["0s", 'expected a duration above 0, like "250ms", got "0s"'],
    ["fast", 'expected a duration like "250ms", got "fast"'],
  ])("round: %s is a located error", (round, message) => {
    const error = budgetError(withBaseline("http://h:2", `{ duration: 20s, round: ${round} }`));
    expect(error.problems).toEqual([
      { file: "perf-budget.yml", line: 6, col: 35, path: "scenarios[0].load.round", message },
    ]);
  });

  test("exactly duration / 2 is accepted: 2 rounds a side", () => {
    expect(
      parse(withBaseline("http://h:2", "{ duration: 20s, round: 10s }")).scenarios[0]?.load.roundMs,
    ).toBe(10_000);
  });

  test("a defaults.round too long for one scenario is reported at defaults.round, naming the scenario", () => {
    const source = lines(
      "version: 1",
      "target: http://h:1",
      "defaults: { round: 5s }",
      "scenarios:",
      "  - name: long",
      "    load: { duration: 60s }",
      "  - name: short",
      "    load: { duration: 8s }",
    );
    const error = budgetError(source);
    expect(error.problems).toEqual([
      {
        file: "perf-budget.yml",
        line: 3,
        col: 20,
        path: "defaults.round",
        message:
          "expected a round of at most duration / 2 (scenarios[1]): a side needs at least 2 rounds (duration is 8s), got 5s; shorten the round or lengthen the duration",
      },
    ]);
  });
});
