import * as hdr from "hdr-histogram-js";
import { HIGHEST_TRACKABLE_US, type Histogram } from "./histogram.js";

/** The latency quantiles of one second of the timeline, ms. */
export interface SecondQuantiles {
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
}

/**
 * Latency p50 / p95 / p99 per completion second, for the timeline of a load shape: ONE live
 * histogram holds the current second's ok latencies, and when a completion of a later second
 * arrives it is read into three numbers and reset. A histogram per second kept alive would cost a
 * histogram's WebAssembly memory every second of the run; three floats cost 24 bytes.
 *
 * Completions arrive in time order (one thread, a monotonic clock), so seconds only move forward;
 * one recorded a hair late for a second already closed (never seen, but cheap to bound) counts in
 * the current one rather than reopening the closed one.
 */
export class SecondLatency {
  /**
   * Plain JavaScript, not WebAssembly like the report's histograms: it is never encoded or merged,
   * and the garbage collector frees it with the recorder (nobody has to `destroy()` it).
   */
  private readonly live: Histogram = hdr.build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_US,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
  private second = -1;
  private readonly p50Ms: number[] = [];
  private readonly p95Ms: number[] = [];
  private readonly p99Ms: number[] = [];

  /** An ok latency (integer µs) that completed in timeline second `second`. */
  record(second: number, latencyUs: number): void {
    if (second > this.second) {
      this.close();
      this.second = second;
    }
    this.live.recordValue(latencyUs);
  }

  /**
   * The quantiles of second `t`, or undefined when no ok request completed in it. The current
   * second is read from the live histogram without closing it, so this may be asked mid-run.
   */
  at(t: number): SecondQuantiles | undefined {
    if (t === this.second) return this.live.totalCount === 0 ? undefined : quantilesOf(this.live);
    const p50Ms = this.p50Ms[t];
    if (p50Ms === undefined) return undefined;
    return { p50Ms, p95Ms: this.p95Ms[t] ?? p50Ms, p99Ms: this.p99Ms[t] ?? p50Ms };
  }

  private close(): void {
    if (this.second < 0 || this.live.totalCount === 0) return;
    const q = quantilesOf(this.live);
    this.p50Ms[this.second] = q.p50Ms;
    this.p95Ms[this.second] = q.p95Ms;
    this.p99Ms[this.second] = q.p99Ms;
    this.live.reset();
  }
}

/** µs → ms at µs resolution; a percentile is its bucket's top, clamped to the largest value recorded. */
function quantilesOf(h: Histogram): SecondQuantiles {
  const max = h.maxValue;
  const at = (p: number): number => Math.round(Math.min(max, h.getValueAtPercentile(p))) / 1000;
  return { p50Ms: at(50), p95Ms: at(95), p99Ms: at(99) };
}
