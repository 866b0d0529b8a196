import { performance } from "node:perf_hooks";
import type { Dispatcher } from "undici";
import type { SseSpec, StreamFormat } from "../budget/types.js";
import { STATUS_OK, STREAM_ERROR_CODE, type StatusTable } from "./classify.js";
import { BUSY, RequestSlot, type SlotOwner } from "./request-slot.js";
import { SseParser } from "./sse-parser.js";
import { StreamReader } from "./stream-reader.js";
import { UsageBody } from "./usage-body.js";

/** What a request settles with when its stream was wrong inside a complete response. */
export const STREAM_ERROR: Error = Object.assign(new Error("the response stream was invalid"), {
  code: STREAM_ERROR_CODE,
});

/** How a timed slot reads its responses; built once per scenario. */
export interface StreamReading {
  /** How to read the body, or null: discard it and time only the headers (an slo's ttfb). */
  readonly format: StreamFormat | null;
  /** `stream: sse` described by `request.sse` (compiled paths); absent otherwise. */
  readonly sse?: SseSpec | undefined;
  /** Longest silence between the send and the headers or two reads, in ms (Infinity: none). */
  readonly idleTimeoutMs: number;
  readonly statusTable: StatusTable;
}

/**
 * A request slot that also times the response: headers, and for a streamed scenario every read,
 * fed through an SSE parser into a `StreamReader`; for a non-streamed body read for its usage
 * (format `json`) the body's bounded bytes (`UsageBody`), read once at its end. Used instead of
 * `RequestSlot` (chosen once per engine) for scenarios that stream, read usage or have an slo, so
 * plain scenarios keep the lean handler.
 *
 * The idle timeout needs no timer of its own: each read moves `deadlineMs` to `read + idle`,
 * capped by the whole-request deadline, and the engine's one sweep enforces whichever is sooner.
 */
export class StreamSlot extends RequestSlot {
  /** Null when the scenario (a multi-step scenario: the current step) does not stream. */
  reader: StreamReader | null = null;
  private parser: SseParser | null = null;
  /** `json` format: the body kept for its usage, instead of an SSE parser. */
  private usageBody: UsageBody | null = null;
  /**
   * Readers made so far, by format (a described sse stream: by its spec, one per step that has
   * one): a multi-step slot switches between them step by step. `json` has no parser.
   */
  private readonly readers = new Map<
    StreamFormat | SseSpec,
    { reader: StreamReader; parser: SseParser | null }
  >();
  /** The response is ok and streamed, and nothing has been wrong in it yet. */
  private parsing = false;
  private totalDeadlineMs = 0;
  /** Time of the socket read being processed, or -1 between reads (see `onResponseData`). */
  private readStampMs = -1;
  private readonly endRead = (): void => {
    this.readStampMs = -1;
  };

  constructor(
    owner: SlotOwner,
    connection: Dispatcher,
    protected reading: StreamReading,
  ) {
    super(owner, connection, reading.statusTable);
    this.useReading(reading);
  }

  /**
   * Reads the next responses as `reading` says (multi-step scenarios switch per step; call it
   * between requests only). Readers are made once per format and reused.
   */
  useReading(reading: StreamReading): void {
    this.reading = reading;
    this.statusTable = reading.statusTable;
    if (reading.format === null) {
      this.reader = null;
      this.parser = null;
      return;
    }
    const key = reading.format === "sse" ? (reading.sse ?? reading.format) : reading.format;
    let made = this.readers.get(key);
    if (made === undefined) {
      const reader = new StreamReader(reading.format, reading.sse);
      // A JSON body is read whole at its end (`UsageBody`), never parsed as events.
      made = { reader, parser: reading.format === "json" ? null : new SseParser(reader) };
      this.readers.set(key, made);
    }
    if (reading.format === "json") this.usageBody ??= new UsageBody();
    this.reader = made.reader;
    this.parser = made.parser;
  }

  override prepare(dueMs: number, deadlineMs: number, measured: boolean): void {
    super.prepare(dueMs, deadlineMs, measured);
    this.totalDeadlineMs = deadlineMs;
    this.readStampMs = -1;
    this.parsing = false;
    this.reader?.reset();
    this.parser?.reset();
    this.usageBody?.reset();
  }

  override onRequestStart(controller: Dispatcher.DispatchController): void {
    super.onRequestStart(controller);
    // Idle time counts from the send: a server that never answers is idle from there.
    if (this.state === BUSY) this.touch(this.startMs);
  }

  override onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    const now = performance.now();
    this.status = statusCode;
    this.headersMs = now;
    this.touch(now);
    // A failed status is classified by the status table; its body (an error page) is not a stream,
    // only the first bytes of a sample.
    const ok = (this.reading.statusTable[statusCode] ?? STATUS_OK) === STATUS_OK;
    this.parsing = this.reader !== null && ok;
    if (!ok) this.startBodySample(statusCode);
  }

  /**
   * One timestamp per socket read, taken before parsing: every event the read completes shares it
   * (their gap is 0: the client could not have seen them apart). undici calls this once per HTTP
   * chunk, several times for one read, all before the microtask queue runs: the stamp is taken on
   * the first call and dropped in a microtask, so the client's own parsing time between chunks
   * never shows up as inter-token latency.
   */
  override onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.sampleLength >= 0) this.captureBody(chunk);
    let now = this.readStampMs;
    if (now < 0) {
      now = performance.now();
      this.readStampMs = now;
      queueMicrotask(this.endRead);
    }
    this.touch(now);
    const reader = this.reader;
    const parser = this.parser;
    if (!this.parsing || reader === null) return;
    if (parser === null) {
      this.usageBody?.push(chunk);
      return;
    }
    reader.readMs = now;
    parser.push(chunk);
    if (parser.overflowed) reader.fail(`an SSE event grew past the parser's limit: ${parser.head}`);
    // On the first problem, stop interpreting but read on to the end of the body, so the
    // connection stays reusable; the request then settles as a stream_error.
    if (reader.failure !== null) this.parsing = false;
  }

  override onResponseEnd(): void {
    const reader = this.reader;
    const body = this.usageBody;
    if (this.parsing && reader !== null && this.parser === null && body !== null) {
      // Read once, at the end: a non-streamed body's usage is in its last bytes.
      reader.readJsonBody(body.wholeText(), body.tailText());
    } else if (this.parsing && reader !== null && this.parser !== null) {
      this.parser.end();
      // An ok response that was not a stream at all (e.g. JSON because the body did not ask for one).
      if (this.parser.events === 0) reader.fail(`no SSE event in the response: ${this.parser.head}`);
      else reader.checkSseMatched();
    }
    const failed = reader !== null && reader.failure !== null;
    this.owner.settle(this, performance.now(), failed ? STREAM_ERROR : null);
  }

  /** Frees what the slot's reader holds outside the JS heap; the slot is not used again. */
  override dispose(): void {
    for (const { reader } of this.readers.values()) reader.dispose();
  }

  private touch(nowMs: number): void {
    this.deadlineMs = Math.min(this.totalDeadlineMs, nowMs + this.reading.idleTimeoutMs);
  }
}
