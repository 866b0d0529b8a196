import { describe, expect, it } from "vitest";
import { scheduleOffsetsMs } from "../../src/load/schedule.js";
import { startServer } from "../fixtures/servers.js";
import { useEngineHarness } from "./engine-harness.js";
import { makePlan, sum } from "./plan.js";

const ms = (us: number): number => us / 1000;
const h = useEngineHarness();

describe("open model", () => {
  it("keeps a constant 200/s schedule: 400 requests in 2 s, achieved rate within 3 %", async () => {
    const server = h.serve(await startServer());
    const r = await h.run(makePlan(server.url, { ratePerSec: 200, connections: 4, durationMs: 2000 }));
    // The schedule has exactly 400 arrivals due in [0, 2 s); a fast server leaves none queued.
    expect(r.model).toBe("open");
    expect(r.requests).toEqual({
      total: 400,
      ok: 400,
      failed: 0,
      dropped: 0,
      droppedQueueFull: 0,
      droppedAtEnd: 0,
      due: 400,
    });
    const rps = (r.requests.ok * 1000) / r.measuredDurationMs;
    expect(Math.abs(rps - 200) / 200).toBeLessThan(0.03);
    // Truth from the server's side: the span of the arrivals it saw.
    const a = server.stats.arrivalsMs;
    const serverRate = ((a.length - 1) * 1000) / ((a.at(-1) as number) - (a[0] as number));
    expect(Math.abs(serverRate - 200) / 200).toBeLessThan(0.03);
    for (const point of r.timeline) expect(Math.abs(point.ok - 200)).toBeLessThanOrEqual(6);
    // Requests leave on time: the client queue stays under 2 ms at p90 on a shared 2-core box.
    expect(ms(r.queueTime.getValueAtPercentile(90))).toBeLessThan(2);
  });

  it("measures a fixed 20 ms delay at 100/s as p50 within 20.0–21.5 ms", async () => {
    const server = h.serve(await startServer({ delayMs: 20 }));
    const result = await h.run(makePlan(server.url, { ratePerSec: 100, connections: 8, durationMs: 2000 }));
    const p50 = ms(result.latency.getValueAtPercentile(50));
    expect(result.requests.ok).toBe(200);
    expect(p50).toBeGreaterThanOrEqual(20.0);
    expect(p50).toBeLessThanOrEqual(21.5);
    expect(ms(result.latency.minNonZeroValue)).toBeGreaterThanOrEqual(20.0);
  });

  it("sees a 1 s server freeze in the due-time latency (no coordinated omission)", async () => {
    // 200/s over 4 connections for 3 s; the server holds every request for 1 s from 1 s in.
    const server = h.serve(await startServer({ freeze: { atMs: 1000, forMs: 1000 } }));
    const r = await h.run(makePlan(server.url, { ratePerSec: 200, connections: 4, durationMs: 3000 }));
    expect(r.requests).toEqual({
      total: 600,
      ok: 600,
      failed: 0,
      dropped: 0,
      droppedQueueFull: 0,
      droppedAtEnd: 0,
      due: 600,
    });
    // ~200 arrivals waited for the freeze to end, 30 of them (5 %) for more than 850 ms.
    expect(ms(r.latency.getValueAtPercentile(99))).toBeGreaterThanOrEqual(850);
    expect(ms(r.latency.maxValue)).toBeLessThan(1200);
    // Sent-to-answered, only the 4 requests caught on the wire (< 1 %) saw the freeze.
    const uncorrectedP99 = ms(r.latencyUncorrected.getValueAtPercentile(99));
    expect(uncorrectedP99).toBeLessThan(50);
    expect(ms(r.latencyUncorrected.maxValue)).toBeGreaterThan(850);
    // The wait happened in the client queue, and the queue shows it.
    expect(ms(r.queueTime.maxValue)).toBeGreaterThan(850);
    expect(ms(r.queueTime.getValueAtPercentile(50))).toBeLessThan(5);
  });

  it("continues the schedule seamlessly from warm-up into the measured phase", async () => {
    const server = h.serve(await startServer());
    const result = await h.run(
      makePlan(server.url, { ratePerSec: 200, connections: 2, warmupMs: 500, durationMs: 1000 }),
    );
    expect(result.warmupRequests).toBe(100);
    expect(result.requests.total).toBe(200);
    expect(server.stats.received).toBe(300);
    expect(result.latency.totalCount).toBe(200);
  });

  it("accounts for every arrival when the server hangs: timeouts (sent or expired in the queue) and drops", async () => {
    const server = h.serve(await startServer({ fault: "hang" }));
    const started = performance.now();
    const r = await h.run(
      makePlan(server.url, { ratePerSec: 100, connections: 1, durationMs: 1000 }, { timeoutMs: 300 }),
    );
    expect(performance.now() - started).toBeLessThan(1700);
    expect(r.requests.ok).toBe(0);
    expect(r.requests.total).toBe(r.requests.failed);
    expect(r.errors).toEqual({ timeout: r.requests.failed });
    // Arrivals due in the last 300 ms had not timed out yet when the phase ended: dropped, not sent.
    expect(r.requests.total + r.requests.dropped).toBe(100);
    expect(r.requests.dropped).toBeGreaterThan(20);
    // A timeout is counted at its deadline (±1 sweep of 15 ms), from the due time.
    expect(ms(r.latencyFailed.getValueAtPercentile(50))).toBeGreaterThanOrEqual(299);
    expect(ms(r.latencyFailed.maxValue)).toBeLessThan(340);
  });

  it("counts every due arrival: total + dropped equals the schedule at 20,000/s (it lost 13–31 of 40,000)", async () => {
    const server = h.serve(await startServer());
    const r = await h.run(makePlan(server.url, { ratePerSec: 20_000, connections: 64, durationMs: 2000 }));
    const q = r.requests;
    // Constant: offsets i × 0.05 ms in [0, 2000): exactly 40,000.
    expect(q.due).toBe(40_000);
    expect(q.total + q.dropped).toBe(40_000);
    expect(q.dropped).toBe(q.droppedQueueFull + q.droppedAtEnd);
    expect(q.total).toBe(q.ok + q.failed);
  });

  it("counts every due arrival of a seeded Poisson schedule at 20,000/s: due is the schedule's own count", async () => {
    const server = h.serve(await startServer());
    const r = await h.run(
      makePlan(server.url, {
        ratePerSec: 20_000,
        arrival: "poisson",
        seed: 7,
        connections: 64,
        warmupMs: 200,
        durationMs: 2000,
      }),
    );
    // The truth: the schedule's offsets in [warm-up, warm-up + duration), counted independently.
    const offsets = scheduleOffsetsMs(20_000, "poisson", 7, 50_000);
    const due = offsets.filter((o) => o >= 200 && o < 2200).length;
    expect(offsets.at(-1)).toBeGreaterThan(2200);
    expect(r.requests.due).toBe(due);
    expect(r.requests.total + r.requests.dropped).toBe(due);
  });

  it("names why arrivals were dropped: queue full when due vs still queued at the end", async () => {
    // 1 connection, a 100 ms server, 100/s for 1 s: ~10 can be sent; the queue (10 s of arrivals,
    // 1000) never fills, so every other arrival is still queued when the phase ends.
    const slow = h.serve(await startServer({ delayMs: 100 }));
    const atEnd = await h.run(makePlan(slow.url, { ratePerSec: 100, connections: 1, durationMs: 1000 }));
    expect(atEnd.requests.droppedQueueFull).toBe(0);
    expect(atEnd.requests.droppedAtEnd).toBeGreaterThan(80);
    expect(atEnd.requests.total + atEnd.requests.dropped).toBe(100);
    // 1,000,000/s for 1.5 s on 1 connection to a server that hangs: one request is sent, the queue
    // (capped at a million) fills, and the remaining 499,999 find it full when they are due.
    const hang = h.serve(await startServer({ fault: "hang" }));
    const full = await h.run(
      makePlan(hang.url, { ratePerSec: 1e6, connections: 1, durationMs: 1500 }, { timeoutMs: 2000 }),
    );
    expect(full.requests).toEqual({
      total: 1,
      ok: 0,
      failed: 1,
      dropped: 1_499_999,
      droppedQueueFull: 499_999,
      droppedAtEnd: 1_000_000,
      due: 1_500_000,
    });
  });

  it("runs a seeded Poisson schedule at the asked mean rate", async () => {
    const server = h.serve(await startServer());
    const result = await h.run(
      makePlan(server.url, {
        ratePerSec: 300,
        arrival: "poisson",
        seed: 9,
        connections: 4,
        durationMs: 1000,
      }),
    );
    expect(sum(result.status)).toBe(result.requests.ok);
    // Poisson count over 1 s at 300/s: σ = √300 ≈ 17; ±70 is > 4 σ.
    expect(Math.abs(result.requests.total - 300)).toBeLessThan(70);
    expect(result.requests.failed).toBe(0);
  });
});
