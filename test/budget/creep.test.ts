// biome-ignore-all lint/suspicious/noTemplateCurlyInString: budgets are written with ${VAR} references
/**
 * The `creep:` key (issue 10 §2): per scenario, the syntax and metrics of `regression:`, built
 * into `Scenario.creep` with the budget line of each rule, and located errors of its own.
 */
import { describe, expect, test } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import { creepOf } from "../../src/judge-run.js";
import { budgetError, lines } from "./helpers.js";

const HEAD = [
  "version: 1",
  "target: http://127.0.0.1:8080",
  "scenarios:",
  "  - name: a",
  "    load:",
  "      duration: 1s",
];
/** A budget whose `creep:` map starts at line 7; its rules are from line 8. */
const creep = (...rules: string[]) => lines(...HEAD, "    creep:", ...rules);

const parse = (source: string) => parseBudget(source, { file: "perf-budget.yml", env: {} });

describe("creep: rules", () => {
  test("build like regression rules: every form, in the order written, with line and unit", () => {
    const scenario = parse(
      creep("      latency.p95: +25%", "      latency.p99: { max: +40ms, floor: 5ms }", "      rps: -15%"),
    ).scenarios[0];
    expect(scenario?.creep).toEqual([
      { metric: "latency.p95", maxRelative: 0.25, source: "+25%", line: 8 },
      { metric: "latency.p99", maxAbsolute: 40, floor: 5, source: "{ max: +40ms, floor: 5ms }", line: 9 },
      { metric: "rps", maxRelative: 0.15, source: "-15%", line: 10 },
    ]);
    // creep and regression are separate lists: one does not leak into the other.
    expect(scenario?.regression).toEqual([]);
  });

  test("absent means no creep rules", () => {
    expect(parse(lines(...HEAD)).scenarios[0]?.creep).toEqual([]);
  });

  test("regression and creep side by side keep their own rules and lines", () => {
    const source = lines(
      ...HEAD,
      "    regression:",
      "      latency.p95: +10%",
      "    creep:",
      "      latency.p95: +30%",
    );
    const scenario = parse(source).scenarios[0];
    expect(scenario?.regression).toEqual([
      { metric: "latency.p95", maxRelative: 0.1, source: "+10%", line: 8 },
    ]);
    expect(scenario?.creep).toEqual([{ metric: "latency.p95", maxRelative: 0.3, source: "+30%", line: 10 }]);
  });

  test("creepOf maps each scenario name to its creep rules", () => {
    const budget = parse(creep("      latency.p50: +20%"));
    expect([...creepOf(budget)]).toEqual([
      ["a", [{ metric: "latency.p50", maxRelative: 0.2, source: "+20%", line: 8 }]],
    ]);
  });
});

describe("creep: errors are located at file:line:col under scenarios[i].creep", () => {
  test.each<[string, string, string]>([
    [
      "a fall for a lower-is-better metric",
      "      latency.p95: -10%",
      "perf-budget.yml:8:20 scenarios[0].creep.latency.p95: expected a rise like",
    ],
    [
      "a misspelt metric gets a did-you-mean",
      "      latency.p59: +10%",
      'perf-budget.yml:8:7 scenarios[0].creep.latency.p59: unknown metric "latency.p59", did you mean "latency.p95"?',
    ],
    [
      "a metric no rule can test",
      "      latency.max: +10%",
      "perf-budget.yml:8:7 scenarios[0].creep.latency.max: latency.max cannot have a creep rule",
    ],
    [
      "an unknown key inside { max, floor }",
      "      latency.p95: { max: +10%, flor: 2ms }",
      'scenarios[0].creep.latency.p95.flor: unknown key "flor" (expected max, floor)',
    ],
    [
      "a stream metric without a streamed response",
      "      ttft.p95: +10%",
      "perf-budget.yml:8:7 scenarios[0].creep.ttft.p95: ttft.p95 needs a streamed response",
    ],
  ])("%s", (_what, rule, expected) => {
    const error = budgetError(creep(rule));
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain(expected);
    expect(error.message).not.toMatch(/Invalid input|Unrecognized key/);
  });

  test("a misspelt creep key on the scenario is suggested", () => {
    const error = budgetError(lines(...HEAD, "    crep:", "      latency.p95: +10%"));
    expect(error.message).toContain('scenarios[0].crep: unknown key "crep", did you mean "creep"?');
  });
});

describe("compare reads creep rules (uses: regression) without the rest's variables", () => {
  test("a creep rule is built while the headers' ${VAR} is unset", () => {
    const source = lines(
      "version: 1",
      "target: ${API_URL}",
      "defaults: { headers: { authorization: 'Bearer ${KEY}' } }",
      "scenarios:",
      "  - name: a",
      "    load: { duration: 1s }",
      "    creep: { latency.p95: +20% }",
    );
    const budget = parseBudget(source, { file: "b.yml", env: {}, uses: "regression" });
    expect(budget.scenarios[0]?.creep.map((r) => r.metric)).toEqual(["latency.p95"]);
  });
});
