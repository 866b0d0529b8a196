import { describe, expect, it } from "vitest";
import { MAX_SAMPLES_PER_KIND } from "../../src/metrics/recorder.js";
import type { ErrorKind, ScenarioResult } from "../../src/metrics/types.js";
import { startServer } from "../fixtures/servers.js";
import { type SseScript, type SseTestServer, startSseServer } from "../fixtures/sse-server.js";
import { useEngineHarness } from "./engine-harness.js";
import { makeStreamPlan, type StreamPlanOptions } from "./stream-plan.js";

const ms = (us: number): number => us / 1000;
const h = useEngineHarness();

/** A run of one closed loop against an SSE server, and that server (to read what it saw). */
interface StreamRun {
  readonly r: ScenarioResult;
  readonly server: SseTestServer;
}

/** One closed loop for `durationMs` (default 300 ms) against an SSE server playing `script`. */
async function runStream(script: SseScript, options: StreamPlanOptions = {}): Promise<StreamRun> {
  const server = h.serve(await startSseServer(script));
  const r = await h.run(makeStreamPlan(server.url, { load: { durationMs: 300 }, ...options }));
  return { r, server };
}

/** Every request failed with `kind`, and no partial timing leaked into the stream histograms. */
function expectOnly(r: ScenarioResult, kind: ErrorKind): void {
  expect(r.requests.ok).toBe(0);
  expect(r.requests.failed).toBeGreaterThan(0);
  expect(r.errors).toEqual({ [kind]: r.requests.failed });
  const s = r.stream;
  expect(s).toBeDefined();
  for (const h of [r.ttfb, s?.ttft, s?.itl, s?.tpot, s?.outputTokens, s?.requestOutputTps]) {
    expect(h?.totalCount).toBe(0);
  }
  expect(s?.outputTokensTotal).toBe(0);
}

