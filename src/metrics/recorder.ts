import { ERROR_KINDS } from "./error-kinds.js";
import { createHistogram, type Histogram, toThousandths } from "./histogram.js";
import type { ErrorKind, ErrorSample, TimelinePoint } from "./types.js";

/** Error samples kept per scenario: enough to show what broke without growing with the run. */
export const MAX_ERROR_SAMPLES = 5;

/** What a scenario measures beyond the ordinary counters, each with its own timeline column. */
export interface RecorderExtras {
  /** The plan has an `slo`: count good requests (goodput). */
  readonly goodput?: boolean;
  /** The scenario streams: sum output tokens per second. */
  readonly outputTokens?: boolean;
}

/**
 * Milliseconds (performance.now() differences) → integer microseconds, clamped to what the
 * histograms track: `toThousandths`, the one rounding rule of every histogram, named for times.
 */
export function toUs(ms: number): number {
  return toThousandths(ms);
}

/** The first `seconds` values of `counts`, with every later one added to the last of them. */
function foldTail(counts: Uint32Array | Float64Array, seconds: number): number[] {
  const out = Array.from(counts.subarray(0, seconds));
  for (let t = seconds; t < counts.length; t++) out[seconds - 1] = (out[seconds - 1] ?? 0) + (counts[t] ?? 0);
  return out;
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
  /** Ok requests that met every objective of the plan's `slo` (counted only when it has one). */
  goodRequests = 0;
  /** The first `MAX_ERROR_SAMPLES` failures recorded with a message. */
  readonly errorSamples: ErrorSample[] = [];
  /** Complete responses by status code 0…999. */
  private readonly statusCounts = new Uint32Array(1000);
  /** Failures by index in `ERROR_KINDS`. */
  private readonly errorCounts = new Uint32Array(ERROR_KINDS.length);
  private readonly timelineOk: Uint32Array;
  private readonly timelineErrors: Uint32Array;
  private readonly timelineGood: Uint32Array | null;
  /** Float: estimated token counts need not be whole. */
  private readonly timelineTokens: Float64Array | null;
  private timelineStartMs = 0;

  /**
   * @param durationMs planned measured duration; the timeline has one slot per started second.
   * @param extras which optional timeline columns to keep (absent from the timeline otherwise).
   */
  constructor(durationMs: number, extras: RecorderExtras = {}) {
    const seconds = Math.max(1, Math.ceil(durationMs / 1000));
    this.timelineOk = new Uint32Array(seconds);
    this.timelineErrors = new Uint32Array(seconds);
    this.timelineGood = extras.goodput === true ? new Uint32Array(seconds) : null;
    this.timelineTokens = extras.outputTokens === true ? new Float64Array(seconds) : null;
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

  /** An ok request completed at `atMs` met every objective (call after its `recordOk`). */
  recordGood(atMs: number): void {
    this.goodRequests++;
    if (this.timelineGood !== null) increment(this.timelineGood, this.second(atMs));
  }

  /** Output tokens of an ok request completed at `atMs`, for the per-second token timeline. */
  recordOutputTokens(tokens: number, atMs: number): void {
    const timeline = this.timelineTokens;
    if (timeline === null) return;
    const s = this.second(atMs);
    timeline[s] = (timeline[s] ?? 0) + tokens;
  }

  /** Keeps `message` as a sample of a failure of `kind`, unless enough samples are kept already. */
  sampleError(kind: ErrorKind, message: string): void {
    if (this.errorSamples.length < MAX_ERROR_SAMPLES) this.errorSamples.push({ kind, message });
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
    const columns = {
      ok: foldTail(this.timelineOk, seconds),
      errors: foldTail(this.timelineErrors, seconds),
      good: this.timelineGood && foldTail(this.timelineGood, seconds),
      outputTokens: this.timelineTokens && foldTail(this.timelineTokens, seconds),
    };
    return Array.from({ length: seconds }, (_, t) => {
      const point: { -readonly [K in keyof TimelinePoint]: TimelinePoint[K] } = {
        t,
        ok: columns.ok[t] ?? 0,
        errors: columns.errors[t] ?? 0,
      };
      if (columns.outputTokens !== null) point.outputTokens = columns.outputTokens[t] ?? 0;
      if (columns.good !== null) point.good = columns.good[t] ?? 0;
      return point;
    });
  }

  /** Frees all four histograms (WebAssembly memory); for runs whose result is thrown away. */
  destroy(): void {
    this.latency.destroy();
    this.latencyUncorrected.destroy();
    this.queueTime.destroy();
    this.latencyFailed.destroy();
  }
}
