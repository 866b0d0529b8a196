/**
 * `readCustomSseEvent` (a generic SSE stream described by `request.sse`), table-driven, and the
 * `StreamReader` that uses it fed a whole custom stream through the SSE parser.
 */
import { describe, expect, it } from "vitest";
import { buildSseSpec } from "../../src/budget/stream-body.js";
import { readCustomSseEvent, type SseEvent } from "../../src/load/sse-event.js";
import { SseParser } from "../../src/load/sse-parser.js";
import { StreamReader } from "../../src/load/stream-reader.js";

const ISSUE = buildSseSpec({ event: "delta", text: "$.delta.text", usage: "$.usage.output_tokens" });
const read = (type: string, data: string, spec = ISSUE) => readCustomSseEvent(spec, data, type);
const text = (t: string, end = false): SseEvent => ({ kind: "read", text: t, end });
const NOTHING = text("");

describe("readCustomSseEvent", () => {
  const rows: [string, string, string, SseEvent, ReturnType<typeof buildSseSpec>?][] = [
    ["a delta is content: its text only", "delta", '{"delta":{"text":"Hi"}}', text("Hi")],
    ["a delta with an empty text is no content", "delta", '{"delta":{"text":""}}', NOTHING],
    ["a delta with a null text is no content", "delta", '{"delta":{"text":null}}', NOTHING],
    ["a delta without the text path is no content", "delta", '{"delta":{}}', NOTHING],
    [
      "another event type is no content, even with text at the path",
      "ping",
      '{"delta":{"text":"x"}}',
      NOTHING,
    ],
    ["a ping that is not JSON is nothing (no event of the content type)", "ping", "keep-alive", NOTHING],
    [
      "usage from an event of any type",
      "usage",
      '{"usage":{"output_tokens":10}}',
      { kind: "read", text: "", end: false, outputTokens: 10 },
    ],
    [
      "usage riding on a content event",
      "delta",
      '{"delta":{"text":"!"},"usage":{"output_tokens":3}}',
      { kind: "read", text: "!", end: false, outputTokens: 3 },
    ],
    ["a null usage is no count", "usage", '{"usage":{"output_tokens":null}}', NOTHING],
    ["[DONE] ends the stream", "message", "[DONE]", text("", true)],
    ["an empty event is a keep-alive", "delta", "", NOTHING],
    [
      "no text path: the whole data of a content event",
      "token",
      "Hello",
      text("Hello"),
      buildSseSpec({ event: "token" }),
    ],
    [
      "no event filter: every type is a content type",
      "message",
      '{"delta":{"text":"a"}}',
      text("a"),
      buildSseSpec({ text: "$.delta.text" }),
    ],
    [
      "end names the closing event; its usage is still read",
      "done",
      '{"usage":{"output_tokens":7}}',
      { kind: "read", text: "", end: true, outputTokens: 7 },
      buildSseSpec({ event: ["token", "done"], text: "$.t", usage: "$.usage.output_tokens", end: "done" }),
    ],
    [
      "prompt_usage is the input count",
      "start",
      '{"usage":{"input_tokens":12}}',
      { kind: "read", text: "", end: false, inputTokens: 12 },
      buildSseSpec({ event: "delta", prompt_usage: "$.usage.input_tokens" }),
    ],
  ];
  it.each(rows)("%s", (_what, type, data, expected, spec = ISSUE) => {
    expect(read(type, data, spec)).toEqual(expected);
  });

  const invalid: [string, string, string, string][] = [
    [
      "a content event that is not JSON",
      "delta",
      "Hi there",
      "got event delta whose data is not JSON, but sse.text reads $.delta.text from it (Hi there)",
    ],
    [
      "a text path that selects a map",
      "delta",
      '{"delta":{"text":{"value":"Hi"}}}',
      'sse.text $.delta.text is a map in event delta, expected text: point sse.text at the string ({"delta":{"text":{"value":"Hi"}}})',
    ],
    [
      "a usage count that is text",
      "usage",
      '{"usage":{"output_tokens":"ten"}}',
      'sse.usage $.usage.output_tokens is the text "ten" in event usage, expected a token count: point sse.usage at the number ({"usage":{"output_tokens":"ten"}})',
    ],
    [
      "a negative usage count",
      "usage",
      '{"usage":{"output_tokens":-1}}',
      'sse.usage $.usage.output_tokens is -1 in event usage, expected a token count: point sse.usage at the number ({"usage":{"output_tokens":-1}})',
    ],
  ];
  it.each(invalid)("%s is invalid, with what was seen", (_what, type, data, message) => {
    expect(read(type, data)).toEqual({ kind: "invalid", message });
  });
});

describe("StreamReader with request.sse", () => {
  const stream = [
    'event: start\ndata: {"id":"r1"}\n\n',
    'event: ping\ndata: {"type":"ping"}\n\n',
    ": a comment ping\n\n",
    'event: delta\ndata: {"delta":{"text":" two words"}}\n\n',
    'event: ping\ndata: {"type":"ping"}\n\n',
    'event: delta\ndata: {"delta":{"text":" two words"}}\n\n',
    'event: usage\ndata: {"usage":{"input_tokens":12,"output_tokens":10}}\n\n',
    "event: stop\ndata: {}\n\n",
  ];

  /** Feeds `stream` one event per read, read i at i ms. */
  function feed(reader: StreamReader): void {
    const parser = new SseParser(reader);
    stream.forEach((chunk, i) => {
      reader.readMs = i;
      parser.push(new TextEncoder().encode(chunk));
    });
  }

  it("times the deltas only and takes the server's counts", () => {
    const spec = buildSseSpec({
      event: "delta",
      text: "$.delta.text",
      usage: "$.usage.output_tokens",
      prompt_usage: "$.usage.input_tokens",
      end: "stop",
    });
    const reader = new StreamReader("sse", spec);
    feed(reader);
    expect(reader.failure).toBeNull();
    expect(reader.firstContentMs).toBe(3);
    expect([...reader.gaps.gapsUs.subarray(0, reader.gaps.count)]).toEqual([2000]);
    expect(reader.hasUsage()).toBe(true);
    expect(reader.outputTokens()).toBe(10);
    expect(reader.promptTokens).toBe(12);
    expect(reader.sawDone).toBe(true);
  });

  it("without a usage path estimates the delta text only: 2 per delta", () => {
    const reader = new StreamReader("sse", buildSseSpec({ event: "delta", text: "$.delta.text" }));
    feed(reader);
    expect(reader.hasUsage()).toBe(false);
    expect(reader.outputTokens()).toBe(4);
    // No end event named and no [DONE]: the stream's own end never came.
    expect(reader.sawDone).toBe(false);
  });

  it("without request.sse counts every data event as content, envelopes included (why the key exists)", () => {
    const reader = new StreamReader("sse");
    feed(reader);
    expect(reader.firstContentMs).toBe(0);
    expect(reader.gaps.count).toBe(6);
    expect(reader.outputTokens()).toBeGreaterThan(20);
  });

  it("a spec is ignored by another format's reader", () => {
    const reader = new StreamReader("openai", buildSseSpec({ event: "delta" }));
    feed(reader);
    // Read as OpenAI chunks, none of these events has choices: no content; the usage event's
    // counts are read by the openai reader's own rules (either usage shape), not the spec's paths.
    expect(reader.firstContentMs).toBe(-1);
    expect(reader.outputTokens()).toBe(10);
  });
});
