/**
 * The open model's client-side queue: schedule offsets (ms from t0) of arrivals waiting for a
 * free connection, oldest first, in a fixed ring buffer (no allocation per arrival). Offsets go
 * in in schedule order, so the queue is sorted and a prefix can be counted by binary search:
 * expiring or dropping many arrivals at once costs O(log n), not a loop over them.
 */
export class ArrivalQueue {
  private readonly offsetsMs: Float64Array;
  private head = 0;
  size = 0;

  /** @param capacity most arrivals that may wait; `push` refuses beyond it. */
  constructor(readonly capacity: number) {
    this.offsetsMs = new Float64Array(capacity);
  }

  /** Adds an arrival; false when the queue is full (the arrival is then dropped by the caller). */
  push(offsetMs: number): boolean {
    if (this.size === this.capacity) return false;
    this.offsetsMs[(this.head + this.size) % this.capacity] = offsetMs;
    this.size++;
    return true;
  }

  /** Removes and returns the oldest waiting arrival; only valid when `size > 0`. */
  shift(): number {
    const offset = this.offsetsMs[this.head] as number;
    this.head = (this.head + 1) % this.capacity;
    this.size--;
    return offset;
  }

  /** How many waiting arrivals have an offset below `limitMs` (or at most it, when `inclusive`). */
  countBelow(limitMs: number, inclusive = false): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.offsetsMs[(this.head + mid) % this.capacity] as number;
      if (v < limitMs || (inclusive && v === limitMs)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Removes the `count` oldest arrivals (at most `size`). */
  dropOldest(count: number): void {
    const n = Math.min(count, this.size);
    this.head = (this.head + n) % this.capacity;
    this.size -= n;
  }
}
