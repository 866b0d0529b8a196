/**
 * Non-streamed JSON responses read for their usage (format `json`), reasoning models (ttfat,
 * reasoning / answer tokens) and prompt-cache counts, against test/fixtures/llm-usage-server.ts:
 * a server whose reasoning starts at 200 ms and whose answer starts at 800 ms, with usage counts
 * the test sets.
 */
import { describe, expect, it } from "vitest";
import type { StreamFormat } from "../../src/budget/types.js";
import type { StreamResult } from "../../src/metrics/types.js";
import { promptCacheHitRate } from "../../src/report/stream-report.js";
import { type LlmApi, type LlmScript, startLlmServer } from "../fixtures/llm-usage-server.js";
import { useEngineHarness } from "./engine-harness.js";
import { makeStreamPlan } from "./stream-plan.js";

const unit = (thousandths: number): number => thousandths / 1000;
const p50 = (h: StreamResult["ttft"]): number => unit(h.getValueAtPercentile(50));
const h = useEngineHarness();

const BODY: Record<string, { path: string; body: string }> = {
  chat: { path: "/v1/chat/completions", body: '{"model":"m","stream":true,"messages":[]}' },
  responses: { path: "/v1/responses", body: '{"model":"m","stream":true,"input":"hi"}' },
  anthropic: { path: "/v1/messages", body: '{"model":"m","stream":true,"max_tokens":64,"messages":[]}' },
  json: { path: "/v1/chat/completions", body: '{"model":"m","messages":[]}' },
};

const FORMAT: Record<string, StreamFormat> = {
  chat: "openai",
  responses: "openai-responses",
  anthropic: "anthropic",
};

async function run(script: LlmScript, load = { ratePerSec: 10, connections: 12, durationMs: 600 }) {
  const server = h.serve(await startLlmServer(script));
  const streamed = FORMAT[script.api];
  const request = BODY[streamed === undefined ? "json" : script.api] as { path: string; body: string };
  const r = await h.run(makeStreamPlan(server.url, { format: streamed ?? "json", request, load }));
  return { r, s: r.stream as StreamResult };
}

describe("non-streamed responses with usage (format json)", () => {
  it.each<[LlmApi, number, number]>([
    ["json-chat", 7, 20],
    ["json-responses", 7, 20],
    ["json-anthropic", 7, 20],
  ])(
    "%s: output and prompt tokens exact from usage, tokens/s per request, no ttft/itl/tpot",
    async (api, output, prompt) => {
      const { r, s } = await run({ api, answerAtMs: 50 });
      expect(r.requests.failed).toBe(0);
      expect(r.requests.ok).toBeGreaterThanOrEqual(4);
      expect(s.format).toBe("json");
      expect(s.requestsWithUsage).toBe(r.requests.ok);
      expect(s.requestsWithoutUsage).toBe(0);
      expect(unit(s.outputTokens.minNonZeroValue)).toBeCloseTo(output, 1);
      expect(unit(s.outputTokens.maxValue)).toBeCloseTo(output, 1);
      expect(s.outputTokensTotal).toBe(output * r.requests.ok);
      expect(p50(s.promptTokens)).toBeCloseTo(prompt, 1);
      // 7 tokens in ~50 ms: ~140 tok/s per request (bounded by the due-time latency on a busy machine).
      expect(p50(s.requestOutputTps)).toBeGreaterThan(20);
      expect(p50(s.requestOutputTps)).toBeLessThanOrEqual(7 / 0.05 + 1);
      expect(s.ttft.totalCount).toBe(0);
      expect(s.itl.totalCount).toBe(0);
      expect(s.tpot.totalCount).toBe(0);
      expect(r.ttfb?.totalCount).toBe(r.requests.ok);
      expect(r.window.outputTokens).toBeGreaterThan(0);
    },
  );

  it("embeddings: prompt tokens only, no output tokens", async () => {
    const { r, s } = await run({ api: "json-embeddings", answerAtMs: 20, promptTokens: 8 });
    expect(r.requests.ok).toBeGreaterThanOrEqual(4);
    expect(s.requestsWithUsage).toBe(r.requests.ok);
    expect(p50(s.promptTokens)).toBeCloseTo(8, 1);
    expect(s.outputTokens.totalCount).toBe(0);
    expect(s.requestOutputTps.totalCount).toBe(0);
  });

  it("records no tokens for a body without usage, never an estimate from the JSON envelope", async () => {
    const { r, s } = await run({ api: "json-none", answerAtMs: 20 });
    expect(r.requests.ok).toBeGreaterThanOrEqual(4);
    expect(s.requestsWithoutUsage).toBe(r.requests.ok);
    expect(s.requestsWithUsage).toBe(0);
    expect(s.requestsEstimated).toBe(0);
    expect(s.outputTokens.totalCount).toBe(0);
    expect(s.outputTokensTotal).toBe(0);
    expect(r.window.outputTokens).toBe(0);
  });

  it("finds the usage of a body longer than the 256 KiB kept, in its tail", async () => {
    const { r, s } = await run(
      { api: "json-big", answerAtMs: 10 },
      { ratePerSec: 5, connections: 4, durationMs: 600 },
    );
    expect(r.requests.ok).toBeGreaterThanOrEqual(2);
    expect(s.requestsWithUsage).toBe(r.requests.ok);
    expect(unit(s.outputTokens.maxValue)).toBeCloseTo(7, 1);
  });
});

