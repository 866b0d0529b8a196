import { SAMPLE_RAW_CHARS } from "../metrics/types.js";

/** Receives each complete event. */
export interface SseSink {
  /** `data`: the event's data lines joined by "\n" (WHATWG: trailing "\n" removed); `type`: the `event:` field, or "message". */
  onEvent(data: string, type: string): void;
}

const LF = 0x0a;
const COLON = 0x3a;
const SPACE = 0x20;
/** The body's head is kept RAW for samples: the report redacts secrets first, then cuts. */
const HEAD_CHARS = SAMPLE_RAW_CHARS;
const DEFAULT_MAX_EVENT_CHARS = 1_048_576;
// One options object for every read: `decode` must not allocate it per call on the hot path.
const STREAM = { stream: true } as const;

/**
 * Where a field's value starts when the line `s[start, end)` is the field `name`, else -1.
 * Matching names in place (no slice, no regex) keeps comment pings and data lines allocation-free
 * apart from the value itself; WHATWG strips exactly one space after the colon.
 */
function fieldValueStart(s: string, start: number, end: number, name: string): number {
  const after = start + name.length;
  if (after > end || !s.startsWith(name, start)) return -1;
  if (after === end) return end; // "data" with no colon: the field with an empty value
  if (s.charCodeAt(after) !== COLON) return -1; // e.g. "database: …" is another field
  // No bound check needed: the character at `end` is the line ending (or past the string), never a space.
  return s.charCodeAt(after + 1) === SPACE ? after + 2 : after + 1;
}

/**
 * An incremental `text/event-stream` parser following the WHATWG event-stream interpretation rules:
 * lines end with CRLF, LF or CR (a CRLF split across two reads is one line ending), a leading BOM is
 * ignored, a blank line dispatches, `:` lines are comments, `id` and `retry` are accepted and ignored
 * (a load tester never reconnects, so the last event id has no use).
 *
 * Built for the load generator's hot path: one instance per connection, reused across responses with
 * `reset()`; each read is scanned with `indexOf` once per line ending, and only data values, event
 * types and a line split across reads are copied.
 */
export class SseParser {
  readonly #sink: SseSink;
  readonly #maxEventChars: number;
  #decoder = new TextDecoder("utf-8");
  /** The start of a line whose ending has not arrived yet. */
  #pending = "";
  /** The previous read ended with CR: an LF opening the next read belongs to the same line ending. */
  #afterCr = false;
  #data = "";
  #hasData = false;
  #type = "";
  #overflowed = false;
  #events = 0;
  #head = "";
  /** Bumped by reset(), so a sink that resets from inside onEvent stops the read being parsed. */
  #generation = 0;

  /** @param maxEventChars the longest line or event data accepted, in UTF-16 characters (default 1 MiB). */
  constructor(sink: SseSink, maxEventChars = DEFAULT_MAX_EVENT_CHARS) {
    this.#sink = sink;
    this.#maxEventChars = maxEventChars;
  }

  /** True once a single line/event grew past maxEventChars: parsing stops for this response (the engine reports it as a stream_error). */
  get overflowed(): boolean {
    return this.#overflowed;
  }

  /** Events dispatched since reset(). */
  get events(): number {
    return this.#events;
  }

  /** The first characters of the body since reset() (at most `SAMPLE_RAW_CHARS`), for error samples, e.g. when a "stream" turned out to be a JSON error body. */
  get head(): string {
    return this.#head;
  }

