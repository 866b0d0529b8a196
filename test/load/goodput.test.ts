import { describe, expect, it } from "vitest";
import { SloCheck } from "../../src/load/goodput.js";
import { startServer } from "../fixtures/servers.js";
import { startSseServer } from "../fixtures/sse-server.js";
import { useEngineHarness } from "./engine-harness.js";
import { makePlan } from "./plan.js";
import { makeStreamPlan } from "./stream-plan.js";

const h = useEngineHarness();

/** How many of the requests 0…n−1 satisfy `good`. */
function countGood(n: number, good: (index: number) => boolean): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (good(i)) count++;
  return count;
}

describe("SloCheck", () => {
  const us = 1000;
  it.each([
    [
      "every objective met",
      { latencyMs: 100, ttftMs: 50, tpotMs: 10 },
      [100 * us, 1, 50 * us, 10 * us],
      true,
    ],
    ["latency over by 1 µs", { latencyMs: 100 }, [100 * us + 1, 1, -1, -1], false],
    ["ttfb over", { ttfbMs: 5 }, [10 * us, 6 * us, -1, -1], false],
    ["ttft over", { ttftMs: 50 }, [100 * us, 1, 51 * us, -1], false],
    ["no content misses a ttft objective", { ttftMs: 50 }, [10 * us, 1, -1, -1], false],
    ["no content is fine without one", { latencyMs: 50 }, [10 * us, 1, -1, -1], true],
    ["tpot over", { tpotMs: 10 }, [100 * us, 1, 5 * us, 11 * us], false],
    ["one token has no tpot: met", { tpotMs: 10 }, [100 * us, 1, 5 * us, -1], true],
    ["an empty slo is always met", {}, [1e9, 1e9, -1, -1], true],
  ] as const)("%s", (_name, slo, [latencyUs, ttfbUs, ttftUs, tpotUs], good) => {
    expect(new SloCheck({ ...slo, line: 1 }).meets(latencyUs, ttfbUs, ttftUs, tpotUs)).toBe(good);
  });
});

describe("goodput", () => {
  it("counts exactly the requests that met the ttft objective (every 4th is slow)", async () => {
    // Requests 3, 7, 11, … send their first token after 300 ms, the others after 20 ms.
    const slow = (i: number): boolean => i % 4 === 3;
    const server = h.serve(
      await startSseServer((i) => ({
        firstTokenDelayMs: slow(i) ? 300 : 20,
        chunks: 3,
        intervalMs: 5,
      })),
    );
    const r = await h.run(makeStreamPlan(server.url, { load: { durationMs: 1200 }, slo: { ttftMs: 150 } }));
    // One closed loop: the server's request index is the request's place in the run.
    expect(r.requests.failed).toBe(0);
    expect(r.requests.ok).toBe(server.stats.received);
    expect(r.requests.ok).toBeGreaterThanOrEqual(8);
    expect(r.goodRequests).toBe(countGood(r.requests.ok, (i) => !slow(i)));
    expect(r.timeline.reduce((s, p) => s + (p.good ?? 0), 0)).toBe(r.goodRequests);
  });

  it("applies to a scenario that does not stream: latency and ttfb objectives", async () => {
    // Even requests answer at once, odd ones after 40 ms; the slo allows 20 ms.
    const server = h.serve(await startServer({ delayMs: (_since, i) => (i % 2 === 1 ? 40 : 0) }));
    const plan = {
      ...makePlan(server.url, { durationMs: 500 }),
      slo: { latencyMs: 20, ttfbMs: 20, line: 1 },
    };
    const r = await h.run(plan);
    expect(r.stream).toBeUndefined();
    expect(r.requests.ok).toBe(server.stats.received);
    expect(r.goodRequests).toBe(countGood(r.requests.ok, (i) => i % 2 === 0));
    expect(r.timeline.reduce((s, p) => s + (p.good ?? 0), 0)).toBe(r.goodRequests);
  });

  it("counts only ok requests, and is absent without an slo", async () => {
    const server = h.serve(await startServer({ status: [200, 500] }));
    const plan = { ...makePlan(server.url, { durationMs: 300 }), slo: { latencyMs: 1000, line: 1 } };
    let result = await h.run(plan);
    expect(result.requests.failed).toBeGreaterThan(0);
    expect(result.goodRequests).toBe(result.requests.ok);
    result = await h.run(makePlan(server.url, { durationMs: 100 }));
    expect(result.goodRequests).toBeUndefined();
    expect(result.timeline.every((p) => p.good === undefined && p.outputTokens === undefined)).toBe(true);
  });
});