describe("reasoning models: ttft at the first reasoning token, ttfat at the first answer token", () => {
  const load = { ratePerSec: 5, connections: 8, durationMs: 800 };
  it.each<[LlmApi]>([["chat"], ["responses"]])(
    "%s stream: ttft p50 in [200, 210) ms, ttfat p50 in [800, 810) ms, reasoning / answer tokens exact from usage",
    async (api) => {
      const { r, s } = await run({ api, reasoningChunks: 3, answerChunks: 4 }, load);
      expect(r.requests.failed).toBe(0);
      expect(r.requests.ok).toBeGreaterThanOrEqual(3);
      expect(p50(s.ttft)).toBeGreaterThanOrEqual(200);
      expect(p50(s.ttft)).toBeLessThan(210);
      expect(p50(s.ttfat)).toBeGreaterThanOrEqual(800);
      expect(p50(s.ttfat)).toBeLessThan(810);
      expect(s.requestsWithReasoning).toBe(r.requests.ok);
      expect(s.reasoningEstimated).toBe(0);
      expect(unit(s.reasoningTokens.minNonZeroValue)).toBeCloseTo(3, 1);
      expect(unit(s.reasoningTokens.maxValue)).toBeCloseTo(3, 1);
      expect(unit(s.answerTokens.maxValue)).toBeCloseTo(4, 1);
      expect(unit(s.answerTokens.minNonZeroValue)).toBeCloseTo(4, 1);
    },
  );

  it("anthropic stream: thinking then text; reasoning tokens estimated from the thinking text", async () => {
    const { r, s } = await run({ api: "anthropic", reasoningChunks: 3, answerChunks: 4 }, load);
    expect(r.requests.failed).toBe(0);
    expect(p50(s.ttft)).toBeGreaterThanOrEqual(200);
    expect(p50(s.ttft)).toBeLessThan(210);
    expect(p50(s.ttfat)).toBeGreaterThanOrEqual(800);
    expect(p50(s.ttfat)).toBeLessThan(810);
    expect(s.requestsWithReasoning).toBe(r.requests.ok);
    expect(s.reasoningEstimated).toBe(r.requests.ok);
    const reasoning = p50(s.reasoningTokens);
    expect(reasoning).toBeGreaterThan(0);
    // answer = output (7, from message_delta) − the estimate.
    expect(p50(s.answerTokens)).toBeCloseTo(7 - reasoning, 0);
  });

  it("a non-streamed body with reasoning_tokens in usage: exact reasoning and answer tokens", async () => {
    const { r, s } = await run({ api: "json-chat", answerAtMs: 30, reasoningChunks: 5, answerChunks: 2 });
    expect(r.requests.ok).toBeGreaterThanOrEqual(4);
    expect(s.requestsWithReasoning).toBe(r.requests.ok);
    expect(s.reasoningEstimated).toBe(0);
    expect(p50(s.reasoningTokens)).toBeCloseTo(5, 1);
    expect(p50(s.answerTokens)).toBeCloseTo(2, 1);
    expect(s.ttfat.totalCount).toBe(0);
  });

  it("records no reasoning for a model that did not reason (usage reasoning_tokens 0)", async () => {
    const { r, s } = await run({ api: "chat", reasoningChunks: 0, answerChunks: 4, answerAtMs: 20 });
    expect(r.requests.ok).toBeGreaterThanOrEqual(4);
    expect(s.requestsWithReasoning).toBe(0);
    expect(s.reasoningTokens.totalCount).toBe(0);
    // ttfat is the ttft of a request that did not reason.
    expect(Math.abs(p50(s.ttfat) - p50(s.ttft))).toBeLessThan(1);
  });
});

