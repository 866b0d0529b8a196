import { describe, expect, it } from "vitest";
import { parseChatRequest } from "../../src/demo/chat-request.js";
import { planChatStream, STREAM_TIMING } from "../../src/demo/stream-plan.js";
import { mulberry32 } from "../../src/load/schedule.js";

const T = STREAM_TIMING;
const plans = (seed: number, n: number, maxTokens?: number) => {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => planChatStream(random, maxTokens));
};

describe("planChatStream", () => {
  const sample = plans(7, 2000);

  it("keeps every timing and length inside STREAM_TIMING", () => {
    for (const p of sample) {
      expect(p.ttftMs).toBeGreaterThanOrEqual(T.ttftMinMs);
      expect(p.ttftMs).toBeLessThanOrEqual(T.ttftMaxMs);
      expect(p.chunks[0]?.delayMs).toBe(p.ttftMs);
      expect(p.completionTokens).toBeGreaterThanOrEqual(T.minTokens);
      expect(p.completionTokens).toBeLessThanOrEqual(T.maxTokens);
      expect(p.finishReason).toBe("stop");
      for (const c of p.chunks.slice(1)) {
        expect(c.delayMs).toBeGreaterThanOrEqual(T.tokenMinMs * c.tokens.length);
        expect(c.delayMs).toBeLessThanOrEqual(T.tokenMaxMs * c.tokens.length);
      }
    }
  });

  it("counts tokens, not chunks: some chunks carry two and the first carries one", () => {
    let twoTokenChunks = 0;
    let chunks = 0;
    for (const p of sample) {
      expect(p.chunks[0]?.tokens).toHaveLength(1);
      expect(p.chunks.reduce((n, c) => n + c.tokens.length, 0)).toBe(p.completionTokens);
      chunks += p.chunks.length - 1;
      twoTokenChunks += p.chunks.filter((c) => c.tokens.length === 2).length;
    }
    // 10% chance per later chunk; over ~80,000 chunks the share is 10% ± 0.5%.
    expect(twoTokenChunks / chunks).toBeGreaterThan(0.09);
    expect(twoTokenChunks / chunks).toBeLessThan(0.11);
  });

  it("spreads the timings realistically: TTFT median ~140 ms, lengths from short to long", () => {
    const ttft = sample.map((p) => p.ttftMs).sort((a, b) => a - b);
    const median = ttft[ttft.length / 2] ?? 0;
    expect(median).toBeGreaterThan(125);
    expect(median).toBeLessThan(155);
    const tokens = sample.map((p) => p.completionTokens);
    expect(Math.min(...tokens)).toBe(T.minTokens);
    expect(Math.max(...tokens)).toBeGreaterThan(100);
  });

  it("joins tokens into the answer text: words, spaces between, a full stop at the end", () => {
    const [p] = plans(3, 1);
    const text = p?.chunks.flatMap((c) => c.tokens).join("") ?? "";
    expect(text).toMatch(/^\w+( \w+)*\.$/);
    expect(text.split(" ")).toHaveLength(p?.completionTokens ?? -1);
  });

  it("caps the length at max_tokens and then finishes with 'length'", () => {
    const capped = plans(11, 200, 24);
    for (const p of capped) {
      expect(p.completionTokens).toBeLessThanOrEqual(24);
      if (p.finishReason === "length") expect(p.completionTokens).toBe(24);
    }
    // Most answers want more than 24 tokens (median 45), a few fewer (the minimum is 20).
    const cut = capped.filter((p) => p.finishReason === "length").length;
    expect(cut).toBeGreaterThan(150);
    expect(cut).toBeLessThan(200);
  });

  it("is repeatable: the same seed draws the same plans", () => {
    expect(plans(5, 50)).toEqual(plans(5, 50));
    expect(plans(5, 50)).not.toEqual(plans(6, 50));
  });
});

describe("parseChatRequest", () => {
  it.each([
    [
      "a streamed request asking for usage",
      { stream: true, stream_options: { include_usage: true } },
      true,
      true,
    ],
    ["a streamed request without stream_options", { stream: true }, true, false],
    ["include_usage false", { stream: true, stream_options: { include_usage: false } }, true, false],
    ["a plain request", { model: "m" }, false, false],
  ])("reads %s", (_name, body, stream, includeUsage) => {
    expect(parseChatRequest(JSON.stringify(body))).toMatchObject({ stream, includeUsage });
  });

  it("reads max_completion_tokens before max_tokens", () => {
    expect(parseChatRequest('{"max_tokens":9,"max_completion_tokens":5}')).toMatchObject({ maxTokens: 5 });
    expect(parseChatRequest('{"max_tokens":9}')).toMatchObject({ maxTokens: 9 });
  });

  it.each([
    ["not JSON", "{", /not valid JSON/],
    ["a JSON array", "[]", /JSON object/],
    [
      "stream_options without stream",
      '{"stream_options":{"include_usage":true}}',
      /only allowed when 'stream'/,
    ],
  ])("refuses %s", (_name, body, message) => {
    expect(parseChatRequest(body)).toEqual({ error: expect.stringMatching(message) });
  });
});
