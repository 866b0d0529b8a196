import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../src/load/schedule.js";
import { SseParser } from "../../src/load/sse-parser.js";
import { SAMPLE_RAW_CHARS } from "../../src/metrics/types.js";

type Event = readonly [data: string, type: string];

const encoder = new TextEncoder();

/** A parser whose sink records every event as [data, type]. */
function recordingParser(maxEventChars?: number): { parser: SseParser; events: Event[] } {
  const events: Event[] = [];
  const parser = new SseParser({ onEvent: (data, type) => events.push([data, type]) }, maxEventChars);
  return { parser, events };
}

/** Feeds `bytes` cut at `cuts` (ascending byte offsets), then ends the body. */
function parseSplit(bytes: Uint8Array, cuts: readonly number[]): Event[] {
  const { parser, events } = recordingParser();
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    parser.push(bytes.subarray(from, cut));
    from = cut;
  }
  parser.end();
  return events;
}

function parseReads(...reads: (string | Uint8Array)[]): Event[] {
  const { parser, events } = recordingParser();
  for (const read of reads) parser.push(typeof read === "string" ? encoder.encode(read) : read);
  parser.end();
  return events;
}

// A stream exercising every rule at once: BOM, all three line endings, comment pings between and
// inside events, event/id/retry fields, multi-line data, data with and without the space, a field
// with no colon, and 2-, 3- and 4-byte UTF-8 characters that a byte split cuts in half.
const MIXED_STREAM =
  "\uFEFF: ping\r\n" +
  "retry: 3000\r\n" +
  'data: {"choices":[{"delta":{"role":"assistant","content":""}}]}\r\n\r\n' +
  'id: 1\ndata: {"content":"Café"}\n\n' +
  ": keep-alive\n\n" +
  "event: delta\rdata:日本\r: ping inside the event\rdata: 🚀 second line\r\r" +
  "data\n\n" +
  "event: ignored because no data\n\n" +
  "id: 2\u0000\ndata:  two spaces\r\n\r\n" +
  "data: [DONE]\n\n";

const MIXED_EVENTS: Event[] = [
  ['{"choices":[{"delta":{"role":"assistant","content":""}}]}', "message"],
  ['{"content":"Café"}', "message"],
  ["日本\n🚀 second line", "delta"],
  ["", "message"],
  [" two spaces", "message"],
  ["[DONE]", "message"],
];

describe("SseParser framing", () => {
  const bytes = encoder.encode(MIXED_STREAM);

  it("parses the reference stream in one read", () => {
    expect(parseSplit(bytes, [])).toEqual(MIXED_EVENTS);
  });

  it("gives the same events when the stream is split in two at every byte position", () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(parseSplit(bytes, [cut]), `split at byte ${cut}`).toEqual(MIXED_EVENTS);
    }
  });

  it("gives the same events for 500 seeded random splits into many pieces, and byte by byte", () => {
    const random = mulberry32(20_261_130);
    for (let run = 0; run < 500; run++) {
      const cuts: number[] = [];
      for (let at = 0; at < bytes.length; at += 1 + Math.floor(random() * 12)) cuts.push(at);
      expect(parseSplit(bytes, cuts), `run ${run}, cuts ${cuts.join(",")}`).toEqual(MIXED_EVENTS);
    }
    const everyByte = Array.from({ length: bytes.length }, (_, i) => i);
    expect(parseSplit(bytes, everyByte)).toEqual(MIXED_EVENTS);
  });

  it("dispatches many events from one read synchronously, counting them", () => {
    const { parser, events } = recordingParser();
    parser.push(encoder.encode(Array.from({ length: 100 }, (_, i) => `data: ${i}\n\n`).join("")));
    expect(events).toHaveLength(100);
    expect(events[99]).toEqual(["99", "message"]);
    expect(parser.events).toBe(100);
  });
});

