import { performance } from "node:perf_hooks";
import type { Dispatcher } from "undici";
import { SAMPLE_RAW_CHARS } from "../metrics/types.js";
import { STATUS_OK, type StatusTable } from "./classify.js";

/** The slot is free. */
export const IDLE = 0;
/** A request of this slot is in flight and will be recorded when it ends. */
export const BUSY = 1;
/**
 * The request was given up (timed out, or cut off when a run is stopped) and already accounted
 * for; the slot waits for undici to let go of it before it can carry another request.
 */
export const ABANDONED = 2;

/** Who a slot reports to. Called exactly once per dispatched request. */
export interface SlotOwner {
  /** The request ended at `nowMs` (performance.now()): `error` null for a complete response. */
  settle(slot: RequestSlot, nowMs: number, error: Error | null): void;
  /** A measured response failed on its `status`: is a sample of its body still wanted? */
  wantsBodySample(status: number, slot?: RequestSlot): boolean;
}

/** Reason passed to undici when a request is given up; never classified (the slot is abandoned). */
export const ABANDON_REASON = new Error("perf-gate gave up this request");

/**
 * One connection and its in-flight request: the undici handler object and the timestamps of the
 * request. A slot is reused for request after request, so the hot path allocates no handler, no
 * closure and no timer per request. Times are `performance.now()` milliseconds (monotonic).
 */
export class RequestSlot implements Dispatcher.DispatchHandler {
  state = IDLE;
  /** Open model: when the request was due. Closed model: when the loop issued it. */
  dueMs = 0;
  /** When undici handed the request to a socket (just before writing it); -1 until then. */
  startMs = 0;
  /** Past this time the request is a `timeout`. */
  deadlineMs = 0;
  /** False for warm-up requests: sent, never recorded. */
  measured = false;
  /** Status of the response, 0 until its headers arrive. */
  status = 0;
  /** When the response headers arrived (performance.now() ms); -1 until then. */
  headersMs = -1;
  /** undici's controller for the request, set once it is written (used to abort it). */
  controller: Dispatcher.DispatchController | null = null;
  /** Bytes of a failed response's body kept for its sample, or -1: not sampling this response. */
  sampleLength = -1;
  /** The slot's sample buffer, allocated the first time one of its responses is sampled. */
  private sampleBytes: Buffer | null = null;

  /**
   * @param owner receives the outcome of each request
   * @param connection the slot's own connection: a slot never has two requests in flight. It is
   *   replaced when a request is given up before it was even written (a hung connect).
   */
  constructor(
    protected readonly owner: SlotOwner,
    public connection: Dispatcher,
    protected statusTable: StatusTable,
  ) {}

  /** Takes on a new request (the slot must be idle). */
  prepare(dueMs: number, deadlineMs: number, measured: boolean): void {
    this.state = BUSY;
    this.dueMs = dueMs;
    this.deadlineMs = deadlineMs;
    this.measured = measured;
    this.status = 0;
    this.headersMs = -1;
    this.startMs = -1;
    this.sampleLength = -1;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Given up before it even reached a socket: do not send it at all.
    if (this.state === ABANDONED) {
      controller.abort(ABANDON_REASON);
      return;
    }
    this.startMs = performance.now();
  }

  /** The one clock read the lean path adds per request: it splits latency into ttfb and body. */
  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.headersMs = performance.now();
    this.status = statusCode;
    if ((this.statusTable[statusCode] ?? STATUS_OK) !== STATUS_OK) this.startBodySample(statusCode);
  }

  /**
   * Bodies are read and discarded (byte counts come from the sockets, see `ByteMeter`), except
   * the first bytes of a failed response whose sample is wanted: the ok path only compares.
   */
  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.sampleLength >= 0) this.captureBody(chunk);
  }

  onResponseEnd(): void {
    this.owner.settle(this, performance.now(), null);
  }

  onResponseError(_controller: Dispatcher.DispatchController | null, error: Error): void {
    this.owner.settle(this, performance.now(), error);
  }

  /** Frees what the slot holds outside the JS heap once the run is over (nothing, here). */
  dispose(): void {}

  /** The sampled body as text: at most `SAMPLE_RAW_CHARS` bytes decoded, a cut code point dropped. */
  bodySampleText(): string {
    if (this.sampleLength <= 0 || this.sampleBytes === null) return "";
    // Stream mode holds back a code point cut at the end instead of decoding it to U+FFFD.
    return new TextDecoder().decode(this.sampleBytes.subarray(0, this.sampleLength), { stream: true });
  }

  /** A failed status arrived: keep the body's first bytes if the owner still wants a sample. */
  protected startBodySample(status: number): void {
    if (!this.measured || !this.owner.wantsBodySample(status, this)) return;
    this.sampleBytes ??= Buffer.allocUnsafe(SAMPLE_RAW_CHARS);
    this.sampleLength = 0;
  }

  /** Copies what still fits of `chunk` into the sample; never more than `SAMPLE_RAW_CHARS` bytes. */
  protected captureBody(chunk: Buffer): void {
    const buffer = this.sampleBytes;
    if (buffer === null || this.sampleLength >= buffer.length) return;
    this.sampleLength += chunk.copy(buffer, this.sampleLength, 0, buffer.length - this.sampleLength);
  }
}
