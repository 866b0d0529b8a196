/**
 * `stream: openai-responses` against a Responses API server with known timing
 * (test/fixtures/responses-server.ts): TTFT, ITL, TPOT and the usage token counts held to the
 * script; a reasoning stream's first token is its first reasoning delta; `response.failed` and a
 * Responses stream read as `stream: openai` or `anthropic` fail as a stream_error that says so.
 */
import { describe, expect, it } from "vitest";
import { readResponsesEvent } from "../../src/load/responses-event.js";
import type { StreamResult } from "../../src/metrics/types.js";
import { startResponsesServer } from "../fixtures/responses-server.js";
import { useEngineHarness } from "./engine-harness.js";
import { makeStreamPlan } from "./stream-plan.js";

const unit = (thousandths: number): number => thousandths / 1000;
const h = useEngineHarness();
const responses = { path: "/v1/responses", body: '{"model":"m","stream":true,"input":"hi"}' };

describe("stream: openai-responses", () => {
  it("TTFT 200 ms, ITL and TPOT 20 ms, output and input tokens exact from response.completed", async () => {
    const server = h.serve(
      await startResponsesServer({
        firstTokenDelayMs: 200,
        chunks: 10,
        intervalMs: 20,
        outputTokens: 10,
        inputTokens: 31,
      }),
    );
    const r = await h.run(
      makeStreamPlan(server.url, {
        format: "openai-responses",
        request: responses,
        load: { ratePerSec: 10, connections: 8, durationMs: 1500 },
      }),
    );
    expect(r.requests.failed).toBe(0);
    expect(r.requests.ok).toBeGreaterThanOrEqual(14);
    const s = r.stream as StreamResult;
    expect(s.format).toBe("openai-responses");
    // response.created comes with the headers (it was TTFT with stream: sse); the first token is 200 ms in.
    expect(unit(s.ttft.minNonZeroValue)).toBeGreaterThanOrEqual(200);
    expect(unit(s.ttft.getValueAtPercentile(50))).toBeLessThan(210);
    expect(Math.abs(unit(s.itl.getValueAtPercentile(50)) - 20)).toBeLessThan(2);
    expect(Math.abs(unit(s.tpot.getValueAtPercentile(50)) - 20)).toBeLessThan(2);
    expect(unit(s.outputTokens.minNonZeroValue)).toBeCloseTo(10, 1);
    expect(unit(s.outputTokens.maxValue)).toBeCloseTo(10, 1);
    expect(unit(s.promptTokens.getValueAtPercentile(50))).toBeCloseTo(31, 1);
    expect(s.streamsWithoutDone).toBe(0);
  });

  it("a reasoning stream's first token is its first reasoning delta", async () => {
    const server = h.serve(
      await startResponsesServer({ firstTokenDelayMs: 100, reasoningChunks: 4, chunks: 4, intervalMs: 20 }),
    );
    const r = await h.run(
      makeStreamPlan(server.url, {
        format: "openai-responses",
        request: responses,
        load: { ratePerSec: 10, connections: 8, durationMs: 1000 },
      }),
    );
    const s = r.stream as StreamResult;
    expect(r.requests.failed).toBe(0);
    expect(unit(s.ttft.getValueAtPercentile(50))).toBeGreaterThanOrEqual(100);
    expect(unit(s.ttft.getValueAtPercentile(50))).toBeLessThan(110);
    expect(unit(s.outputTokens.getValueAtPercentile(50))).toBeCloseTo(8, 1);
  });

  it("response.failed fails the request as a stream_error with the server's message", async () => {
    const server = h.serve(await startResponsesServer({ chunks: 2, failed: true }));
    const r = await h.run(
      makeStreamPlan(server.url, {
        format: "openai-responses",
        request: responses,
        load: { connections: 1, durationMs: 300 },
      }),
    );
    expect(r.requests.ok).toBe(0);
    expect(r.errors.stream_error).toBe(r.requests.failed);
    expect(r.errorSamples.find((e) => e.kind === "stream_error")?.message).toMatch(
      /^response\.failed event in the stream: "The model failed"/,
    );
  });

  it.each([
    [
      "openai",
      /^got event response\.created, an OpenAI Responses API stream: did you mean stream: openai-responses\?/,
    ],
    [
      "anthropic",
      /^got event response\.created, an OpenAI Responses API stream: did you mean stream: openai-responses\?/,
    ],
  ] as const)(
    "stream: %s on a Responses stream is a stream_error naming openai-responses (was: ok, no metrics)",
    async (format, message) => {
      const server = h.serve(await startResponsesServer({ chunks: 2 }));
      const r = await h.run(
        makeStreamPlan(server.url, { format, request: responses, load: { connections: 1, durationMs: 300 } }),
      );
      expect(r.requests.ok).toBe(0);
      expect(r.errorSamples.find((e) => e.kind === "stream_error")?.message).toMatch(message);
    },
  );
});

describe("readResponsesEvent", () => {
  const ev = (type: string, data: Record<string, unknown>) =>
    readResponsesEvent(JSON.stringify({ type, ...data }), type);

  it("reads output, reasoning, refusal and tool-argument deltas as content (reasoning ones flagged); lifecycle events as nothing", () => {
    for (const type of [
      "response.output_text.delta",
      "response.reasoning_text.delta",
      "response.reasoning_summary_text.delta",
      "response.refusal.delta",
      "response.function_call_arguments.delta",
    ])
      expect(ev(type, { delta: "x" })).toEqual({
        kind: "delta",
        text: "x",
        reasoning: type.includes("reasoning"),
      });
    for (const type of [
      "response.created",
      "response.in_progress",
      "response.output_text.done",
      "response.future_event",
    ])
      expect(ev(type, {}).kind).toBe("none");
    expect(ev("response.output_text.delta", { delta: "" }).kind).toBe("none");
  });

  it("ends on response.completed and response.incomplete with their usage", () => {
    expect(ev("response.completed", { response: { usage: { input_tokens: 9, output_tokens: 40 } } })).toEqual(
      {
        kind: "usage",
        inputTokens: 9,
        outputTokens: 40,
        end: true,
      },
    );
    expect(ev("response.incomplete", { response: {} })).toEqual({ kind: "usage", end: true });
  });

  it("names an Anthropic event and a chat chunk for what they are", () => {
    const a = ev("message_start", { message: {} });
    expect(a.kind === "invalid" && a.message).toMatch(/did you mean stream: anthropic\?/);
    const c = readResponsesEvent(JSON.stringify({ choices: [] }), "message");
    expect(c.kind === "invalid" && c.message).toMatch(/did you mean stream: openai\?/);
  });
});
