/**
 * `stream: anthropic` against a Messages server with known timing (test/fixtures/anthropic-server.ts):
 * TTFT, ITL, TPOT and the usage token counts held to the script; a thinking stream's first token
 * is its first thinking delta; an `error` event and `stream: openai` on a Messages stream fail
 * each request as a stream_error that says what was seen.
 */
import { describe, expect, it } from "vitest";
import type { StreamResult } from "../../src/metrics/types.js";
import { startAnthropicServer } from "../fixtures/anthropic-server.js";
import { useEngineHarness } from "./engine-harness.js";
import { makeStreamPlan } from "./stream-plan.js";

const unit = (thousandths: number): number => thousandths / 1000;
const h = useEngineHarness();
const body = '{"model":"m","stream":true,"max_tokens":64,"messages":[{"role":"user","content":"hi"}]}';
const messages = { path: "/v1/messages", body };

describe("stream: anthropic", () => {
  it("TTFT 200 ms, ITL and TPOT 20 ms, output and input tokens exact from the usage events", async () => {
    const server = h.serve(
      await startAnthropicServer({
        firstTokenDelayMs: 200,
        chunks: 10,
        intervalMs: 20,
        outputTokens: 10,
        inputTokens: 25,
      }),
    );
    const r = await h.run(
      makeStreamPlan(server.url, {
        format: "anthropic",
        request: messages,
        load: { ratePerSec: 10, connections: 8, durationMs: 1500 },
      }),
    );
    expect(r.requests.failed).toBe(0);
    expect(r.requests.ok).toBeGreaterThanOrEqual(14);
    const s = r.stream as StreamResult;
    expect(s.format).toBe("anthropic");
    // message_start comes with the headers; the first token is the first text delta, 200 ms in.
    expect(unit(s.ttft.minNonZeroValue)).toBeGreaterThanOrEqual(200);
    expect(unit(s.ttft.getValueAtPercentile(50))).toBeLessThan(210);
    expect(Math.abs(unit(s.itl.getValueAtPercentile(50)) - 20)).toBeLessThan(2);
    expect(Math.abs(unit(s.tpot.getValueAtPercentile(50)) - 20)).toBeLessThan(2);
    expect(unit(s.outputTokens.minNonZeroValue)).toBeCloseTo(10, 1);
    expect(unit(s.outputTokens.maxValue)).toBeCloseTo(10, 1);
    expect(unit(s.promptTokens.getValueAtPercentile(50))).toBeCloseTo(25, 1);
    // message_stop ended every stream.
    expect(s.streamsWithoutDone).toBe(0);
  });

  it("a thinking stream's first token is its first thinking delta (any kind), its tokens every delta's", async () => {
    const server = h.serve(
      await startAnthropicServer({ firstTokenDelayMs: 100, thinkingChunks: 5, chunks: 5, intervalMs: 20 }),
    );
    const r = await h.run(
      makeStreamPlan(server.url, {
        format: "anthropic",
        request: messages,
        load: { ratePerSec: 10, connections: 8, durationMs: 1000 },
      }),
    );
    const s = r.stream as StreamResult;
    expect(r.requests.failed).toBe(0);
    expect(unit(s.ttft.getValueAtPercentile(50))).toBeGreaterThanOrEqual(100);
    expect(unit(s.ttft.getValueAtPercentile(50))).toBeLessThan(110);
    expect(unit(s.outputTokens.getValueAtPercentile(50))).toBeCloseTo(10, 1);
  });

  it("an error event mid-stream fails the request as a stream_error with the server's message", async () => {
    const server = h.serve(await startAnthropicServer({ chunks: 5, errorAfter: 2 }));
    const r = await h.run(
      makeStreamPlan(server.url, {
        format: "anthropic",
        request: messages,
        load: { connections: 1, durationMs: 300 },
      }),
    );
    expect(r.requests.ok).toBe(0);
    expect(r.requests.failed).toBeGreaterThan(0);
    expect(r.errors.stream_error).toBe(r.requests.failed);
    expect(r.errorSamples.find((e) => e.kind === "stream_error")?.message).toMatch(
      /error event in the stream: "Overloaded"/,
    );
  });

  it("stream: openai on a Messages stream is a stream_error that says so (was: ok, no metrics, only a missing [DONE])", async () => {
    const server = h.serve(await startAnthropicServer({ chunks: 3 }));
    const r = await h.run(
      makeStreamPlan(server.url, {
        format: "openai",
        request: messages,
        load: { connections: 1, durationMs: 300 },
      }),
    );
    expect(r.requests.ok).toBe(0);
    expect(r.errors.stream_error).toBeGreaterThan(0);
    expect(r.errorSamples.find((e) => e.kind === "stream_error")?.message).toMatch(
      /^got event message_start, an Anthropic Messages stream: did you mean stream: anthropic\?/,
    );
  });
});
