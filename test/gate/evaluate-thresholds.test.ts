import { beforeAll, describe, expect, it } from "vitest";
import type { ThresholdOp } from "../../src/budget/types.js";
import { compare, evaluateThresholds, verdictOf } from "../../src/gate/evaluate-thresholds.js";
import type { MeasuredScenario } from "../../src/gate/metric-value.js";
import { buildScenarioReport } from "../../src/report/build-report.js";
import type { Check } from "../../src/report/types.js";
import { makeResult, makeScenario, range, threshold } from "../report/fixtures.js";

let base: MeasuredScenario;
beforeAll(async () => {
  const result = await makeResult({ latencyMs: range(1, 100), measuredDurationMs: 1_000 });
  base = buildScenarioReport(result, makeScenario(), "http://127.0.0.1:1/");
});

describe("compare", () => {
  // actual op limit, for each operator below, at and above the limit.
  it.each<[number, ThresholdOp, number, boolean]>([
    [39, "<=", 40, true],
    [40, "<=", 40, true],
    [41, "<=", 40, false],
    [39, "<", 40, true],
    [40, "<", 40, false],
    [41, "<", 40, false],
    [39, ">=", 40, false],
    [40, ">=", 40, true],
    [41, ">=", 40, true],
    [39, ">", 40, false],
    [40, ">", 40, false],
    [41, ">", 40, true],
    [0, "<=", 0, true],
    [0, "<", 0, false],
  ])("%f %s %f is %s", (actual, op, limit, expected) => {
    expect(compare(actual, op, limit)).toBe(expected);
  });

  it("treats last-bit float noise at the boundary as equality", () => {
    // 7 failures in 1000 vs a limit parsed as 0.7 × 0.01: the same 0.7%, different doubles.
    const actual = 7 / 1000;
    const limit = 0.7 * 0.01;
    expect(actual).not.toBe(limit);
    expect(compare(actual, "<=", limit)).toBe(true);
    expect(compare(actual, "<", limit)).toBe(false);
    // A real difference is still a difference.
    expect(compare(0.0071, "<=", 0.007)).toBe(false);
  });
});

describe("evaluateThresholds", () => {
  it.each<[string, Partial<MeasuredScenario>, ThresholdOp, number, boolean]>([
    ["error_rate", { error_rate: 0.005 }, "<=", 0.01, true],
    ["error_rate", { error_rate: 0.02 }, "<=", 0.01, false],
    ["error_rate", { error_rate: 0.01 }, "<=", 0.01, true],
    // rps is higher-is-better: the budget writes ">= 40".
    ["rps", { rps: 40.1 }, ">=", 40, true],
    ["rps", { rps: 40 }, ">=", 40, true],
    ["rps", { rps: 39.9 }, ">=", 40, false],
    ["rps", { rps: 40 }, ">", 40, false],
    ["requests.dropped", {}, "<=", 0, true],
    ["requests.ok", {}, ">=", 100, true],
    ["requests.ok", {}, ">", 100, false],
  ])("%s with %o %s %f passes: %s", (metric, override, op, limit, pass) => {
    const [check] = evaluateThresholds({ ...base, ...override }, [threshold(metric, op, limit)]);
    expect(check?.pass).toBe(pass);
  });

  it("reads latency in ms from the report (1..100 ms: p95 ≈ 95)", () => {
    const checks = evaluateThresholds(base, [
      threshold("latency.p95", "<=", 96, "96ms"),
      threshold("latency.p95", "<=", 94, "94ms"),
    ]);
    expect(checks.map((c) => c.pass)).toEqual([true, false]);
    expect(checks[0]?.actual).toBeCloseTo(95, 0);
  });

  it.each<ThresholdOp>(["<=", "<", ">=", ">"])(
    "fails a check with no data whatever the operator (%s)",
    (op) => {
      const noOk: MeasuredScenario = { ...base, latency: { ...base.latency, count: 0 } };
      const [check] = evaluateThresholds(noOk, [threshold("latency.p95", op, 500)]);
      expect(check).toMatchObject({ actual: null, pass: false });
    },
  );

  it("carries metric, op, limit, source and line into each check, in budget order", () => {
    const checks = evaluateThresholds(base, [
      threshold("rps", ">=", 40, ">= 40", 17),
      threshold("error_rate", "<=", 0.01, "1%", 18),
    ]);
    expect(checks).toEqual([
      { metric: "rps", op: ">=", limit: 40, source: ">= 40", actual: 100, pass: true, line: 17 },
      { metric: "error_rate", op: "<=", limit: 0.01, source: "1%", actual: 0, pass: true, line: 18 },
    ]);
  });
});

describe("verdictOf", () => {
  const check = (pass: boolean): Check => ({
    metric: "rps",
    op: ">=",
    limit: 1,
    source: "1",
    actual: 2,
    pass,
    line: 1,
  });
  it.each<[boolean[], string]>([
    [[], "pass"],
    [[true, true], "pass"],
    [[true, false], "fail"],
    [[false], "fail"],
  ])("%o → %s", (passes, verdict) => {
    expect(verdictOf(passes.map(check))).toBe(verdict);
  });
});
