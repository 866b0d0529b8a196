import { describe, expect, it } from "vitest";
import type { LiveProgress } from "../../src/load/types.js";
import type { ScenarioResult, StreamResult } from "../../src/metrics/types.js";
import { startSseServer } from "../fixtures/sse-server.js";
import { useEngineHarness } from "./engine-harness.js";
import { makeStreamPlan } from "./stream-plan.js";

/** µs (or thousandths of a token) → ms (or tokens). */
const unit = (thousandths: number): number => thousandths / 1000;
const h = useEngineHarness();

function streamOf(r: ScenarioResult): StreamResult {
  expect(r.stream).toBeDefined();
  return r.stream as StreamResult;
}

describe("stream timing against a server with known timing", () => {
  it("TTFT, ITL, TPOT and exact usage tokens at 20 req/s (open model)", async () => {
    // First token 200 ms after the request, then 9 more at 20 ms: latency ≈ 380 ms.
    const server = h.serve(
      await startSseServer({ firstTokenDelayMs: 200, chunks: 10, intervalMs: 20, usage: true }),
    );
    const r = await h.run(
      makeStreamPlan(server.url, { load: { ratePerSec: 20, connections: 16, durationMs: 2000 } }),
    );
    const s = streamOf(r);
    expect(r.requests.failed).toBe(0);
    expect(r.requests.ok).toBeGreaterThanOrEqual(38);
    expect(s.format).toBe("openai");
    // Headers leave at once; TTFT p50 within 5 ms of the scripted 200 ms, p90 within 10 ms (the
    // machine is shared: a rare outlier is the generator's, not the server's).
    expect(unit(r.ttfb?.getValueAtPercentile(50) ?? Number.NaN)).toBeLessThan(3);
    expect(unit(s.ttft.minNonZeroValue)).toBeGreaterThanOrEqual(200);
    expect(unit(s.ttft.getValueAtPercentile(50))).toBeLessThan(205);
    expect(unit(s.ttft.getValueAtPercentile(90))).toBeLessThan(210);
    expect(s.ttft.totalCount).toBe(r.requests.ok);
    // 9 gaps per request, each 20 ms: p50 within 2 ms.
    expect(s.itl.totalCount).toBe(9 * r.requests.ok);
    expect(Math.abs(unit(s.itl.getValueAtPercentile(50)) - 20)).toBeLessThan(2);
    // tpot = (latency − ttft) / (10 − 1) = 180 / 9 = 20 ms.
    expect(s.tpot.totalCount).toBe(r.requests.ok);
    expect(Math.abs(unit(s.tpot.getValueAtPercentile(50)) - 20)).toBeLessThan(2);
    // Usage is exact: 10 tokens, 12 prompt tokens, every request (the histograms hold values to
    // 3 significant digits; the total is exact).
    expect(s.outputTokensTotal).toBe(10 * r.requests.ok);
    expect(unit(s.outputTokens.minNonZeroValue)).toBeCloseTo(10, 1);
    expect(unit(s.outputTokens.maxValue)).toBeCloseTo(10, 1);
    expect(unit(s.promptTokens.getValueAtPercentile(50))).toBeCloseTo(12, 1);
    expect(s.promptTokens.totalCount).toBe(r.requests.ok);
    expect(s.requestsWithUsage).toBe(r.requests.ok);
    expect(s.requestsEstimated).toBe(0);
    expect(s.streamsWithoutDone).toBe(0);
    // 10 tokens in ≈ 0.38 s ≈ 26.3 tokens/s, within 5 %.
    const latencyS = unit(r.latency.getValueAtPercentile(50)) / 1000;
    expect(unit(s.requestOutputTps.getValueAtPercentile(50)) / (10 / latencyS)).toBeCloseTo(1, 1);
    // The timeline and the window hold the tokens of requests completed inside the window; the
    // total also holds those of the drain (~380 ms of 20 req/s: ~7 requests of 10 tokens).
    expect(r.timeline.reduce((sum, p) => sum + (p.outputTokens ?? 0), 0)).toBe(r.window.outputTokens);
    expect(r.window.outputTokens).toBe(10 * r.window.ok);
    expect(s.outputTokensTotal - r.window.outputTokens).toBeGreaterThanOrEqual(50);
    expect(s.outputTokensTotal - r.window.outputTokens).toBeLessThanOrEqual(90);
    expect(r.goodRequests).toBeUndefined();
    expect(r.errorSamples).toEqual([]);
  });

  it("the live line's TTFT p95 follows the server's first-token delay (100 ms)", async () => {
    const server = h.serve(await startSseServer({ firstTokenDelayMs: 100, chunks: 3, intervalMs: 5 }));
    const seen: LiveProgress[] = [];
    await h.run(makeStreamPlan(server.url, { load: { connections: 2, durationMs: 800 } }), {
      onProgress: (p) => seen.push(p),
      progressIntervalMs: 100,
    });
    const last = seen.filter((p) => p.phase === "measure").at(-1);
    expect(last?.ok).toBeGreaterThan(0);
    expect(last?.ttftP95Ms).toBeGreaterThanOrEqual(100);
    expect(last?.ttftP95Ms).toBeLessThan(110);
    // Before the first token arrives the live line has no TTFT yet, not a made-up 0.
    expect(seen[0]?.ok).toBe(0);
    expect(seen[0]?.ttftP95Ms).toBeNull();
  });

  it("a role-only opening chunk is not the first token", async () => {
    // Role chunk with the headers (0 ms), first content 100 ms later.
    const server = h.serve(
      await startSseServer({ roleChunk: true, firstTokenDelayMs: 100, chunks: 3, intervalMs: 10 }),
    );
    const result = await h.run(makeStreamPlan(server.url, { load: { durationMs: 600 } }));
    const s = streamOf(result);
    expect(result.requests.ok).toBeGreaterThanOrEqual(4);
    expect(unit(result.ttfb?.getValueAtPercentile(50) ?? Number.NaN)).toBeLessThan(3);
    expect(unit(s.ttft.minNonZeroValue)).toBeGreaterThanOrEqual(100);
    expect(unit(s.ttft.getValueAtPercentile(50))).toBeLessThan(105);
    expect(s.ttft.totalCount).toBe(result.requests.ok);
    // Only the content chunks have gaps between them: 2 per request.
    expect(s.itl.totalCount).toBe(2 * result.requests.ok);
  });

  it("multi-token chunks: usage wins over the chunk count (CRLF, comment pings)", async () => {
    // 5 chunks of 3 tokens every 15 ms; the server claims 42 tokens, and usage is what counts.
    const server = h.serve(
      await startSseServer({
        chunks: 5,
        tokensPerChunk: 3,
        intervalMs: 15,
        usage: 42,
        lineEnding: "\r\n",
        pings: true,
      }),
    );
    const result = await h.run(makeStreamPlan(server.url, { load: { durationMs: 500 } }));
    const s = streamOf(result);
    const ok = result.requests.ok;
    expect(result.requests.failed).toBe(0);
    expect(ok).toBeGreaterThanOrEqual(5);
    expect(s.outputTokensTotal).toBe(42 * ok);
    expect(unit(s.outputTokens.getValueAtPercentile(50))).toBeCloseTo(42, 1);
    expect(s.requestsWithUsage).toBe(ok);
    // Gaps are between chunks (4 of 15 ms), not between tokens.
    expect(s.itl.totalCount).toBe(4 * ok);
    expect(Math.abs(unit(s.itl.getValueAtPercentile(50)) - 15)).toBeLessThan(2);
    // tpot = 4 × 15 ms / (42 − 1) ≈ 1.46 ms.
    expect(Math.abs(unit(s.tpot.getValueAtPercentile(50)) - 60 / 41)).toBeLessThan(0.3);
  });

  it("events completed by the same read are 0 ms apart", async () => {
    // All chunks written at once: the client reads them together (undici still hands them over as
    // five HTTP chunks), so their gaps are 0, not the client's own parsing time between them.
    const server = h.serve(
      await startSseServer({ firstTokenDelayMs: 20, chunks: 5, intervalMs: 0, usage: true }),
    );
    const result = await h.run(makeStreamPlan(server.url, { load: { durationMs: 300 } }));
    const s = streamOf(result);
    expect(result.requests.ok).toBeGreaterThanOrEqual(5);
    expect(s.itl.totalCount).toBe(4 * result.requests.ok);
    expect(s.itl.maxValue).toBe(0);
    // tpot is (latency − ttft) / 4: the tail after the first token's read, well under 1 ms.
    expect(unit(s.tpot.getValueAtPercentile(50))).toBeLessThan(1);
  });

  it("without usage, tokens are estimated from the text and flagged", async () => {
    // 8 chunks of " tok tok": 16 short words, which the estimator counts as a token each
    // (TOKEN_ESTIMATE_FORMULA); one token per chunk would say 8.
    const server = h.serve(await startSseServer({ chunks: 8, tokensPerChunk: 2, intervalMs: 5 }));
    const result = await h.run(makeStreamPlan(server.url, { load: { durationMs: 400 } }));
    const s = streamOf(result);
    const ok = result.requests.ok;
    expect(ok).toBeGreaterThanOrEqual(5);
    expect(s.requestsEstimated).toBe(ok);
    expect(s.requestsWithUsage).toBe(0);
    expect(s.promptTokens.totalCount).toBe(0);
    expect(s.outputTokensTotal).toBe(16 * ok);
    expect(unit(s.outputTokens.minNonZeroValue)).toBeCloseTo(16, 1);
    expect(unit(s.outputTokens.maxValue)).toBeCloseTo(16, 1);
  });

  it("stream: sse reads every data event as a chunk, tokens estimated", async () => {
    const server = h.serve(
      await startSseServer({ format: "sse", firstTokenDelayMs: 50, chunks: 6, intervalMs: 10 }),
    );
    const result = await h.run(makeStreamPlan(server.url, { format: "sse", load: { durationMs: 500 } }));
    const s = streamOf(result);
    const ok = result.requests.ok;
    expect(result.requests.failed).toBe(0);
    expect(ok).toBeGreaterThanOrEqual(4);
    expect(s.format).toBe("sse");
    expect(Math.abs(unit(s.ttft.getValueAtPercentile(50)) - 50)).toBeLessThan(5);
    expect(s.itl.totalCount).toBe(5 * ok);
    expect(Math.abs(unit(s.itl.getValueAtPercentile(50)) - 10)).toBeLessThan(2);
    expect(s.requestsEstimated).toBe(ok);
    expect(s.streamsWithoutDone).toBe(0);
  });

  it("a stream that ends without [DONE] is ok, and counted", async () => {
    const server = h.serve(await startSseServer({ chunks: 3, intervalMs: 5, usage: true, done: false }));
    const result = await h.run(makeStreamPlan(server.url, { load: { durationMs: 300 } }));
    const s = streamOf(result);
    expect(result.requests.failed).toBe(0);
    expect(result.requests.ok).toBeGreaterThan(5);
    expect(s.streamsWithoutDone).toBe(result.requests.ok);
    expect(s.outputTokensTotal).toBe(3 * result.requests.ok);
  });
});