describe("prompt-cache hits", () => {
  it.each<[LlmApi, Partial<LlmScript>, number, number]>([
    ["chat", { promptTokens: 40, cachedTokens: 30 }, 40, 30],
    ["responses", { promptTokens: 40, cachedTokens: 10 }, 40, 10],
    // Anthropic's input_tokens excludes cache reads and writes: the prompt is 10 + 24 + 6.
    ["anthropic", { promptTokens: 10, cachedTokens: 24, cacheCreationTokens: 6 }, 40, 24],
    ["json-chat", { promptTokens: 50, cachedTokens: 25 }, 50, 25],
    ["json-anthropic", { promptTokens: 10, cachedTokens: 20, cacheCreationTokens: 10 }, 40, 20],
  ])("%s: cached / prompt tokens summed exactly over the ok requests", async (api, extra, prompt, cached) => {
    const { r, s } = await run({ api, answerAtMs: 20, reasoningAtMs: 10, ...extra });
    expect(r.requests.ok).toBeGreaterThanOrEqual(4);
    expect(s.cacheRequests).toBe(r.requests.ok);
    expect(s.cachePromptTokens).toBe(prompt * r.requests.ok);
    expect(s.cachedPromptTokens).toBe(cached * r.requests.ok);
    expect(p50(s.promptTokens)).toBeCloseTo(prompt, 1);
  });

  it("anthropic: prompt and cache counts sent only in message_delta (newer API versions) are read there: prompt 40, cache hit rate 0.6", async () => {
    const { r, s } = await run({
      api: "anthropic",
      answerAtMs: 20,
      reasoningAtMs: 10,
      anthropicPromptIn: "delta",
      promptTokens: 10,
      cachedTokens: 24,
      cacheCreationTokens: 6,
    });
    expect(r.requests.ok).toBeGreaterThanOrEqual(4);
    expect(s.promptTokens.totalCount).toBe(r.requests.ok);
    expect(p50(s.promptTokens)).toBeCloseTo(40, 1);
    expect(s.cacheRequests).toBe(r.requests.ok);
    expect(s.cachePromptTokens).toBe(40 * r.requests.ok);
    expect(s.cachedPromptTokens).toBe(24 * r.requests.ok);
    expect(promptCacheHitRate(s)).toEqual({ prompt_cache_hit_rate: 0.6 });
  });

  it("anthropic: message_delta's prompt and cache counts win over message_start's when both are sent and differ", async () => {
    const { r, s } = await run({
      api: "anthropic",
      answerAtMs: 20,
      reasoningAtMs: 10,
      anthropicPromptIn: "both",
      startPrompt: { input: 5, cacheRead: 0, cacheCreation: 0 },
      promptTokens: 10,
      cachedTokens: 24,
      cacheCreationTokens: 6,
    });
    expect(r.requests.ok).toBeGreaterThanOrEqual(4);
    expect(p50(s.promptTokens)).toBeCloseTo(40, 1);
    expect(s.cacheRequests).toBe(r.requests.ok);
    expect(s.cachePromptTokens).toBe(40 * r.requests.ok);
    expect(s.cachedPromptTokens).toBe(24 * r.requests.ok);
    expect(promptCacheHitRate(s)).toEqual({ prompt_cache_hit_rate: 0.6 });
  });

  it("counts no cache requests when the server reports no cached count", async () => {
    const { r, s } = await run({ api: "json-chat", answerAtMs: 20 });
    expect(r.requests.ok).toBeGreaterThanOrEqual(4);
    expect(s.cacheRequests).toBe(0);
  });
});
