/**
 * The open model's client-side queue: due times (performance.now() ms) of arrivals waiting for a
 * free connection, oldest first, in a fixed ring buffer (no allocation per arrival).
 */
export class ArrivalQueue {
  private readonly dueMs: Float64Array;
  private head = 0;
  size = 0;

  /** @param capacity most arrivals that may wait; `push` refuses beyond it. */
  constructor(readonly capacity: number) {
    this.dueMs = new Float64Array(capacity);
  }

  /** Adds an arrival; false when the queue is full (the arrival is then dropped by the caller). */
  push(dueMs: number): boolean {
    if (this.size === this.capacity) return false;
    this.dueMs[(this.head + this.size) % this.capacity] = dueMs;
    this.size++;
    return true;
  }

  /** Due time of the oldest waiting arrival; only valid when `size > 0`. */
  peek(): number {
    return this.dueMs[this.head] as number;
  }

  /** Removes and returns the oldest waiting arrival; only valid when `size > 0`. */
  shift(): number {
    const due = this.dueMs[this.head] as number;
    this.head = (this.head + 1) % this.capacity;
    this.size--;
    return due;
  }
}