  /** Feeds one network read. Decodes UTF-8 in stream mode (a code point split across reads is kept), splits lines, calls sink.onEvent synchronously for each event completed by this read. */
  push(chunk: Uint8Array): void {
    if (this.#overflowed) return;
    const text = this.#decoder.decode(chunk, STREAM);
    // A read holding only part of a code point decodes to "": a pending CR must survive it.
    if (text.length === 0) return;
    if (this.#head.length < HEAD_CHARS) this.#head += text.slice(0, HEAD_CHARS - this.#head.length);
    this.#scan(text);
  }

  /** Splits one decoded read into lines; the tail without a line ending waits in #pending. */
  #scan(text: string): void {
    let start = 0;
    if (this.#afterCr) {
      this.#afterCr = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    const generation = this.#generation;
    // Each indexOf runs once per line ending of its kind, never once per line over the whole read.
    let lf = text.indexOf("\n", start);
    let cr = text.indexOf("\r", start);
    while (lf !== -1 || cr !== -1) {
      const lineStart = start;
      const end = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
      start = end + 1;
      if (end === cr) {
        if (start === text.length) this.#afterCr = true;
        else if (text.charCodeAt(start) === LF) start++;
      }
      this.#takeLine(text, lineStart, end);
      if (this.#overflowed || generation !== this.#generation) return;
      if (lf !== -1 && lf < start) lf = text.indexOf("\n", start);
      if (cr !== -1 && cr < start) cr = text.indexOf("\r", start);
    }
    if (start < text.length) {
      this.#pending = this.#pending === "" ? text.slice(start) : this.#pending + text.slice(start);
      if (this.#pending.length > this.#maxEventChars) this.#overflowed = true;
    }
  }

  /** One complete line `text[start, end)`, prefixed by the part of it that came in earlier reads. */
  #takeLine(text: string, start: number, end: number): void {
    if (this.#pending === "") {
      this.#processLine(text, start, end);
      return;
    }
    const line = this.#pending + text.slice(start, end);
    this.#pending = "";
    this.#processLine(line, 0, line.length);
  }

  #processLine(s: string, start: number, end: number): void {
    if (start === end) {
      this.#dispatch();
      return;
    }
    if (end - start > this.#maxEventChars) {
      this.#overflowed = true;
      return;
    }
    if (s.charCodeAt(start) === COLON) return; // a comment, typically a keep-alive ping
    let value = fieldValueStart(s, start, end, "data");
    if (value !== -1) {
      this.#appendData(s.slice(value, end));
      return;
    }
    value = fieldValueStart(s, start, end, "event");
    if (value !== -1) this.#type = s.slice(value, end);
    // id, retry and unknown fields: nothing to do (see the class comment).
  }

  #appendData(value: string): void {
    // The data buffer is kept without its trailing "\n", which WHATWG strips at dispatch anyway;
    // #hasData tells `data:` with an empty value (dispatched as "") from no data line at all.
    if (this.#hasData) this.#data = `${this.#data}\n${value}`;
    else {
      this.#data = value;
      this.#hasData = true;
    }
    if (this.#data.length > this.#maxEventChars) this.#overflowed = true;
  }

  #dispatch(): void {
    if (!this.#hasData) {
      this.#type = "";
      return;
    }
    const data = this.#data;
    const type = this.#type === "" ? "message" : this.#type;
    // State is cleared before the sink runs, so a sink may reset() or read `events` consistently.
    this.#data = "";
    this.#hasData = false;
    this.#type = "";
    this.#events++;
    this.#sink.onEvent(data, type);
  }

  /** End of the body: flushes the decoder. An event without its terminating blank line is dropped (WHATWG). */
  end(): void {
    const tail = this.#decoder.decode();
    if (this.#head.length < HEAD_CHARS) this.#head += tail.slice(0, HEAD_CHARS - this.#head.length);
    this.#clearEvent();
  }

  /** Ready for the next response on the same connection. */
  reset(): void {
    this.#decoder.decode(); // a non-stream call discards a partial code point and re-arms BOM stripping
    this.#clearEvent();
    this.#overflowed = false;
    this.#events = 0;
    this.#head = "";
    this.#generation++;
  }

  #clearEvent(): void {
    this.#pending = "";
    this.#afterCr = false;
    this.#data = "";
    this.#hasData = false;
    this.#type = "";
  }
}