describe("SseParser lines and fields", () => {
  const cases: { name: string; input: string; events: Event[] }[] = [
    {
      name: "LF endings",
      input: "data: a\n\ndata: b\n\n",
      events: [
        ["a", "message"],
        ["b", "message"],
      ],
    },
    {
      name: "CRLF endings",
      input: "data: a\r\n\r\ndata: b\r\n\r\n",
      events: [
        ["a", "message"],
        ["b", "message"],
      ],
    },
    {
      name: "CR endings",
      input: "data: a\r\rdata: b\r\r",
      events: [
        ["a", "message"],
        ["b", "message"],
      ],
    },
    {
      name: "multi-line data joined by LF",
      input: "data: a\ndata: b\ndata: c\n\n",
      events: [["a\nb\nc", "message"]],
    },
    { name: "data without the space", input: "data:x\n\n", events: [["x", "message"]] },
    { name: "only one space stripped", input: "data:  x \n\n", events: [[" x ", "message"]] },
    { name: "colon inside the value kept", input: "data: a: b\n\n", events: [["a: b", "message"]] },
    { name: "data with no colon is an empty line", input: "data\ndata\n\n", events: [["\n", "message"]] },
    { name: "empty data dispatches an empty event", input: "data:\n\n", events: [["", "message"]] },
    { name: "comment pings only: no event", input: ": ping\n\n:\n\n", events: [] },
    { name: "comment inside an event", input: "data: a\n: ping\ndata: b\n\n", events: [["a\nb", "message"]] },
    { name: "event field sets the type", input: "event: done\ndata: x\n\n", events: [["x", "done"]] },
    {
      name: "type resets to message after dispatch",
      input: "event: a\ndata: 1\n\ndata: 2\n\n",
      events: [
        ["1", "a"],
        ["2", "message"],
      ],
    },
    {
      name: "type of an event without data does not leak",
      input: "event: a\n\ndata: 1\n\n",
      events: [["1", "message"]],
    },
    { name: "empty event field means message", input: "event:\ndata: 1\n\n", events: [["1", "message"]] },
    {
      name: "id, retry and unknown fields ignored",
      input: "id: 7\nretry: 1000\nid: x\u0000y\nfoo: bar\ndata: 1\n\n",
      events: [["1", "message"]],
    },
    {
      name: "field names match exactly and case-sensitively",
      input: "database: x\nDATA: y\ndata : z\ndata: 1\n\n",
      events: [["1", "message"]],
    },
    { name: "blank lines without data dispatch nothing", input: "\n\n\r\n\r\r", events: [] },
  ];

  for (const { name, input, events } of cases) {
    it(`${name} (one read, then byte by byte)`, () => {
      const bytes = encoder.encode(input);
      expect(parseSplit(bytes, [])).toEqual(events);
      expect(
        parseSplit(
          bytes,
          Array.from({ length: bytes.length }, (_, i) => i),
        ),
      ).toEqual(events);
    });
  }

  it("treats CR at the end of one read and LF at the start of the next as one line ending", () => {
    // Were they two endings, the LF would be a blank line dispatching "a" on its own.
    expect(parseReads("data: a\r", "\ndata: b\r\n\r\n")).toEqual([["a\nb", "message"]]);
    expect(parseReads("data: a\r", new Uint8Array(0), "\ndata: b\r\n\r\n")).toEqual([["a\nb", "message"]]);
  });

  it("keeps a lone CR ending a line when the next read starts with another character", () => {
    expect(parseReads("data: a\r", "data: b\r\r")).toEqual([["a\nb", "message"]]);
  });

  it("keeps multi-byte characters split across reads", () => {
    for (const text of ["é", "日本", "🚀", "e\u0301"]) {
      const bytes = encoder.encode(`data: ${text}\n\n`);
      for (let cut = 1; cut < bytes.length; cut++) {
        expect(parseSplit(bytes, [cut]), `${text} cut at ${cut}`).toEqual([[text, "message"]]);
      }
    }
  });

  it("ignores a leading BOM, also when it is split across reads, but keeps a later one", () => {
    expect(parseReads("\uFEFFdata: x\n\n")).toEqual([["x", "message"]]);
    expect(parseReads(new Uint8Array([0xef]), new Uint8Array([0xbb, 0xbf]), "data: x\n\n")).toEqual([
      ["x", "message"],
    ]);
    expect(parseReads("data: \uFEFFx\n\n")).toEqual([["\uFEFFx", "message"]]);
  });

  it("drops an event without its terminating blank line on end()", () => {
    expect(parseReads("data: a\n\ndata: b\n")).toEqual([["a", "message"]]);
    expect(parseReads("data: a\n\ndata: b")).toEqual([["a", "message"]]);
  });
});

