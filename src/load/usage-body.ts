import { USAGE_BODY_MAX_BYTES } from "../budget/usage-read.js";

/** Bytes of a long body's end kept, to find its `usage` when the body outgrew the head. */
export const USAGE_TAIL_BYTES = 64 * 1024;

/**
 * The bytes of a non-streamed response kept to read its `usage` (`request.usage`): the first
 * `USAGE_BODY_MAX_BYTES`, and past them a rolling window of the last `USAGE_TAIL_BYTES` (a
 * 3 MiB embeddings batch still ends with its usage). One per slot, its buffers reused request
 * after request, so memory per in-flight request is bounded however long the body is.
 */
export class UsageBody {
  private head: Buffer | null = null;
  private headLength = 0;
  private tail: Buffer | null = null;
  /** Bytes written into `tail` in all (its start is `tailWritten % USAGE_TAIL_BYTES`). */
  private tailWritten = 0;

  /** Forgets the previous body. */
  reset(): void {
    this.headLength = 0;
    this.tailWritten = 0;
  }

  /** Keeps what the bounds allow of `chunk` (undici may reuse its buffer: it is copied). */
  push(chunk: Buffer): void {
    this.head ??= Buffer.allocUnsafe(USAGE_BODY_MAX_BYTES);
    const room = this.head.length - this.headLength;
    const kept = Math.min(room, chunk.length);
    if (kept > 0) this.headLength += chunk.copy(this.head, this.headLength, 0, kept);
    for (let i = kept; i < chunk.length; ) {
      this.tail ??= Buffer.allocUnsafe(USAGE_TAIL_BYTES);
      const at = this.tailWritten % USAGE_TAIL_BYTES;
      const n = chunk.copy(this.tail, at, i, Math.min(chunk.length, i + USAGE_TAIL_BYTES - at));
      i += n;
      this.tailWritten += n;
    }
  }

  /** The whole body as text, or null when it was longer than the head (then read `tailText`). */
  wholeText(): string | null {
    if (this.tailWritten > 0 || this.head === null) return this.tailWritten > 0 ? null : "";
    return this.head.toString("utf8", 0, this.headLength);
  }

  /** The last bytes of a body longer than the head, in order (a cut code point decodes to U+FFFD). */
  tailText(): string {
    const tail = this.tail;
    if (tail === null || this.tailWritten === 0) return "";
    if (this.tailWritten <= USAGE_TAIL_BYTES) return tail.toString("utf8", 0, this.tailWritten);
    const at = this.tailWritten % USAGE_TAIL_BYTES;
    return Buffer.concat([tail.subarray(at), tail.subarray(0, at)]).toString("utf8");
  }
}
