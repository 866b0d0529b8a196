import { createHistogram, type Histogram } from "../metrics/histogram.js";

/** Gaps a buffer holds before it first grows; it then doubles and is kept for reuse. */
const INITIAL_GAPS = 256;
/**
 * Most gaps a buffer holds (16 kB of µs): more than a long LLM answer has. A longer stream
 * spills the rest into a histogram of the buffer's own, so memory per in-flight stream is
 * bounded however long it runs (every gap used to be kept until the request ended: a stream
 * flooding content grew RSS by ~14 MB/s), and ITL stays exact (HDR add is exact).
 */
export const MAX_BUFFERED_GAPS = 4096;

/**
 * The gaps between one request's consecutive content events (integer µs), held until the request
 * ends: only an ok request's gaps reach `itl`, so they cannot be recorded as they come. One per
 * stream reader, reset per request; steady state allocates nothing.
 */
export class ContentGaps {
  /** The buffered gaps; the first `count` are this request's. */
  gapsUs = new Uint32Array(INITIAL_GAPS);
  count = 0;
  /** Gaps past `MAX_BUFFERED_GAPS`, made the first time a stream is that long. */
  private spilled: Histogram | null = null;

  /** Forgets the previous request's gaps. */
  reset(): void {
    this.count = 0;
    this.spilled?.reset();
  }

  /** Adds one gap, in µs. */
  push(us: number): void {
    if (this.count === this.gapsUs.length) {
      if (this.count >= MAX_BUFFERED_GAPS) {
        this.spilled ??= createHistogram();
        this.spilled.recordValue(us);
        return;
      }
      const grown = new Uint32Array(Math.min(this.gapsUs.length * 2, MAX_BUFFERED_GAPS));
      grown.set(this.gapsUs);
      this.gapsUs = grown;
    }
    this.gapsUs[this.count++] = us;
  }

  /** Adds every gap to `itl`: the buffered ones value by value, the spilled ones by an exact histogram add. */
  recordInto(itl: Histogram): void {
    const gaps = this.gapsUs;
    for (let i = 0; i < this.count; i++) itl.recordValue(gaps[i] ?? 0);
    const spilled = this.spilled;
    if (spilled !== null && spilled.totalCount > 0) itl.add(spilled);
  }

  /** Gaps so far, buffered and spilled. */
  total(): number {
    return this.count + (this.spilled?.totalCount ?? 0);
  }

  /** Frees the spill histogram (WebAssembly memory); the buffer is not used again. */
  dispose(): void {
    this.spilled?.destroy();
    this.spilled = null;
  }
}
