/**
 * Load shapes (issue 12 §1) against a server that timestamps every arrival (the known truth):
 * the open model's rate follows the stages' linear ramps, per second, and each stage's result
 * holds exactly the requests due in it; the closed model's loop count follows its stages.
 */
import { describe, expect, it } from "vitest";
import type { LoadSpec, StageSpec } from "../../src/budget/types.js";
import { startServer } from "../fixtures/servers.js";
import { useEngineHarness } from "./engine-harness.js";
import { makePlan } from "./plan.js";

const h = useEngineHarness();

function shaped(stages: StageSpec[], extra: Partial<LoadSpec> = {}): Partial<LoadSpec> {
  const durationMs = stages.reduce((n, s) => n + s.durationMs, 0);
  const peak = Math.max(extra.startRatePerSec ?? 0, ...stages.map((s) => s.ratePerSec ?? 0));
  return { stages, durationMs, ratePerSec: peak, connections: 32, ...extra };
}

/** Arrivals the server saw per whole second since the first one. */
function perSecond(arrivalsMs: readonly number[], seconds: number): number[] {
  const t0 = arrivalsMs[0] ?? 0;
  const counts = new Array<number>(seconds).fill(0);
  for (const t of arrivalsMs) {
    const s = Math.floor((t - t0) / 1000);
    if (s >= 0 && s < seconds) counts[s] = (counts[s] ?? 0) + 1;
  }
  return counts;
}

describe("open-model stages", () => {
  it("ramps 10 → 100/s over 5 s: each second's arrivals within 5 % (or 1) of the planned curve", async () => {
    const server = h.serve(await startServer({ delayMs: 2 }));
    const r = await h.run(
      makePlan(
        server.url,
        shaped([{ name: "up", durationMs: 5000, ratePerSec: 100 }], { startRatePerSec: 10 }),
      ),
    );
    // Λ(t) = 10 t + 9 t²: 19, 37, 55, 73, 91 due in seconds 0…4.
    const planned = [19, 37, 55, 73, 91];
    const seen = perSecond(server.stats.arrivalsMs, 5);
    seen.forEach((n, s) => {
      const want = planned[s] ?? 0;
      expect(Math.abs(n - want)).toBeLessThanOrEqual(Math.max(1, 0.05 * want));
    });
    expect(r.requests.due).toBe(275);
    expect(r.requests.total + r.requests.dropped).toBe(275);
    expect(r.stages?.map((s) => [s.name, s.requests.total])).toEqual([
      ["up", r.requests.ok + r.requests.failed],
    ]);
  }, 15_000);

  it("a step and a spike: each stage's result holds exactly the requests due in it", async () => {
    const server = h.serve(await startServer({ delayMs: 2 }));
    const stages: StageSpec[] = [
      { name: "hold", durationMs: 1000, ratePerSec: 50 },
      { name: "step", durationMs: 1, ratePerSec: 150 },
      { name: "high", durationMs: 999, ratePerSec: 150 },
      { name: "spike", durationMs: 500, ratePerSec: 400 },
    ];
    const r = await h.run(makePlan(server.url, shaped(stages, { startRatePerSec: 50 })));
    const byStage = Object.fromEntries((r.stages ?? []).map((s) => [s.name, s.requests.total]));
    // Λ over each stage: 50; 0.15 (the 1 ms step: ~0 arrivals); 150 × 0.999; (150 + 400) / 2 × 0.5.
    expect(byStage.hold).toBe(50);
    expect((byStage.step ?? 0) + (byStage.high ?? 0)).toBe(150);
    expect(byStage.spike).toBeGreaterThanOrEqual(137);
    expect(byStage.spike).toBeLessThanOrEqual(138);
    expect(server.stats.received).toBe(r.requests.total);
  }, 15_000);
});

describe("closed-model stages", () => {
  it("moves the loop count to each stage's connections: the server sees at most that many at once", async () => {
    const server = h.serve(await startServer({ delayMs: 20 }));
    const stages: StageSpec[] = [
      { name: "few", durationMs: 600, connections: 2 },
      { name: "many", durationMs: 600, connections: 8 },
    ];
    const r = await h.run(makePlan(server.url, { stages, durationMs: 1200, connections: 8 }));
    expect(server.stats.maxInFlight).toBeLessThanOrEqual(8);
    expect(server.stats.maxInFlight).toBeGreaterThanOrEqual(6);
    const [few, many] = r.stages ?? [];
    // 20 ms requests: a loop does ~50/s. The ramp 1 → 2 then 2 → 8 gives far more in the second stage.
    expect(many?.requests.total ?? 0).toBeGreaterThan(2 * (few?.requests.total ?? 0));
  }, 15_000);
});

describe("a load shape stopped mid-way", () => {
  it("a stop at 400 ms of 600 + 600 ms: the first stage ran ~400 ms, the second 0 ms (both reported their planned 600 ms)", async () => {
    const server = h.serve(await startServer({ delayMs: 2 }));
    const stages: StageSpec[] = [
      { name: "a", durationMs: 600, ratePerSec: 100 },
      { name: "b", durationMs: 600, ratePerSec: 100 },
    ];
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), 400);
    const r = await h.run(makePlan(server.url, shaped(stages, { warmupMs: 0, connections: 8 })), {
      signal: stop.signal,
    });
    clearTimeout(timer);
    expect(r.incomplete).toBe(true);
    const [a, b] = r.stages ?? [];
    expect(a?.measuredDurationMs).toBeCloseTo(r.measuredDurationMs, 6);
    expect(a?.measuredDurationMs ?? 0).toBeLessThan(600);
    expect(b?.measuredDurationMs).toBe(0);
    expect(b?.requests.total).toBe(0);
  }, 15_000);
});
