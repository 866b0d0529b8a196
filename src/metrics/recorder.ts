import { ERROR_KINDS } from "./error-kinds.js";
import { createHistogram, HIGHEST_TRACKABLE_US, type Histogram } from "./histogram.js";
import type { ErrorKind, TimelinePoint } from "./types.js";

/**
 * Milliseconds (performance.now() differences) → integer microseconds, clamped to what the
 * histograms track. Rounding here is the rule: hdr-histogram-js would silently truncate fractions.
 */
export function toUs(ms: number): number {
  const us = Math.round(ms * 1000);
  return Math.min(Math.max(us, 0), HIGHEST_TRACKABLE_US);
}

function increment(counts: Uint32Array, index: number): void {
  counts[index] = (counts[index] ?? 0) + 1;
}

/**
 * Counters, histograms and the timeline of one scenario's measured phase. The engine calls
 * `recordOk` / `recordFailure` once per finished measured request; nothing here allocates per
 * call (typed arrays indexed by status, error kind and second). Histograms take integer
 * microseconds: callers pass `Math.round(ms * 1000)`, because hdr-histogram-js truncates fractions.
 *
 * One recorder per scenario and per thread: merging two is exact (histograms add, counters sum),
 * which keeps the engine splittable across workers.
 */
export class MetricsRecorder {
  readonly latency: Histogram = createHistogram();
  readonly latencyUncorrected: Histogram = createHistogram();
  readonly queueTime: Histogram = createHistogram();
  readonly latencyFailed: Histogram = createHistogram();
  ok = 0;
  failed = 0;
  /** Complete responses by status code 0…999. */
  private readonly statusCounts = new Uint32Array(1000);
  /** Failures by index in `ERROR_KINDS`. */
  private readonly errorCounts = new Uint32Array(ERROR_KINDS.length);
  private readonly timelineOk: Uint32Array;
  private readonly timelineErrors: Uint32Array;
  private timelineStartMs = 0;

  /** @param durationMs planned measured duration; the timeline has one slot per started second. */
  constructor(durationMs: number) {
    const seconds = Math.max(1, Math.ceil(durationMs / 1000));
    this.timelineOk = new Uint32Array(seconds);
    this.timelineErrors = new Uint32Array(seconds);
  }

  /** Sets the monotonic time (performance.now() ms) at which the measured phase began. */
  startTimeline(atMs: number): void {
    this.timelineStartMs = atMs;
  }

  /** An ok response. Latencies in integer µs; `atMs` is the completion time (performance.now()). */
  recordOk(status: number, latencyUs: number, uncorrectedUs: number, queueUs: number, atMs: number): void {
    this.ok++;
    increment(this.statusCounts, status);
    this.latency.recordValue(latencyUs);
    this.latencyUncorrected.recordValue(uncorrectedUs);
    this.queueTime.recordValue(queueUs);
    increment(this.timelineOk, this.second(atMs));
  }

  /**
   * A failed request of kind index `kindIndex` (see `ERROR_KINDS`). `status` is the status of a
   * complete response that failed on its status, else 0 (no complete response: not counted).
   */
  recordFailure(kindIndex: number, status: number, latencyUs: number, atMs: number): void {
    this.failed++;
    increment(this.errorCounts, kindIndex);
    if (status > 0) increment(this.statusCounts, status);
    this.latencyFailed.recordValue(latencyUs);
    increment(this.timelineErrors, this.second(atMs));
  }

  /**
   * Second of the measured phase a completion falls in. Completions during the drain (after the
   * planned end) land in the last second, so a partial trailing second never skews per-second
   * statistics.
   */
  private second(atMs: number): number {
    const s = Math.floor((atMs - this.timelineStartMs) / 1000);
    const last = this.timelineOk.length - 1;
    return Math.min(Math.max(s, 0), last);
  }

  /** Failures by kind; kinds that never happened are absent. */
  errors(): Partial<Record<ErrorKind, number>> {
    const out: Partial<Record<ErrorKind, number>> = {};
    ERROR_KINDS.forEach((kind, i) => {
      const n = this.errorCounts[i] ?? 0;
      if (n > 0) out[kind] = n;
    });
    return out;
  }

  /** Complete responses by exact status code, e.g. `{ "200": 950, "503": 50 }`. */
  status(): Record<string, number> {
    const out: Record<string, number> = {};
    this.statusCounts.forEach((n, code) => {
      if (n > 0) out[String(code)] = n;
    });
    return out;
  }

  /**
   * Per-second completions over the `durationMs` the measured phase really lasted. When a run
   * was stopped early, completions after the stop fold into its last second.
   */
  timeline(durationMs: number): TimelinePoint[] {
    const seconds = Math.min(this.timelineOk.length, Math.max(1, Math.ceil(durationMs / 1000)));
    const points = Array.from({ length: seconds }, (_, t) => ({
      t,
      ok: this.timelineOk[t] ?? 0,
      errors: this.timelineErrors[t] ?? 0,
    }));
    const last = points[seconds - 1] as TimelinePoint & { ok: number; errors: number };
    for (let t = seconds; t < this.timelineOk.length; t++) {
      last.ok += this.timelineOk[t] ?? 0;
      last.errors += this.timelineErrors[t] ?? 0;
    }
    return points;
  }

  /** Frees all four histograms (WebAssembly memory); for runs whose result is thrown away. */
  destroy(): void {
    this.latency.destroy();
    this.latencyUncorrected.destroy();
    this.queueTime.destroy();
    this.latencyFailed.destroy();
  }
}
