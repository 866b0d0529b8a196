// biome-ignore-all lint/suspicious/noTemplateCurlyInString: budgets are written with ${VAR} references
/**
 * Issue 9 §3: `compare` and `run -s NAME` demanded every `${VAR}` of the budget, even those of
 * scenarios not run (compare sends nothing). Only the variables of what is used must be set.
 */
import { describe, expect, test } from "vitest";
import { type BudgetUse, parseBudget } from "../../src/budget/index.js";
import { BudgetError, InputError } from "../../src/errors.js";
import { runBudget } from "../../src/run-budget.js";
import { lines } from "./helpers.js";

/** Two scenarios, each needing its own key; the target and defaults need theirs. */
const TWO = lines(
  "version: 1",
  "target: ${API_URL}",
  "defaults:",
  "  headers: { x-team: '${TEAM}' }",
  "scenarios:",
  "  - name: chat",
  "    request: { headers: { authorization: 'Bearer ${CHAT_KEY}' } }",
  "    load: { duration: 1s }",
  "    regression: { latency.p95: +10% }",
  "  - name: embed",
  "    request: { json: { input: '${EMBED_INPUT}' } }",
  "    load: { duration: 1s }",
  "    regression: { rps: -5% }",
);
const ALL = {
  API_URL: "http://127.0.0.1:9",
  TEAM: "perf-team",
  CHAT_KEY: "sk-chat-123456",
  EMBED_INPUT: "hello",
};

const parse = (env: Record<string, string>, uses?: BudgetUse) =>
  parseBudget(TWO, { file: "perf-budget.yml", env, uses });
/** The problems of parsing with `env` and `uses`, as "line:col message". */
function missing(env: Record<string, string>, uses?: BudgetUse): string[] {
  try {
    parse(env, uses);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(BudgetError);
    return (error as BudgetError).problems.map((p) => `${p.line}:${p.col} ${p.message}`);
  }
}

describe("compare (uses: regression): no variable needs to be set", () => {
  test("a budget whose every ${VAR} is unset still gives its regression rules (was: 4 'not set' problems)", () => {
    const budget = parse({}, "regression");
    expect(budget.scenarios.map((s) => [s.name, s.regression.map((r) => r.metric)])).toEqual([
      ["chat", ["latency.p95"]],
      ["embed", ["rps"]],
    ]);
    expect(budget.target).toBe("");
    expect(budget.secrets).toEqual([]);
    // Never sent, and not a secret: the value keeps its reference as written.
    expect(budget.scenarios[0]?.request.headers.authorization).toBe("Bearer ${CHAT_KEY}");
  });

  test("variables that are set are still secrets, so they stay masked", () => {
    expect(parse({ CHAT_KEY: "sk-chat-123456" }, "regression").secrets).toEqual(["sk-chat-123456"]);
  });

  test("the rest of the file is still checked: a misspelt key is a problem", () => {
    const source = TWO.replace("load: { duration: 1s }", "load: { duration: 1s, conections: 2 }");
    expect(() => parseBudget(source, { file: "b.yml", env: {}, uses: "regression" })).toThrow(
      'unknown key "conections", did you mean "connections"?',
    );
  });

  test("a value that must be valid but comes from an unset variable says so", () => {
    const source = lines("version: 1", "scenarios:", "  - name: a", "    load: { duration: '${DURATION}' }");
    expect(() => parseBudget(source, { file: "b.yml", env: {}, uses: "regression" })).toThrow(
      "b.yml:4:23 scenarios[0].load.duration: environment variable DURATION is not set: this command does not use the value, but it must still be valid for the budget to be read (set DURATION, or write the value in the file)",
    );
  });
});

describe("run -s NAME (uses: { scenario }): the target, defaults and that scenario only", () => {
  test("-s chat needs API_URL, TEAM and CHAT_KEY but not EMBED_INPUT (was: 'EMBED_INPUT is not set')", () => {
    const { EMBED_INPUT: _unset, ...env } = ALL;
    expect(missing(env)).toEqual(["11:31 environment variable EMBED_INPUT is not set"]);
    const budget = parse(env, { scenario: "chat" });
    expect(budget.scenarios[0]?.request.headers).toMatchObject({
      authorization: "Bearer sk-chat-123456",
      "x-team": "perf-team",
    });
    expect(budget.scenarios[1]?.request.body).toBe('{"input":"${EMBED_INPUT}"}');
  });

  test("the variables of the target, defaults and the scenario run are still required", () => {
    expect(missing({}, { scenario: "embed" })).toEqual([
      "2:9 environment variable API_URL is not set",
      "4:22 environment variable TEAM is not set",
      "11:31 environment variable EMBED_INPUT is not set",
    ]);
  });

  test("{ scenario: undefined } (no -s) needs every variable", () => {
    const { CHAT_KEY: _unset, ...env } = ALL;
    expect(missing(env, { scenario: undefined })).toEqual(["7:42 environment variable CHAT_KEY is not set"]);
  });

  test("a scenario named by a variable is found by its value", () => {
    const source = TWO.replace("- name: chat", "- name: ${CHAT_NAME}");
    const { CHAT_KEY: _unset, ...env } = ALL;
    const budget = parseBudget(source, {
      file: "b.yml",
      env: { ...env, CHAT_NAME: "chat-v2" },
      uses: { scenario: "embed" },
    });
    expect(budget.scenarios.map((s) => s.name)).toEqual(["chat-v2", "embed"]);
    expect(() =>
      parseBudget(source, {
        file: "b.yml",
        env: { ...env, CHAT_NAME: "chat-v2" },
        uses: { scenario: "chat-v2" },
      }),
    ).toThrow("environment variable CHAT_KEY is not set");
  });

  test("an unknown -s name is still the InputError that lists the scenarios, before anything is sent", async () => {
    const { CHAT_KEY: _a, EMBED_INPUT: _b, ...env } = ALL;
    const budget = parse(env, { scenario: "chta" });
    const run = runBudget(budget, { scenario: "chta", toolVersion: "0.0.0" });
    await expect(run).rejects.toBeInstanceOf(InputError);
    await expect(run).rejects.toThrow(
      "--scenario 'chta' is not in perf-budget.yml; its scenarios are: 'chat', 'embed'",
    );
  });
});
