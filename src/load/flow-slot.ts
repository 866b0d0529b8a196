import type { Dispatcher } from "undici";
import type { ResponseView } from "../checks/types.js";
import type { TemplateContext } from "../template/types.js";
import type { SlotOwner } from "./request-slot.js";
import { type StreamReading, StreamSlot } from "./stream-slot.js";

/** Bodies kept for checks and captures are cut here: a check reads at most the first 4 MiB. */
export const MAX_CHECKED_BODY_BYTES = 4 * 1024 * 1024;

/** How a flow slot reads the response of the step it is on. */
export interface StepReading extends StreamReading {
  /** A check or capture reads the body: keep it (up to `MAX_CHECKED_BODY_BYTES`). */
  readonly keepBody: boolean;
  /** A check or capture reads headers: keep them. */
  readonly keepHeaders: boolean;
}

/** Mutable per-iteration template values: `vars` fills up step by step. */
export interface IterationContext extends TemplateContext {
  vars: Record<string, string>;
}

/**
 * A slot that carries an ITERATION (multi-step scenarios, or one request with checks): the
 * steps go out one after another on the slot's connection. Besides what a `StreamSlot` times,
 * it keeps what checks and captures read: the headers and the body, only when the current step
 * needs them, so a step that checks nothing buffers nothing.
 */
export class FlowSlot extends StreamSlot {
  /** Index of the step in flight. */
  step = 0;
  /** The iteration's due time (open model) or start (closed), and its first step's send. */
  iterationDueMs = 0;
  iterationStartMs = -1;
  /** How the iteration ended: an error-kind index, or -1 (ok); set when its last request ends. */
  outcome = -1;
  /** Status of the iteration's last complete response, 0 when it ended without one. */
  lastStatus = 0;
  /** The iteration's template values (seq, random, row, vars, setup). */
  context: IterationContext | null = null;
  private keepBody = false;
  private keepHeaders = false;
  private bodyParts: Buffer[] = [];
  private bodyBytes = 0;
  private headers: Record<string, string> | null = null;

  constructor(owner: SlotOwner, connection: Dispatcher, reading: StepReading) {
    super(owner, connection, reading);
    this.useStep(reading);
  }

  /** Reads the next request's response as `reading` says (call between requests only). */
  useStep(reading: StepReading): void {
    this.useReading(reading);
    this.keepBody = reading.keepBody;
    this.keepHeaders = reading.keepHeaders;
  }

  override prepare(dueMs: number, deadlineMs: number, measured: boolean): void {
    super.prepare(dueMs, deadlineMs, measured);
    if (this.bodyBytes > 0) this.bodyParts = [];
    this.bodyBytes = 0;
    this.headers = null;
  }

  override onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers?: Record<string, string | string[] | undefined>,
  ): void {
    super.onResponseStart(controller, statusCode);
    if (this.keepHeaders && headers !== undefined) this.headers = flatHeaders(headers);
  }

  override onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    super.onResponseData(controller, chunk);
    if (!this.keepBody || this.bodyBytes >= MAX_CHECKED_BODY_BYTES) return;
    // undici reuses nothing it hands over, but a chunk may be a view of a larger buffer: copy.
    const room = MAX_CHECKED_BODY_BYTES - this.bodyBytes;
    const part = chunk.length <= room ? Buffer.from(chunk) : Buffer.from(chunk.subarray(0, room));
    this.bodyParts.push(part);
    this.bodyBytes += part.length;
  }

  /**
   * Said in a failed check's or capture's sample when the body was longer than checks read: a
   * JSONPath on a 5 MiB document otherwise fails with no hint why (its end was never kept).
   */
  get bodyCutNote(): string {
    return this.keepBody && this.bodyBytes >= MAX_CHECKED_BODY_BYTES
      ? ` (the body is longer than ${MAX_CHECKED_BODY_BYTES / 1024 / 1024} MiB: checks and captures read its first ${MAX_CHECKED_BODY_BYTES / 1024 / 1024} MiB only)`
      : "";
  }

  /** What checks and captures see of the response that just ended. */
  view(): ResponseView {
    const reader = this.reader;
    const body = this.keepBody ? Buffer.concat(this.bodyParts, this.bodyBytes).toString("utf8") : null;
    return {
      status: this.status,
      headers: this.headers ?? {},
      body,
      ...(reader === null
        ? {}
        : {
            stream: {
              outputTokens: reader.outputTokens(),
              finishReason: reader.finishReason,
            },
          }),
    };
  }
}

/** Header values as one string each (repeated headers joined with ", "), names lower-case. */
export function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
