/**
 * `stream: sse` with `request.sse` against a server that streams its own format with known timing
 * (test/fixtures/custom-sse-server.ts): only the `delta` events are content, their text alone is
 * estimated, the usage event's count is the output token count, pings and the opening event are
 * never tokens. The same server read without `sse:` shows why the key exists.
 */
import { describe, expect, it } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import type { LoadSpec, StreamSpec } from "../../src/budget/types.js";
import type { StreamResult } from "../../src/metrics/types.js";
import { startCustomSseServer } from "../fixtures/custom-sse-server.js";
import { useEngineHarness } from "./engine-harness.js";
import { makeStreamPlan } from "./stream-plan.js";

const unit = (thousandths: number): number => thousandths / 1000;
const h = useEngineHarness();

/** The stream spec a budget with `request.sse: <sse>` builds (parsed and compiled as a run does). */
function streamSpec(sse: string | null): StreamSpec {
  const source = [
    "version: 1",
    "target: http://127.0.0.1:1",
    "scenarios:",
    "  - name: custom",
    "    request:",
    "      method: POST",
    "      path: /generate",
    "      stream: sse",
    ...(sse === null ? [] : [`      sse: ${sse}`]),
    "    load: { duration: 1s }",
    "",
  ].join("\n");
  const spec = parseBudget(source, { file: "b.yml", env: {} }).scenarios[0]?.request.stream;
  if (spec === undefined) throw new Error("no stream spec");
  return spec;
}

const DESCRIBED = "{ event: delta, text: $.delta.text, usage: $.usage.output_tokens, end: stop }";
const LOAD: Partial<LoadSpec> = { ratePerSec: 10, connections: 8, durationMs: 1500, warmupMs: 400 };

async function runAgainst(url: string, sse: string | null, load: Partial<LoadSpec> = LOAD) {
  const plan = makeStreamPlan(url, {
    format: "sse",
    load,
    request: { path: "/generate", stream: streamSpec(sse) },
  });
  const r = await h.run(plan);
  return { r, s: r.stream as StreamResult };
}

describe("stream: sse described by request.sse", () => {
  it("TTFT 200 ms, ITL and TPOT 20 ms from the delta events only, output tokens exactly 10 from the usage event", async () => {
    const server = h.serve(
      await startCustomSseServer({ firstTokenDelayMs: 200, chunks: 10, intervalMs: 20, outputTokens: 10 }),
    );
    const { r, s } = await runAgainst(server.url, DESCRIBED);
    expect(r.requests.failed).toBe(0);
    expect(r.requests.ok).toBeGreaterThanOrEqual(14);
    expect(s.format).toBe("sse");
    // The start event comes with the headers and a ping at 100 ms: neither is the first token.
    expect(unit(s.ttft.minNonZeroValue)).toBeGreaterThanOrEqual(200);
    expect(unit(s.ttft.getValueAtPercentile(50))).toBeLessThan(210);
    // 9 gaps per request between the 10 deltas; the pings half-way between them are no tokens.
    expect(s.itl.totalCount).toBe(9 * r.requests.ok);
    expect(Math.abs(unit(s.itl.getValueAtPercentile(50)) - 20)).toBeLessThan(2);
    expect(Math.abs(unit(s.tpot.getValueAtPercentile(50)) - 20)).toBeLessThan(2);
    // The server's count (10), not the estimate from the deltas' text (20): exact, every request.
    expect(s.outputTokensTotal).toBe(10 * r.requests.ok);
    expect(s.requestsWithUsage).toBe(r.requests.ok);
    expect(s.requestsEstimated).toBe(0);
    // `end: stop` is the stream's own end.
    expect(s.streamsWithoutDone).toBe(0);
  });

  it("without a usage path, tokens are estimated from the delta text only (2 per delta), not the JSON envelopes", async () => {
    const server = h.serve(await startCustomSseServer({ firstTokenDelayMs: 20, chunks: 5, intervalMs: 10 }));
    const { r, s } = await runAgainst(
      server.url,
      "{ event: [delta], text: $.delta.text, prompt_usage: $.usage.input_tokens }",
      {
        connections: 2,
        durationMs: 400,
      },
    );
    expect(r.requests.failed).toBe(0);
    expect(r.requests.ok).toBeGreaterThan(0);
    expect(s.outputTokensTotal).toBe(10 * r.requests.ok);
    expect(s.requestsEstimated).toBe(r.requests.ok);
    expect(unit(s.promptTokens.getValueAtPercentile(50))).toBeCloseTo(12, 1);
    // No `end:` here, and the server sends no [DONE]: every stream ends without its end event.
    expect(s.streamsWithoutDone).toBe(r.requests.ok);
  });

  it("the same server read without sse: over-counts (TTFT is the opening event, pings are tokens, envelopes estimated)", async () => {
    const server = h.serve(
      await startCustomSseServer({ firstTokenDelayMs: 200, chunks: 10, intervalMs: 20, outputTokens: 10 }),
    );
    const { r, s } = await runAgainst(server.url, null);
    expect(r.requests.failed).toBe(0);
    expect(r.requests.ok).toBeGreaterThanOrEqual(14);
    // What request.sse exists for: the start event (with the headers) reads as the first token …
    expect(unit(s.ttft.getValueAtPercentile(50))).toBeLessThan(50);
    // … every event (start, 10 pings, 10 deltas, usage, stop: 23) is a chunk: 22 gaps, not 9 (a
    // ping the loaded server sends too late for its stream is not sent: at most 22) …
    expect(s.itl.totalCount).toBeGreaterThan(2 * 9 * r.requests.ok);
    expect(s.itl.totalCount).toBeLessThanOrEqual(22 * r.requests.ok);
    // … and the tokens are estimated from whole JSON envelopes, far from the true 10.
    expect(s.requestsWithUsage).toBe(0);
    expect(s.outputTokensTotal / r.requests.ok).toBeGreaterThan(50);
  });
});

