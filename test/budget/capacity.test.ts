/**
 * Issue 12 §2: `load.capacity` ({ rate: { from, to }, step, slo }) and the `capacity` metric, with
 * located errors for every way to get them wrong.
 */
import { describe, expect, test } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import { budgetError, lines } from "./helpers.js";

const budget = (load: string, extra: string[] = [], head: string[] = []) =>
  lines(
    "version: 1",
    "target: http://127.0.0.1:8080",
    ...head,
    "scenarios:",
    "  - name: knee",
    "    load:",
    "      connections: 64",
    `      ${load}`,
    ...extra,
  );

const ISSUE = budget(
  "capacity: { rate: { from: 10, to: 1000 }, step: 5s, slo: { latency.p95: 50ms, error_rate: 1% } }",
  ['    thresholds: { capacity: ">= 40" }', "    regression: { capacity: -10% }"],
);

const parse = (source: string) => parseBudget(source, { file: "perf-budget.yml", env: {} });

describe("load.capacity", () => {
  test("the issue's knee scenario parses to CapacitySpec, capacity threshold and regression rule", () => {
    const scenario = parse(ISSUE).scenarios[0];
    expect(scenario?.load.capacity).toEqual({
      fromRate: 10,
      toRate: 1000,
      stepMs: 5000,
      slo: [
        { metric: "latency.p95", op: "<=", limit: 50, source: "50ms", line: 7 },
        { metric: "error_rate", op: "<=", limit: 0.01, source: "1%", line: 7 },
      ],
    });
    expect(scenario?.load.ratePerSec).toBeUndefined();
    expect(scenario?.load.durationMs).toBe(5000);
    expect(scenario?.thresholds).toMatchObject([{ metric: "capacity", op: ">=", limit: 40 }]);
    expect(scenario?.regression).toMatchObject([{ metric: "capacity", maxRelative: 0.1 }]);
  });

  test.each([
    [
      "rate: 50",
      "capacity: { rate: { from: 10, to: 100 }, step: 5s, slo: { latency.p95: 50ms } }",
      "rate and capacity exclude each other",
    ],
  ])("rejects %s beside capacity", (rate, capacity, message) => {
    const error = budgetError(budget(rate, [`      ${capacity}`]));
    expect(error.message).toContain("perf-budget.yml:7:");
    expect(error.message).toContain("scenarios[0].load.rate");
    expect(error.message).toContain(message);
  });

  test.each([
    [
      "to not above from",
      "{ rate: { from: 100, to: 100 }, step: 5s, slo: { latency.p95: 50ms } }",
      "load.capacity.rate.to",
      "expected to above from",
    ],
    [
      "from 0",
      "{ rate: { from: 0, to: 100 }, step: 5s, slo: { latency.p95: 50ms } }",
      "load.capacity.rate.from",
      "above 0",
    ],
    [
      "to over the engine's bound",
      "{ rate: { from: 1, to: 1000000 }, step: 5s, slo: { latency.p95: 50ms } }",
      "load.capacity.rate.to",
      "100,000",
    ],
    [
      "a step under 1s",
      "{ rate: { from: 1, to: 10 }, step: 500ms, slo: { latency.p95: 50ms } }",
      "load.capacity.step",
      "at least 1s",
    ],
    [
      "an empty slo",
      "{ rate: { from: 1, to: 10 }, step: 5s, slo: {} }",
      "load.capacity.slo",
      "at least one objective",
    ],
    [
      "a misspelt objective",
      "{ rate: { from: 1, to: 10 }, step: 5s, slo: { latency.p59: 50ms } }",
      "load.capacity.slo",
      'did you mean "latency.p95"',
    ],
    [
      "an objective in the wrong unit",
      "{ rate: { from: 1, to: 10 }, step: 5s, slo: { latency.p95: 5% } }",
      "load.capacity.slo.latency.p95",
      'expected a duration like "250ms"',
    ],
    ["no slo", "{ rate: { from: 1, to: 10 }, step: 5s }", "load.capacity", 'missing required key "slo"'],
  ])("rejects %s, located", (_what, capacity, path, message) => {
    const error = budgetError(budget(`capacity: ${capacity}`));
    expect(error.message).toContain(`scenarios[0].${path}`);
    expect(error.message).toContain(message);
  });

  test("without capacity, duration is still required", () => {
    const error = budgetError(budget("rate: 10"));
    expect(error.message).toContain('missing required key "duration"');
  });

  test("capacity beside baseline_target parses: both targets are searched side by side", () => {
    const source = budget(
      "capacity: { rate: { from: 10, to: 100 }, step: 5s, slo: { latency.p95: 50ms } }",
      [],
      ["baseline_target: http://127.0.0.1:8081"],
    );
    const parsed = parseBudget(source, { file: "perf-budget.yml", env: {} });
    expect(parsed.baselineTarget).toBe("http://127.0.0.1:8081");
    expect(parsed.scenarios[0]?.load.capacity).toMatchObject({ fromRate: 10, toRate: 100, stepMs: 5000 });
  });

  test.each([
    ["thresholds", '{ capacity: ">= 40" }'],
    ["regression", "{ capacity: -10% }"],
  ])("capacity in %s needs load.capacity", (section, map) => {
    const error = budgetError(budget("rate: 10", ["      duration: 5s", `    ${section}: ${map}`]));
    expect(error.message).toContain(`scenarios[0].${section}.capacity`);
    expect(error.message).toContain("capacity is the result of a capacity search: add load.capacity");
  });

  test("capacity is higher-is-better: a bare limit asks for the operator", () => {
    const error = budgetError(
      budget("capacity: { rate: { from: 10, to: 100 }, step: 5s, slo: { latency.p95: 50ms } }", [
        "    thresholds: { capacity: 40 }",
      ]),
    );
    expect(error.message).toContain('capacity is higher-is-better: write the operator, e.g. ">= 40"');
  });
});

describe("load.capacity.slo objectives the request cannot produce", () => {
  test("ttft.p95 on a request that does not stream is refused at the objective, with the fix", () => {
    const error = budgetError(
      budget(
        "capacity: { rate: { from: 10, to: 100 }, step: 5s, slo: { latency.p95: 50ms, ttft.p95: 400ms } }",
      ),
    );
    expect(error.message).toContain(
      "perf-budget.yml:7:84 scenarios[0].load.capacity.slo.ttft.p95: ttft.p95 needs a streamed response, and no step of this search would have it: set request.stream: openai (or sse) in this scenario, or use a latency objective (latency.p95)",
    );
  });

  test("goodput without a scenario slo is refused at the objective", () => {
    const error = budgetError(
      budget("capacity: { rate: { from: 10, to: 100 }, step: 5s, slo: { goodput: '>= 10' } }"),
    );
    expect(error.message).toContain(
      "scenarios[0].load.capacity.slo.goodput: goodput counts requests that meet every slo objective: add slo: { latency: 2s, … } to this scenario",
    );
  });

  test("ttft.p95 on a streamed request is accepted", () => {
    const source = lines(
      "version: 1",
      "target: http://127.0.0.1:8080",
      "scenarios:",
      "  - name: knee",
      "    request:",
      "      method: POST",
      "      path: /v1/chat/completions",
      "      stream: sse",
      "    load:",
      "      connections: 8",
      "      capacity: { rate: { from: 1, to: 10 }, step: 5s, slo: { ttft.p95: 400ms } }",
    );
    expect(parse(source).scenarios[0]?.load.capacity?.slo.map((o) => o.metric)).toEqual(["ttft.p95"]);
  });
});
