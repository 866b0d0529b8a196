import { USAGE_BODY_MAX_BYTES } from "../budget/usage-read.js";

/** The head buffer's first size; it doubles as bodies need, up to `USAGE_BODY_MAX_BYTES`. */
const INITIAL_HEAD_BYTES = 16 * 1024;

/** Bytes of a long body's end kept, to find its `usage` when the body outgrew the head. */
export const USAGE_TAIL_BYTES = 64 * 1024;

/**
 * The bytes of a non-streamed response kept to read its `usage` (`request.usage`): the first
 * `USAGE_BODY_MAX_BYTES`, and past them a rolling window of the last `USAGE_TAIL_BYTES` (a
 * 3 MiB embeddings batch still ends with its usage). One per slot, its buffers grown as bodies
 * need and reused request after request, so memory per in-flight request is bounded however
 * long the body is.
 */
export class UsageBody {
  private head: Buffer | null = null;
  private headLength = 0;
  private tail: Buffer | null = null;
  /** Bytes written into `tail` in all (its start is `tailWritten % USAGE_TAIL_BYTES`). */
  private tailWritten = 0;

  /** Bytes the slot's buffers hold (memory, not body length). */
  get heldBytes(): number {
    return (this.head?.length ?? 0) + (this.tail?.length ?? 0);
  }

  /** Forgets the previous body. */
  reset(): void {
    this.headLength = 0;
    this.tailWritten = 0;
  }

  /** Keeps what the bounds allow of `chunk` (undici may reuse its buffer: it is copied). */
  push(chunk: Buffer): void {
    const head = this.grow(this.headLength + chunk.length);
    const kept = Math.min(head.length - this.headLength, chunk.length);
    if (kept > 0) this.headLength += chunk.copy(head, this.headLength, 0, kept);
    for (let i = kept; i < chunk.length; ) {
      this.tail ??= Buffer.allocUnsafe(USAGE_TAIL_BYTES);
      const at = this.tailWritten % USAGE_TAIL_BYTES;
      const n = chunk.copy(this.tail, at, i, Math.min(chunk.length, i + USAGE_TAIL_BYTES - at));
      i += n;
      this.tailWritten += n;
    }
  }

  /**
   * The head buffer, grown (doubling from `INITIAL_HEAD_BYTES`) to hold `bytes` up to the bound:
   * a slot that only ever sees 2 kB completions never holds a MiB (1,000 connections would hold
   * a GiB), and the grown buffer is kept for the slot's next responses.
   */
  private grow(bytes: number): Buffer {
    let head = this.head;
    if (head !== null && (head.length >= bytes || head.length >= USAGE_BODY_MAX_BYTES)) return head;
    let size = head?.length ?? INITIAL_HEAD_BYTES;
    while (size < bytes && size < USAGE_BODY_MAX_BYTES) size *= 2;
    const grown = Buffer.allocUnsafe(Math.min(size, USAGE_BODY_MAX_BYTES));
    if (head !== null) head.copy(grown, 0, 0, this.headLength);
    head = grown;
    this.head = head;
    return head;
  }

  /** The whole body as text, or null when it was longer than the head (then read `tailText`). */
  wholeText(): string | null {
    if (this.tailWritten > 0 || this.head === null) return this.tailWritten > 0 ? null : "";
    return this.head.toString("utf8", 0, this.headLength);
  }

  /**
   * The last `USAGE_TAIL_BYTES` of a body longer than the head, in order (a cut code point
   * decodes to U+FFFD). When fewer bytes than that came after the head, the head's end makes up
   * the rest: a `usage` object that began just before the head was full is still whole here.
   */
  tailText(): string {
    const tail = this.tail;
    if (tail === null || this.tailWritten === 0) return "";
    if (this.tailWritten <= USAGE_TAIL_BYTES) {
      const head = this.head;
      const fromHead = Math.min(this.headLength, USAGE_TAIL_BYTES - this.tailWritten);
      const start = head === null ? [] : [head.subarray(this.headLength - fromHead, this.headLength)];
      return Buffer.concat([...start, tail.subarray(0, this.tailWritten)]).toString("utf8");
    }
    const at = this.tailWritten % USAGE_TAIL_BYTES;
    return Buffer.concat([tail.subarray(at), tail.subarray(0, at)]).toString("utf8");
  }
}
