import { describe, expect, it } from "vitest";
import { SseParser } from "../../src/load/sse-parser.js";
import { StreamReader } from "../../src/load/stream-reader.js";

const HEAD =
  '"id":"chatcmpl-AbC123","object":"chat.completion.chunk","created":1732960000,' +
  '"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1"';

/** One OpenAI chat completion chunk as an SSE event, finish_reason as the server writes it. */
function event(delta: string, finishReason: string | null): string {
  return `data: {${HEAD},"choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${JSON.stringify(finishReason)}}],"usage":null}\n\n`;
}
const USAGE = `data: {${HEAD},"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}\n\n`;
const DONE = "data: [DONE]\n\n";

/** A whole OpenAI stream (role chunk, content, finish chunk, usage chunk, [DONE]) ending with `reason`. */
function openAiStream(reason: string): string {
  return (
    event('{"role":"assistant","content":"","refusal":null}', null) +
    event('{"content":"Hello"}', null) +
    event('{"content":" there"}', null) +
    event("{}", reason) +
    USAGE +
    DONE
  );
}

function feed(reader: StreamReader, parser: SseParser, body: string): void {
  reader.reset();
  parser.reset();
  parser.push(new TextEncoder().encode(body));
}

describe("StreamReader.finishReason", () => {
  it("is the last non-null finish_reason of an openai stream, after the usage chunk's empty choices", () => {
    const reader = new StreamReader("openai");
    const parser = new SseParser(reader);
    feed(reader, parser, openAiStream("stop"));
    expect(reader.failure).toBeNull();
    expect(reader.sawDone).toBe(true);
    expect(reader.outputTokens()).toBe(3);
    expect(reader.finishReason).toBe("stop");
  });

  it("is reset per request: a stream without one after a 'length' stream reads null", () => {
    const reader = new StreamReader("openai");
    const parser = new SseParser(reader);
    feed(reader, parser, openAiStream("length"));
    expect(reader.finishReason).toBe("length");
    // Cut off before its finish chunk: nothing said, so nothing carried over from the last request.
    feed(reader, parser, event('{"content":"Hi"}', null));
    expect(reader.finishReason).toBeNull();
  });

  it("keeps the last one when several chunks say it (n > 1 finishing at different times is choices[0]'s)", () => {
    const reader = new StreamReader("openai");
    const parser = new SseParser(reader);
    feed(
      reader,
      parser,
      event('{"content":"a"}', "tool_calls") + event('{"content":"b"}', null) + event("{}", "stop"),
    );
    expect(reader.finishReason).toBe("stop");
  });

  it("is null for a generic sse stream (no finish_reason there)", () => {
    const reader = new StreamReader("sse");
    const parser = new SseParser(reader);
    feed(reader, parser, openAiStream("stop"));
    expect(reader.finishReason).toBeNull();
  });
});
