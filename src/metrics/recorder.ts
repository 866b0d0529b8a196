import { ERROR_KINDS } from "./error-kinds.js";
import { ErrorSamples } from "./error-samples.js";
import { createHistogram, type Histogram, toThousandths } from "./histogram.js";
import { TimelineColumns } from "./timeline-columns.js";
import type { ErrorKind, ErrorSample, TimelinePoint } from "./types.js";

export { MAX_ERROR_SAMPLES, MAX_SAMPLES_PER_KIND } from "./error-samples.js";

/** What a scenario measures beyond the ordinary counters, each with its own timeline column. */
export interface RecorderExtras {
  /** The plan has an `slo`: count good requests (goodput). */
  readonly goodput?: boolean;
  /** The scenario streams: sum output tokens per second. */
  readonly outputTokens?: boolean;
}

/** What completed inside the measured window (see `ScenarioResult.window`), bytes aside. */
export interface WindowCounts {
  readonly responses: number;
  readonly ok: number;
  readonly outputTokens: number;
  readonly good: number;
}

/**
 * Milliseconds (performance.now() differences) → integer microseconds, clamped to what the
 * histograms track: `toThousandths`, the one rounding rule of every histogram, named for times.
 */
export function toUs(ms: number): number {
  return toThousandths(ms);
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
 * Two scopes, on purpose: totals and histograms take every measured request, the drain included
 * (its latency is real); the window counts and the timeline take only completions INSIDE the
 * measured window (measure start → planned end, or the stop), because per-second rates computed
 * over the window must not count what completed after it (4 loops on a 700 ms server for 5 s
 * complete 28 responses in the window, and 4 more in the drain: 5.6/s, not 6.4/s).
 *
 * One recorder per scenario and per thread: merging two is exact (histograms add, counters sum),
 * which keeps the engine splittable across workers.
 */
export class MetricsRecorder {
  readonly latency: Histogram = createHistogram();
  readonly latencyUncorrected: Histogram = createHistogram();
  readonly queueTime: Histogram = createHistogram();
  readonly latencyFailed: Histogram = createHistogram();
  /** Ok requests: latency origin → response headers (µs), see `recordPhases`. */
  readonly ttfb: Histogram = createHistogram();
  /** Ok requests: response headers → end of the body (µs). */
  readonly body: Histogram = createHistogram();
  ok = 0;
  failed = 0;
  /** Ok requests that met every objective of the plan's `slo` (counted only when it has one). */
  goodRequests = 0;
  private readonly samples = new ErrorSamples();
  /** Complete responses by status code 0…999. */
  private readonly statusCounts = new Uint32Array(1000);
  /** Failures by index in `ERROR_KINDS`. */
  private readonly errorCounts = new Uint32Array(ERROR_KINDS.length);
  private readonly columns: TimelineColumns;
  private timelineStartMs = 0;
  /** Completions at or after this (performance.now() ms) are past the window. */
  private windowEndMs = Number.POSITIVE_INFINITY;
  private windowResponses = 0;
  private windowOk = 0;
  private windowGood = 0;
  private windowTokens = 0;

  /**
   * @param durationMs planned measured duration; the timeline has one slot per started second.
   * @param extras which optional timeline columns to keep (absent from the timeline otherwise).
   */
  constructor(
    private readonly durationMs: number,
    extras: RecorderExtras = {},
  ) {
    this.columns = new TimelineColumns(
      Math.max(1, Math.ceil(durationMs / 1000)),
      extras.goodput === true,
      extras.outputTokens === true,
    );
  }

  /** The first failures recorded with a message (see `ErrorSamples` for the budget). */
  get errorSamples(): readonly ErrorSample[] {
    return this.samples.samples;
  }

  /**
   * Sets the monotonic time (performance.now() ms) at which the measured phase began; the window
   * ends `durationMs` later unless `endWindow` ends it sooner.
   */
  startTimeline(atMs: number): void {
    this.timelineStartMs = atMs;
    this.windowEndMs = atMs + this.durationMs;
  }

  /** The run was stopped at `atMs`: later completions are past the window. Never lengthens it. */
  endWindow(atMs: number): void {
    this.windowEndMs = Math.min(this.windowEndMs, atMs);
  }

  /** An ok response. Latencies in integer µs; `atMs` is the completion time (performance.now()). */
  recordOk(status: number, latencyUs: number, uncorrectedUs: number, queueUs: number, atMs: number): void {
    this.ok++;
    increment(this.statusCounts, status);
    this.latency.recordValue(latencyUs);
    this.latencyUncorrected.recordValue(uncorrectedUs);
    this.queueTime.recordValue(queueUs);
    const s = this.second(atMs);
    if (s < 0) return;
    this.windowResponses++;
    this.windowOk++;
    increment(this.columns.ok, s);
  }

  /**
   * The phases of an ok request just recorded by `recordOk` (µs): `ttfbUs` from the same origin
   * as its latency (so ttfb ≤ latency, and the open model's ttfb carries its queueing too),
   * `bodyUs` from its headers to its end; together they are its latency, to the µs rounding.
   * `latencyUs` and `atMs` are `recordOk`'s (a load shape files the phases with the same stage).
   */
  recordPhases(ttfbUs: number, bodyUs: number, _latencyUs: number, _atMs: number): void {
    this.ttfb.recordValue(ttfbUs);
    this.body.recordValue(bodyUs);
  }

  /**
   * A failed request of kind index `kindIndex` (see `ERROR_KINDS`). `status` is the status of a
   * complete response that failed (on its status, or inside its stream), else 0: no complete
   * response, counted neither under `status` nor as a response of the window.
   */
  recordFailure(kindIndex: number, status: number, latencyUs: number, atMs: number): void {
    this.failed++;
    increment(this.errorCounts, kindIndex);
    if (status > 0) increment(this.statusCounts, status);
    this.latencyFailed.recordValue(latencyUs);
    const s = this.second(atMs);
    if (s < 0) return;
    if (status > 0) {
      this.windowResponses++;
      increment(this.columns.failedResponses, s);
    }
    increment(this.columns.errors, s);
  }

  /**
   * `count` failures of kind index `kindIndex` at once, none a response, each `latencyUs`: the
   * open model's arrivals that waited out their timeout in the client queue, counted in one call
   * however many expired together.
   */
  recordFailures(kindIndex: number, count: number, latencyUs: number, atMs: number): void {
    this.failed += count;
    this.errorCounts[kindIndex] = (this.errorCounts[kindIndex] ?? 0) + count;
    this.latencyFailed.recordValueWithCount(latencyUs, count);
    const s = this.second(atMs);
    if (s >= 0) this.columns.errors[s] = (this.columns.errors[s] ?? 0) + count;
  }

  /**
   * A WARM-UP request that completed at `atMs`, inside the window: it is recorded nowhere else
   * (its latency began before the window), but it is throughput the window saw. Without it a
   * window would miss the requests in flight at its start (rate × latency of them), and a
   * long-streaming scenario's rates would read low. `response`: a complete HTTP response.
   */
  recordWindowOnly(response: boolean, ok: boolean, atMs: number): void {
    const s = this.second(atMs);
    if (s < 0 || !response) return;
    this.windowResponses++;
    if (ok) {
      this.windowOk++;
      increment(this.columns.ok, s);
    } else {
      increment(this.columns.errors, s);
      increment(this.columns.failedResponses, s);
    }
  }

  /** A warm-up request completed inside the window met every objective (see `recordWindowOnly`). */
  recordWindowGood(atMs: number): void {
    const s = this.second(atMs);
    if (s < 0) return;
    this.windowGood++;
    const good = this.columns.good;
    if (good !== null) increment(good, s);
  }

  /** An ok request completed at `atMs` met every objective (call after its `recordOk`). */
  recordGood(atMs: number): void {
    this.goodRequests++;
    const s = this.second(atMs);
    if (s < 0) return;
    this.windowGood++;
    const good = this.columns.good;
    if (good !== null) increment(good, s);
  }

  /** Output tokens of an ok request completed at `atMs`, for the window and the token timeline. */
  recordOutputTokens(tokens: number, atMs: number): void {
    const s = this.second(atMs);
    if (s < 0) return;
    this.windowTokens += tokens;
    const timeline = this.columns.outputTokens;
    if (timeline !== null) timeline[s] = (timeline[s] ?? 0) + tokens;
  }

  /** True while a failure of kind index `kindIndex` would still be kept as a sample. */
  wantsSample(kindIndex: number): boolean {
    return this.samples.wants(kindIndex);
  }

  /**
   * Keeps a sample of a failure of kind index `kindIndex` (unless enough are kept already):
   * `message` RAW (cut to `SAMPLE_RAW_CHARS`), the errno / undici `code`, the response `status`.
   */
  sampleError(kindIndex: number, message: string, code?: string, status?: number): void {
    this.samples.add(kindIndex, message, code, status);
  }

  /**
   * Second of the measured window a completion falls in, or -1 when it is outside the window (the
   * drain after its end; nothing measured completes before its start). The columns grow with the
   * seconds reached, so a long planned duration costs nothing up front.
   */
  protected second(atMs: number): number {
    if (atMs >= this.windowEndMs) return -1;
    // Clamped: a completion a rounding error short of the planned end is still in the last second.
    const s = Math.min(
      Math.max(0, Math.floor((atMs - this.timelineStartMs) / 1000)),
      this.columns.maxSeconds - 1,
    );
    this.columns.reach(s);
    return s;
  }

  /** What completed inside the window (bytes are the engine's: see `MeasuredPhase`). */
  window(): WindowCounts {
    return {
      responses: this.windowResponses,
      ok: this.windowOk,
      outputTokens: this.windowTokens,
      good: this.windowGood,
    };
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
   * Per-second completions of the window, one point per started second of the `durationMs` the
   * measured phase really lasted. Completions after the window (the drain, or after a stop) are
   * in no second: the timeline covers the window only.
   */
  timeline(durationMs: number): TimelinePoint[] {
    const seconds = Math.max(1, Math.ceil(Math.min(durationMs, this.durationMs) / 1000));
    const { ok, errors, failedResponses, good, outputTokens } = this.columns;
    return Array.from({ length: seconds }, (_, t) => {
      const point: { -readonly [K in keyof TimelinePoint]: TimelinePoint[K] } = {
        t,
        ok: ok[t] ?? 0,
        errors: errors[t] ?? 0,
      };
      // Only where some failures were not responses (connect errors, resets, timeouts): otherwise
      // responses = ok + errors, and the point stays as small as it always was.
      const failed = failedResponses[t] ?? 0;
      if (failed !== point.errors) point.responses = point.ok + failed;
      if (outputTokens !== null) point.outputTokens = outputTokens[t] ?? 0;
      if (good !== null) point.good = good[t] ?? 0;
      return point;
    });
  }

  /** Frees all six histograms (WebAssembly memory); for runs whose result is thrown away. */
  destroy(): void {
    this.ttfb.destroy();
    this.body.destroy();
    this.latency.destroy();
    this.latencyUncorrected.destroy();
    this.queueTime.destroy();
    this.latencyFailed.destroy();
  }
}