describe("SseParser limits and reuse", () => {
  it("overflows on one line longer than maxEventChars, in one read or across reads, and stops", () => {
    const oneRead = recordingParser(16);
    oneRead.parser.push(encoder.encode(`data: ${"x".repeat(20)}\n\ndata: after\n\n`));
    expect(oneRead.parser.overflowed).toBe(true);
    expect(oneRead.events).toEqual([]);

    const acrossReads = recordingParser(16);
    for (let i = 0; i < 5; i++) acrossReads.parser.push(encoder.encode("data: xxxx"));
    expect(acrossReads.parser.overflowed).toBe(true);
    acrossReads.parser.push(encoder.encode("\n\ndata: after\n\n"));
    expect(acrossReads.events).toEqual([]);
  });

  it("overflows on an event whose data lines add up past maxEventChars", () => {
    const { parser, events } = recordingParser(16);
    parser.push(encoder.encode("data: 123456\ndata: 123456\n"));
    expect(parser.overflowed).toBe(false);
    parser.push(encoder.encode("data: 123456\n\n"));
    expect(parser.overflowed).toBe(true);
    expect(events).toEqual([]);
  });

  it("accepts an event of exactly maxEventChars", () => {
    const { parser, events } = recordingParser(16);
    parser.push(encoder.encode(`data: ${"x".repeat(10)}\n\n`));
    expect(parser.overflowed).toBe(false);
    expect(events).toEqual([["x".repeat(10), "message"]]);
  });

  it("reset() discards a partial line, a partial character, the type and the counters", () => {
    const { parser, events } = recordingParser(64);
    parser.push(encoder.encode("event: first\ndata: par"));
    parser.push(new Uint8Array([0xe6, 0x97])); // two of the three bytes of 日
    parser.reset();
    expect([parser.events, parser.head, parser.overflowed]).toEqual([0, "", false]);
    parser.push(encoder.encode("\uFEFFdata: b\n\n"));
    expect(events).toEqual([["b", "message"]]);
    expect([parser.events, parser.head]).toEqual([1, "data: b\n\n"]);

    parser.push(encoder.encode(`data: ${"x".repeat(100)}\n\n`));
    expect(parser.overflowed).toBe(true);
    parser.reset();
    parser.push(encoder.encode("data: c\n\n"));
    expect(events).toEqual([
      ["b", "message"],
      ["c", "message"],
    ]);
  });

  it("stops parsing the current read when the sink resets from inside onEvent", () => {
    const events: string[] = [];
    const parser: SseParser = new SseParser({
      onEvent: (data) => {
        events.push(data);
        parser.reset();
      },
    });
    parser.push(encoder.encode("data: a\n\ndata: b\n\n"));
    expect(events).toEqual(["a"]);
  });

  it("keeps the first SAMPLE_RAW_CHARS characters of the body in head, across reads", () => {
    const { parser } = recordingParser();
    const body = `{"error":{"message":"Invalid API key","type":"invalid_request_error"}}${" ".repeat(3000)}`;
    parser.push(encoder.encode(body.slice(0, 30)));
    expect(parser.head).toBe(body.slice(0, 30));
    parser.push(encoder.encode(body.slice(30)));
    parser.end();
    expect(parser.head).toBe(body.slice(0, SAMPLE_RAW_CHARS));
    expect(parser.events).toBe(0);
  });
});
