/**
 * Per-stage stream metrics and goodput (issue 12 §1), and the per-second latency of a load
 * shape's timeline (§1 "the timeline … shows the stages"), against loopback servers whose timing
 * the test sets by the time each request arrives: the known truth each stage and each second is
 * held to.
 */
import { describe, expect, it } from "vitest";
import type { LoadSpec, StageSpec } from "../../src/budget/types.js";
import { startServer } from "../fixtures/servers.js";
import { type SseScript, startSseServer } from "../fixtures/sse-server.js";
import { useEngineHarness } from "./engine-harness.js";
import { makePlan } from "./plan.js";
import { makeStreamPlan } from "./stream-plan.js";

const h = useEngineHarness();

/** Two 2 s stages at 20/s (constant arrivals every 50 ms), named `calm` then `busy`. */
const STAGES: StageSpec[] = [
  { name: "calm", durationMs: 2000, ratePerSec: 20 },
  { name: "busy", durationMs: 2000, ratePerSec: 20 },
];

function shaped(stages: StageSpec[]): Partial<LoadSpec> {
  const durationMs = stages.reduce((n, s) => n + s.durationMs, 0);
  const peak = Math.max(...stages.map((s) => s.ratePerSec ?? 0));
  return { stages, durationMs, ratePerSec: peak, startRatePerSec: peak, connections: 16, warmupMs: 0 };
}

/**
 * A script by arrival: constant arrivals every 50 ms with no warm-up, so the k-th request to
 * arrive is the one due at k × 50 ms, and the first `switchAt` are those due before the stage
 * boundary. The arrival order, not the server's clock since the first arrival, which would start
 * late by however long the first connection took to open (a busy machine: tens of ms).
 */
function byArrival(switchAt: number, before: SseScript, after: SseScript): (index: number) => SseScript {
  return (index) => (index < switchAt ? before : after);
}

describe("per-stage stream metrics", () => {
  it("splits ttft by the stage each request was due in: calm 20 ms, busy 120 ms (p50 within ±10 ms), and goodput per stage", async () => {
    const tail = { chunks: 3, intervalMs: 5, usage: true };
    const server = h.serve(
      await startSseServer(
        byArrival(40, { ...tail, firstTokenDelayMs: 20 }, { ...tail, firstTokenDelayMs: 120 }),
      ),
    );
    const r = await h.run(makeStreamPlan(server.url, { load: shaped(STAGES), slo: { ttftMs: 80 } }));
    const [calm, busy] = r.stages ?? [];
    const p50 = (stage: typeof calm): number => (stage?.stream?.ttft.getValueAtPercentile(50) ?? 0) / 1000;
    expect(Math.abs(p50(calm) - 20)).toBeLessThanOrEqual(10);
    expect(Math.abs(p50(busy) - 120)).toBeLessThanOrEqual(10);
    // Every ok request's stream is filed in exactly one stage.
    expect(calm?.stream?.ttft.totalCount).toBe(calm?.requests.ok);
    expect(busy?.stream?.ttft.totalCount).toBe(busy?.requests.ok);
    expect((calm?.stream?.ttft.totalCount ?? 0) + (busy?.stream?.ttft.totalCount ?? 0)).toBe(
      r.stream?.ttft.totalCount,
    );
    expect(calm?.stream?.outputTokensTotal).toBe(3 * (calm?.requests.ok ?? 0));
    // 40 due in each stage; ttft ≤ 80 ms: every calm request is good (but for a send this busy
    // machine held back 60 ms, at most 2), and no busy one (ttft ≥ 120 ms, whatever the load).
    expect(calm?.requests.total).toBe(40);
    expect(calm?.goodRequests).toBeGreaterThanOrEqual((calm?.requests.ok ?? 0) - 2);
    expect(calm?.goodRequests).toBeLessThanOrEqual(calm?.requests.ok ?? 0);
    expect(busy?.goodRequests).toBe(0);
    expect(r.goodRequests).toBe((calm?.goodRequests ?? 0) + (busy?.goodRequests ?? 0));
  }, 20_000);
});

describe("the per-second latency of a load shape's timeline", () => {
  it("each second's p50 is the server's delay then (10 ms, then 60 ms once the second stage starts), and each point names its stage", async () => {
    const server = h.serve(await startServer({ delayMs: (sinceFirstMs) => (sinceFirstMs < 1987 ? 10 : 60) }));
    const stages: StageSpec[] = [
      { name: "low", durationMs: 2000, ratePerSec: 40 },
      { name: "high", durationMs: 2000, ratePerSec: 40 },
    ];
    const r = await h.run(makePlan(server.url, shaped(stages)));
    expect(r.timeline.map((p) => [p.t, p.stage])).toEqual([
      [0, "low"],
      [1, "low"],
      [2, "high"],
      [3, "high"],
    ]);
    const truth = [10, 10, 60, 60];
    for (const p of r.timeline) {
      const want = truth[p.t] ?? 0;
      // Due-time latency: the server's delay plus this client's own few hundred µs, never less.
      expect(p.latencyP50Ms).toBeGreaterThanOrEqual(want - 0.5);
      expect(p.latencyP50Ms).toBeLessThanOrEqual(want + 5);
      expect(p.latencyP95Ms ?? 0).toBeGreaterThanOrEqual(p.latencyP50Ms ?? 0);
      expect(p.latencyP99Ms ?? 0).toBeGreaterThanOrEqual(p.latencyP95Ms ?? 0);
    }
  }, 20_000);

  it("each stage's block has its own seconds as its timeline (regression: every stage read the first stage's seconds, so busy's per-second series was all zeros)", async () => {
    const server = h.serve(await startServer({ delayMs: 2 }));
    const r = await h.run(makePlan(server.url, shaped(STAGES)));
    const [calm, busy] = r.stages ?? [];
    // 20 due per second, each done 2 ms later: 20 completions in each of the stage's own seconds.
    expect(calm?.timeline.map((p) => [p.t, p.ok])).toEqual([
      [0, 20],
      [1, 20],
    ]);
    expect(busy?.timeline.map((p) => [p.t, p.ok])).toEqual([
      [0, 20],
      [1, 20],
    ]);
  }, 10_000);

  it("a plain scenario's timeline carries neither stage marks nor per-second latency", async () => {
    const server = h.serve(await startServer({ delayMs: 2 }));
    const r = await h.run(makePlan(server.url, { ratePerSec: 20, connections: 4, durationMs: 1000 }));
    expect(r.timeline.length).toBe(1);
    expect(Object.keys(r.timeline[0] ?? {}).sort()).toEqual(["errors", "ok", "t"]);
  }, 10_000);
});
