/**
 * `creep: { capacity: -10% }` (issue 12 §2): judged like the regression rule, on the brackets of
 * this run's search against the OLDEST baseline's search of the history window. Hand-built
 * reports whose brackets are the known truth.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateGate } from "../../src/gate/evaluate-gate.js";
import type { GateInput } from "../../src/gate/types.js";
import type { Report, ScenarioReport } from "../../src/report/types.js";
import { capacityStep, reportOf, rule, scenarioReport } from "./gate-fixtures.js";

let plain: ScenarioReport;
beforeAll(async () => {
  plain = await scenarioReport({ latencyMs: [10, 11, 12], load: { ratePerSec: 100 } });
});

/** One run of the scenario "chat": its search met `good` and broke at `bad`, reported at `good`. */
function run(good: number, bad: number): Report {
  return reportOf([
    {
      ...plain,
      load: { ...plain.load, rate: good },
      capacity: good,
      capacity_search: {
        from_rate: 10,
        to_rate: 1000,
        step_ms: 1000,
        slo: [{ metric: "latency.p95", op: "<=", limit: 50, source: "50ms" }],
        steps: [capacityStep(good, true), capacityStep(bad, false)],
        stopped_by: "slo",
        reason: "",
      },
    },
  ]);
}

/** The gate over `head` with the newest baseline first, then older ones, newest first. */
function gateOf(head: Report, baselines: readonly Report[]) {
  const [newest, ...older] = baselines;
  const input: GateInput = {
    head,
    thresholds: new Map(),
    baseline: newest ?? null,
    baselineSource: null,
    rules: new Map([["chat", [rule("capacity", { maxRelative: 0.1 })]]]),
    history: older,
    creep: new Map([["chat", [rule("capacity", { maxRelative: 0.1 }, 31)]]]),
    failOn: "any",
  };
  return evaluateGate(input);
}

describe("creep: { capacity: -10% }", () => {
  it("fails a slow creep 100 → 95 → 90 → 86 → 82 (older searches at other capacities were left out of the window as another load)", () => {
    // Each run is within 10 % of the one before (regression passes); the oldest is 100/s, and
    // this run's first failing rate 84/s is below its line 90/s: a creep beyond doubt.
    const gate = gateOf(run(82, 84), [run(86, 88), run(90, 92), run(95, 98), run(100, 105)]);
    const comparison = gate.scenarios[0]?.comparison;
    expect(comparison?.checks[0]).toMatchObject({ metric: "capacity", status: "pass", baseline: 86 });
    expect(comparison?.creep[0]).toMatchObject({
      metric: "capacity",
      status: "regression",
      baseline: 100,
      actual: 82,
      line: 31,
    });
    expect(comparison?.creep[0]?.note).toContain("below 90/s");
    // The creep counts as a regression of the run (the hand-built reports' load is not trusted, so
    // the verdict itself is not the point here).
    expect(gate.regressions).toBe(1);
  });

  it("passes when the oldest baseline's capacity is held: 100 → 98 → this run 100", () => {
    const gate = gateOf(run(100, 105), [run(98, 103), run(100, 105)]);
    expect(gate.scenarios[0]?.comparison?.creep[0]).toMatchObject({ status: "pass", baseline: 100 });
  });

  it("lists the capacities of the window, oldest first, in the trend", () => {
    const gate = gateOf(run(82, 84), [run(86, 88), run(90, 92), run(100, 105)]);
    const trend = gate.scenarios[0]?.comparison?.trend.find((t) => t.metric === "capacity");
    expect(trend?.baselines).toEqual([100, 90, 86]);
    expect(trend?.actual).toBe(82);
  });
});
