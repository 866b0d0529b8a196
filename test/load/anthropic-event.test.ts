/** `readAnthropicEvent`: what each event of an Anthropic Messages stream means to the metrics. */
import { describe, expect, it } from "vitest";
import { AnthropicPrompt, readAnthropicEvent } from "../../src/load/anthropic-event.js";

const ev = (type: string, data: Record<string, unknown>) =>
  readAnthropicEvent(JSON.stringify({ type, ...data }), type);

describe("readAnthropicEvent", () => {
  it("reads text, thinking and tool-JSON deltas as content, with their text", () => {
    expect(ev("content_block_delta", { index: 0, delta: { type: "text_delta", text: "Hi" } })).toEqual({
      kind: "delta",
      text: "Hi",
      reasoning: false,
    });
    expect(ev("content_block_delta", { delta: { type: "thinking_delta", thinking: "so" } })).toEqual({
      kind: "delta",
      text: "so",
      reasoning: true,
    });
    expect(ev("content_block_delta", { delta: { type: "input_json_delta", partial_json: '{"a"' } })).toEqual({
      kind: "delta",
      text: '{"a"',
      reasoning: false,
    });
  });

  it("reads a signature delta, an empty delta, ping and block starts and stops as nothing", () => {
    expect(ev("content_block_delta", { delta: { type: "signature_delta", signature: "x" } }).kind).toBe(
      "none",
    );
    expect(ev("content_block_delta", { delta: { type: "text_delta", text: "" } }).kind).toBe("none");
    for (const type of ["ping", "content_block_start", "content_block_stop", "a_future_event"])
      expect(ev(type, {}).kind).toBe("none");
  });

  it("takes the input tokens from message_start and the output tokens from message_delta", () => {
    expect(ev("message_start", { message: { usage: { input_tokens: 25, output_tokens: 1 } } })).toEqual({
      kind: "usage",
      inputTokens: 25,
      end: false,
    });
    expect(ev("message_delta", { delta: { stop_reason: "end_turn" }, usage: { output_tokens: 64 } })).toEqual(
      {
        kind: "usage",
        outputTokens: 64,
        end: false,
      },
    );
    expect(ev("message_stop", {})).toEqual({ kind: "usage", end: true });
  });

  it("reads the prompt counts repeated in message_delta: each field's highest value wins, an absent or null one keeps message_start's", () => {
    const prompt = new AnthropicPrompt();
    const read = (type: string, data: Record<string, unknown>) =>
      readAnthropicEvent(JSON.stringify({ type, ...data }), type, prompt);
    const start = {
      input_tokens: 5,
      cache_read_input_tokens: 3,
      cache_creation_input_tokens: 2,
      output_tokens: 1,
    };
    expect(read("message_start", { message: { usage: start } })).toEqual({
      kind: "usage",
      inputTokens: 10,
      cachedTokens: 3,
      end: false,
    });
    // A newer input count, the cache read again as null: the prompt is 8 + 3 + 2, the cache 3.
    const delta = { input_tokens: 8, cache_read_input_tokens: null, output_tokens: 64 };
    expect(read("message_delta", { usage: delta })).toEqual({
      kind: "usage",
      inputTokens: 13,
      outputTokens: 64,
      cachedTokens: 3,
      end: false,
    });
    // Only message_delta carries them: read there (was: no prompt tokens, no cache hit rate).
    prompt.reset();
    const only = {
      input_tokens: 10,
      cache_read_input_tokens: 24,
      cache_creation_input_tokens: 6,
      output_tokens: 7,
    };
    expect(read("message_start", { message: { usage: { output_tokens: 1 } } }).kind).toBe("none");
    expect(read("message_delta", { usage: only })).toEqual({
      kind: "usage",
      inputTokens: 40,
      outputTokens: 7,
      cachedTokens: 24,
      end: false,
    });
  });

  it("reads the type from the data when the server sends no event: line", () => {
    const data = JSON.stringify({ type: "content_block_delta", delta: { type: "text_delta", text: "x" } });
    expect(readAnthropicEvent(data, "message")).toEqual({ kind: "delta", text: "x", reasoning: false });
  });

  it("fails on an error event with the server's message, and on data that is not JSON", () => {
    const error = ev("error", { error: { type: "overloaded_error", message: "Overloaded" } });
    expect(error).toMatchObject({ kind: "invalid" });
    expect(error.kind === "invalid" && error.message).toMatch(/^error event in the stream: "Overloaded" \(/);
    expect(readAnthropicEvent("{oops", "content_block_delta")).toMatchObject({
      kind: "invalid",
      message: "event is not valid JSON: {oops",
    });
  });

  it("says which API a stream of another one is: an OpenAI chat chunk, a Responses event", () => {
    const chat = readAnthropicEvent(
      JSON.stringify({ object: "chat.completion.chunk", choices: [] }),
      "message",
    );
    expect(chat.kind === "invalid" && chat.message).toMatch(
      /^got an OpenAI chat completions chunk: did you mean stream: openai\?/,
    );
    const responses = ev("response.created", { response: {} });
    expect(responses.kind === "invalid" && responses.message).toMatch(
      /^got event response\.created, an OpenAI Responses API stream: did you mean stream: openai-responses\?/,
    );
  });

  it("keeps message_start's prompt counts when message_delta repeats them as 0 (was: the zeros won: prompt 0, cache 0)", () => {
    const prompt = new AnthropicPrompt();
    const read = (type: string, data: Record<string, unknown>) =>
      readAnthropicEvent(JSON.stringify({ type, ...data }), type, prompt);
    read("message_start", {
      message: { usage: { input_tokens: 25, cache_read_input_tokens: 100, output_tokens: 1 } },
    });
    const zeros = {
      input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
      output_tokens: 10,
    };
    expect(read("message_delta", { usage: zeros })).toEqual({
      kind: "usage",
      inputTokens: 125,
      outputTokens: 10,
      cachedTokens: 100,
      end: false,
    });
  });
});