describe("stream errors", () => {
  it("an error event in a 200 stream is a stream_error with a sample; its ttft is not recorded", async () => {
    const { r } = await runStream({ chunks: 5, intervalMs: 5, fault: "error-event", faultAfterChunks: 2 });
    expectOnly(r, "stream_error");
    expect(r.status).toEqual({ "200": r.requests.failed });
    expect(r.errorSamples.length).toBe(Math.min(MAX_SAMPLES_PER_KIND, r.requests.failed));
    expect(r.errorSamples[0]?.kind).toBe("stream_error");
    expect(r.errorSamples[0]?.message).toContain("model overloaded");
    expect(r.errorSamples[0]?.status).toBe(200);
    // A stream_error is a complete response: it counts among the window's responses.
    expect(r.window.responses).toBeGreaterThan(0);
    expect(r.window.ok).toBe(0);
  });

  it("stream: openai — an `event: error` is a stream_error with a sample (it was ok with 0 tokens)", async () => {
    const { r } = await runStream({
      chunks: 4,
      intervalMs: 5,
      fault: "typed-error-event",
      faultAfterChunks: 2,
    });
    expectOnly(r, "stream_error");
    expect(r.errorSamples[0]?.kind).toBe("stream_error");
    expect(r.errorSamples[0]?.message).toBe(
      'error event in the stream: {"message":"model overloaded","code":503}',
    );
  });

  it("a malformed chunk is a stream_error quoting its first bytes; the connection is kept", async () => {
    const { r, server } = await runStream({
      chunks: 5,
      intervalMs: 5,
      fault: "malformed",
      faultAfterChunks: 1,
    });
    expectOnly(r, "stream_error");
    expect(r.requests.failed).toBeGreaterThan(3);
    expect(r.errorSamples[0]?.message).toContain('{"id":"c1","choices":[{"delta"');
    // The body was read to its end after the bad chunk, so one connection served every request.
    expect(server.stats.connections).toBe(1);
  });

  it("stream: sse — an `event: error` is a stream_error", async () => {
    const { r } = await runStream(
      { format: "sse", chunks: 4, intervalMs: 5, fault: "error-event" },
      { format: "sse" },
    );
    expectOnly(r, "stream_error");
    expect(r.errorSamples[0]?.message).toContain("model overloaded");
  });

  it("an event past the parser's size limit is a stream_error; the body is still read to its end", async () => {
    const { r, server } = await runStream({
      chunks: 3,
      intervalMs: 5,
      fault: "overflow",
      faultAfterChunks: 1,
    });
    expectOnly(r, "stream_error");
    expect(r.errorSamples[0]?.message).toContain("data: xxxx");
    expect(server.stats.connections).toBe(1);
  });

  it("an ok answer that is not a stream (plain JSON) is a stream_error", async () => {
    const { r } = await runStream({ fault: "json" });
    expectOnly(r, "stream_error");
    expect(r.errorSamples[0]?.message).toContain('{"id":"c1","object":"chat.completion"');
  });

  it(`keeps at most ${MAX_SAMPLES_PER_KIND} error samples of a kind`, async () => {
    const { r } = await runStream({ fault: "json" });
    expect(r.requests.failed).toBeGreaterThan(5);
    expect(r.errorSamples.length).toBe(MAX_SAMPLES_PER_KIND);
  });

  it("a connection cut mid-stream is a reset, with a sample of the socket error and its code", async () => {
    const { r } = await runStream({ chunks: 5, intervalMs: 5, fault: "cut", faultAfterChunks: 2 });
    expectOnly(r, "reset");
    expect(r.errorSamples[0]?.kind).toBe("reset");
    expect(r.errorSamples[0]?.code).toMatch(/^(UND_ERR_SOCKET|ECONNRESET)$/);
    expect(r.window.responses).toBe(0);
  });

  it("a stream that stalls is a timeout after the idle timeout", async () => {
    // 2 chunks at 0 and 10 ms, then silence: idle 300 ms after the last read, ≈ 310 ms from the
    // send, plus up to one sweep (15 ms) late.
    const { r } = await runStream(
      { chunks: 5, intervalMs: 10, fault: "stall", faultAfterChunks: 2 },
      { idleTimeoutMs: 300, timeoutMs: 5000, load: { durationMs: 400 } },
    );
    expectOnly(r, "timeout");
    expect(r.requests.failed).toBe(2);
    expect(ms(r.latencyFailed.minNonZeroValue)).toBeGreaterThanOrEqual(310);
    expect(ms(r.latencyFailed.maxValue)).toBeLessThan(310 + 15 + 10);
  });

  it("without an idle timeout, a stalled stream times out at the whole-request timeout", async () => {
    const { r } = await runStream(
      { chunks: 5, intervalMs: 10, fault: "stall", faultAfterChunks: 2 },
      { timeoutMs: 600, load: { durationMs: 300 } },
    );
    expectOnly(r, "timeout");
    expect(r.requests.failed).toBe(1);
    expect(ms(r.latencyFailed.maxValue)).toBeGreaterThanOrEqual(600);
    expect(ms(r.latencyFailed.maxValue)).toBeLessThan(600 + 30 + 10);
  });

  it("a failed request's partial timings stay out of the ok requests' histograms", async () => {
    // Even requests: ok, first token after 10 ms. Odd ones: first token after 60 ms, then an error.
    const server = h.serve(
      await startSseServer((i) =>
        i % 2 === 0
          ? { firstTokenDelayMs: 10, chunks: 3, intervalMs: 5, usage: true }
          : { firstTokenDelayMs: 60, chunks: 3, intervalMs: 40, fault: "error-event", faultAfterChunks: 2 },
      ),
    );
    const r = await h.run(makeStreamPlan(server.url, { load: { durationMs: 600 } }));
    const s = r.stream;
    expect(r.requests.ok).toBeGreaterThanOrEqual(3);
    expect(Math.abs(r.requests.ok - r.requests.failed)).toBeLessThanOrEqual(1);
    expect(r.errors).toEqual({ stream_error: r.requests.failed });
    // Only the ok requests' 10 ms first tokens and 5 ms gaps: none of the 60 ms / 40 ms ones.
    expect(s?.ttft.totalCount).toBe(r.requests.ok);
    expect(ms(s?.ttft.maxValue ?? 0)).toBeLessThan(40);
    expect(s?.itl.totalCount).toBe(2 * r.requests.ok);
    expect(ms(s?.itl.maxValue ?? 0)).toBeLessThan(20);
    expect(s?.outputTokensTotal).toBe(3 * r.requests.ok);
  });

  it("a server that sends no headers is a timeout after the idle timeout, counted from the send", async () => {
    const { r } = await runStream({ headersDelayMs: 2000 }, { idleTimeoutMs: 200, timeoutMs: 5000 });
    expectOnly(r, "timeout");
    expect(r.requests.failed).toBe(2);
    expect(ms(r.latencyFailed.minNonZeroValue)).toBeGreaterThanOrEqual(200);
    expect(ms(r.latencyFailed.maxValue)).toBeLessThan(200 + 10 + 10);
  });

  it("a failed status is classified by its status; its body is not parsed, only sampled", async () => {
    const server = h.serve(await startServer({ status: 503, body: '{"error":{"message":"down"}}' }));
    const result = await h.run(makeStreamPlan(server.url, { load: { durationMs: 200 } }));
    expectOnly(result, "http_5xx");
    expect(result.errorSamples[0]).toEqual({
      kind: "http_5xx",
      message: 'HTTP 503 response: {"error":{"message":"down"}}',
      status: 503,
    });
  });
});