describe("stream: sse described by request.sse: what fails the stream", () => {
  const short = { connections: 1, durationMs: 300 };

  it("a content event whose data is not JSON is a stream_error that quotes it", async () => {
    const server = h.serve(
      await startCustomSseServer({ firstTokenDelayMs: 10, chunks: 2, pingData: "keep-alive" }),
    );
    // No event filter: the ping is a content event too, and its data here is not JSON.
    const { r } = await runAgainst(server.url, "{ text: $.delta.text }", short);
    expect(r.requests.ok).toBe(0);
    expect(r.errors.stream_error).toBe(r.requests.failed);
    expect(r.errorSamples.find((e) => e.kind === "stream_error")?.message).toBe(
      "got event ping whose data is not JSON, but sse.text reads $.delta.text from it (keep-alive)",
    );
  });

  it("a keep-alive that is not JSON is fine when sse.event leaves it out", async () => {
    const server = h.serve(
      await startCustomSseServer({ firstTokenDelayMs: 10, chunks: 2, pingData: "keep-alive" }),
    );
    const { r, s } = await runAgainst(server.url, DESCRIBED, short);
    expect(r.requests.failed).toBe(0);
    expect(r.requests.ok).toBeGreaterThan(0);
    expect(s.outputTokensTotal).toBe(10 * r.requests.ok);
  });

  it("a usage path that selects a map is a stream_error naming the path", async () => {
    const server = h.serve(await startCustomSseServer({ chunks: 2 }));
    const { r } = await runAgainst(server.url, "{ event: delta, text: $.delta.text, usage: $.usage }", short);
    expect(r.requests.ok).toBe(0);
    expect(r.errorSamples.find((e) => e.kind === "stream_error")?.message).toMatch(
      /^sse\.usage \$\.usage is a map in event usage, expected a token count: point sse\.usage at the number \(\{"usage":/,
    );
  });

  it("an error event still fails the stream", async () => {
    const server = h.serve(await startCustomSseServer({ chunks: 2, error: true }));
    const { r } = await runAgainst(server.url, DESCRIBED, short);
    expect(r.requests.ok).toBe(0);
    expect(r.errorSamples.find((e) => e.kind === "stream_error")?.message).toBe(
      'error event in the stream: {"message":"overloaded"}',
    );
  });

  it("an sse.event the server never sends is a stream_error saying what was seen (was: every request ok, no metrics)", async () => {
    const server = h.serve(await startCustomSseServer({ chunks: 2 }));
    const { r } = await runAgainst(server.url, "{ event: content_block_delta, text: $.delta.text }", short);
    expect(r.requests.ok).toBe(0);
    expect(r.errors.stream_error).toBeGreaterThan(0);
    const message = r.errorSamples.find((e) => e.kind === "stream_error")?.message ?? "";
    expect(message).toMatch(
      /^no event content_block_delta with text at sse\.text in the stream, and no usage: got event types /,
    );
    expect(message).toContain("delta");
  });
});
