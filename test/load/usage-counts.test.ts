/**
 * Reading `usage` of every LLM API shape (usage-counts.ts), a non-streamed body's usage
 * (json-usage.ts), and the bounded body a slot keeps for it (usage-body.ts).
 */
import { describe, expect, it } from "vitest";
import { USAGE_BODY_MAX_BYTES } from "../../src/budget/usage-read.js";
import { lastUsageObject, readJsonUsage } from "../../src/load/json-usage.js";
import { USAGE_TAIL_BYTES, UsageBody } from "../../src/load/usage-body.js";
import { readUsageCounts } from "../../src/load/usage-counts.js";

describe("readUsageCounts", () => {
  it.each<[string, unknown, ReturnType<typeof readUsageCounts>]>([
    [
      "OpenAI chat/completions with details",
      {
        prompt_tokens: 40,
        completion_tokens: 9,
        prompt_tokens_details: { cached_tokens: 32 },
        completion_tokens_details: { reasoning_tokens: 5 },
      },
      { outputTokens: 9, promptTokens: 40, reasoningTokens: 5, cachedTokens: 32 },
    ],
    ["embeddings: prompt tokens only", { prompt_tokens: 8, total_tokens: 8 }, { promptTokens: 8 }],
    [
      "Responses API",
      {
        input_tokens: 30,
        output_tokens: 12,
        input_tokens_details: { cached_tokens: 10 },
        output_tokens_details: { reasoning_tokens: 4 },
      },
      { outputTokens: 12, promptTokens: 30, reasoningTokens: 4, cachedTokens: 10 },
    ],
    [
      "Anthropic: input_tokens excludes cache reads and writes, so the prompt is their sum",
      { input_tokens: 10, output_tokens: 7, cache_read_input_tokens: 24, cache_creation_input_tokens: 6 },
      { outputTokens: 7, promptTokens: 40, cachedTokens: 24 },
    ],
    [
      "Anthropic with null cache fields",
      {
        input_tokens: 10,
        output_tokens: 7,
        cache_read_input_tokens: null,
        cache_creation_input_tokens: null,
      },
      { outputTokens: 7, promptTokens: 10, cachedTokens: 0 },
    ],
    ["not an object", "usage", {}],
    ["negative and odd counts are no counts", { prompt_tokens: -1, completion_tokens: "9" }, {}],
  ])("%s", (_what, usage, expected) => {
    expect(readUsageCounts(usage)).toEqual(expected);
  });
});

describe("readJsonUsage", () => {
  it("reads an Anthropic body's usage and its thinking text", () => {
    const body = JSON.stringify({
      type: "message",
      content: [
        { type: "thinking", thinking: "let me see" },
        { type: "text", text: "42" },
      ],
      usage: { input_tokens: 3, output_tokens: 9 },
    });
    expect(readJsonUsage(body, "")).toEqual({
      counts: { outputTokens: 9, promptTokens: 3 },
      reasoningText: "let me see",
    });
  });

  it.each(["not json", "[1,2]", '{"choices":[]}', '{"usage":{}}', '{"usage":null}'])(
    "has no usage in %s",
    (body) => {
      expect(readJsonUsage(body, "")).toBeUndefined();
    },
  );

  it("finds the usage in the tail of a body longer than the bytes kept, braces in strings skipped", () => {
    const tail = '…0.1,0.2]}],"note":"a } and a \\" {","usage":{"prompt_tokens":8,"completion_tokens":2}}';
    expect(lastUsageObject(tail)).toEqual({ prompt_tokens: 8, completion_tokens: 2 });
    expect(readJsonUsage(null, tail)?.counts).toEqual({ outputTokens: 2, promptTokens: 8 });
    expect(lastUsageObject('"usage":{"prompt_tokens":8')).toBeUndefined();
  });
});

describe("UsageBody", () => {
  it("keeps a small body whole", () => {
    const body = new UsageBody();
    body.push(Buffer.from('{"usage":'));
    body.push(Buffer.from('{"prompt_tokens":1}}'));
    expect(body.wholeText()).toBe('{"usage":{"prompt_tokens":1}}');
    body.reset();
    body.push(Buffer.from("{}"));
    expect(body.wholeText()).toBe("{}");
  });

  it("holds 16 KiB for a 2 kB completion, not the 256 KiB bound (1,000 connections held a GiB up front)", () => {
    const body = new UsageBody();
    body.push(Buffer.alloc(2000, 0x20));
    expect(body.heldBytes).toBe(16 * 1024);
    body.push(Buffer.alloc(20_000, 0x20));
    expect(body.heldBytes).toBe(32 * 1024);
    expect(body.wholeText()?.length).toBe(22_000);
  });

  it("keeps the first 256 KiB and the last 64 KiB of a longer body, in order across the ring's wrap", () => {
    const body = new UsageBody();
    const total = USAGE_BODY_MAX_BYTES + 3 * USAGE_TAIL_BYTES + 123;
    const bytes = Buffer.alloc(total);
    for (let i = 0; i < total; i++) bytes[i] = 97 + (i % 26);
    for (let i = 0; i < total; i += 10_000) body.push(bytes.subarray(i, Math.min(total, i + 10_000)));
    expect(body.wholeText()).toBeNull();
    expect(body.tailText()).toBe(bytes.subarray(total - USAGE_TAIL_BYTES).toString("latin1"));
  });

  it("finds a usage that began before the head was full when only a few bytes came after it (was: cut, lost)", () => {
    const body = new UsageBody();
    const usage = '"usage":{"prompt_tokens":7,"completion_tokens":3}}';
    const pad = Buffer.alloc(USAGE_BODY_MAX_BYTES - 20, 0x20);
    body.push(Buffer.concat([Buffer.from('{"data":"'), pad, Buffer.from(`",${usage}`)]));
    expect(body.wholeText()).toBeNull();
    expect(body.tailText().endsWith(usage)).toBe(true);
    expect(body.tailText().length).toBe(USAGE_TAIL_BYTES);
  });
});
