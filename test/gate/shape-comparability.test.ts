/**
 * A baseline that ran another load shape is not comparable. The truth: a loopback server counts
 * what each run sent. A fixed 40/s for 2 s and a ramp 0 → 40/s over 2 s report the same rate (the
 * shape's peak), duration, connections and arrival, yet the server received 80 against 40
 * requests: comparing their rps or latency would gate a change in the load, not in the code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoadSpec, Scenario } from "../../src/budget/types.js";
import { loadDifferences } from "../../src/gate/comparability.js";
import { runScenario } from "../../src/load/run-scenario.js";
import { buildScenarioReport } from "../../src/report/build-report.js";
import type { MeasuredScenario } from "../../src/report/types.js";
import { startServer, type TestServer } from "../fixtures/servers.js";
import { makePlan } from "../load/plan.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ delayMs: 1 });
});
afterAll(async () => {
  await server.close();
});

/** One run of `load` against the server: its report and how many requests the server received. */
async function measure(load: Partial<LoadSpec>): Promise<{ report: MeasuredScenario; received: number }> {
  const before = server.stats.received;
  const plan = makePlan(server.url, { connections: 4, ratePerSec: 40, durationMs: 2000, ...load });
  const result = await runScenario(plan);
  const scenario: Scenario = {
    name: plan.name,
    line: 1,
    request: plan.request,
    load: plan.load,
    thresholds: [],
    regression: [],
    creep: [],
  };
  const report = buildScenarioReport(result, scenario, plan.url.href);
  return { report, received: server.stats.received - before };
}

describe("a baseline with another load shape (fixed 40/s for 2 s against a ramp 0 → 40/s over 2 s)", () => {
  it("is not comparable: the load shapes differ although rate, duration and connections match", async () => {
    const fixed = await measure({});
    const ramp = await measure({
      startRatePerSec: 0,
      stages: [{ name: "up", durationMs: 2000, ratePerSec: 40 }],
    });
    const shorter = await measure({
      startRatePerSec: 0,
      stages: [
        { name: "up", durationMs: 500, ratePerSec: 40 },
        { name: "hold", durationMs: 1500, ratePerSec: 40 },
      ],
    });
    // The truth: the server saw two different loads.
    expect(fixed.received).toBe(80);
    expect(Math.abs(ramp.received - 40)).toBeLessThanOrEqual(1);
    expect(Math.abs(shorter.received - 70)).toBeLessThanOrEqual(1);
    expect(fixed.report.load.rate).toBe(ramp.report.load.rate);
    expect(fixed.report.load.duration_ms).toBe(ramp.report.load.duration_ms);
    expect(loadDifferences(ramp.report, fixed.report)).toEqual([
      "load shape differs: baseline none, this run up 2000 ms → 40/s",
    ]);
    expect(loadDifferences(shorter.report, ramp.report)).toEqual([
      "load shape differs: baseline up 2000 ms → 40/s, this run up 500 ms → 40/s, hold 1500 ms → 40/s",
    ]);
    expect(loadDifferences(ramp.report, ramp.report)).toEqual([]);
    // Same stages from another start_rate: 20 → 40/s sends 60, not 40.
    const fromTwenty = await measure({
      startRatePerSec: 20,
      stages: [{ name: "up", durationMs: 2000, ratePerSec: 40 }],
    });
    expect(Math.abs(fromTwenty.received - 60)).toBeLessThanOrEqual(1);
    expect(loadDifferences(fromTwenty.report, ramp.report)).toEqual([
      "load shape differs: baseline up 2000 ms → 40/s, this run from 20/s: up 2000 ms → 40/s",
    ]);
  }, 20_000);
});
