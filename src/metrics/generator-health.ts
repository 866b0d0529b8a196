import {
  createHistogram as createNodeHistogram,
  performance,
  type RecordableHistogram,
} from "node:perf_hooks";
import type { GeneratorHealth } from "./types.js";

/** Period of the event-loop heartbeat, in ms. */
export const RESOLUTION_MS = 10;

/**
 * The generator is "lagged" when its own event loop was late by more than this at p99: any
 * response that landed during such a stall was timestamped up to that much too late, which is
 * already more than the difference a latency budget is usually written to catch.
 */
export const LAGGED_P99_MS = 20;

/**
 * Also "lagged" when fewer than this share of the heartbeats that were due ran: the loop was
 * blocked for the rest of the time, whatever the percentiles of the few samples say.
 */
export const MIN_SAMPLE_SHARE = 0.5;

const ZERO: GeneratorHealth = {
  eventLoopDelayMeanMs: 0,
  eventLoopDelayP99Ms: 0,
  eventLoopDelayMaxMs: 0,
  lagged: false,
};

/**
 * Watches the generator's own event loop while the measured phase runs: a heartbeat every
 * `RESOLUTION_MS` records how late it ran (what `perf_hooks.monitorEventLoopDelay` does, in a
 * Node histogram). Done here rather than with that monitor because a loop blocked until the end
 * of the run gives the monitor no sample at all, and it then reported a healthy loop exactly
 * when it was not: `stop()` records the beat that is overdue at that moment, and a run in which
 * too few beats could run is lagged whatever its percentiles.
 */
export class GeneratorHealthMonitor {
  private readonly histogram: RecordableHistogram = createNodeHistogram();
  private timer: NodeJS.Timeout | null = null;
  private startedMs = -1;
  private lastBeatMs = 0;
  private result: GeneratorHealth | null = null;

  start(): void {
    if (this.startedMs >= 0) return;
    this.startedMs = performance.now();
    this.lastBeatMs = this.startedMs;
    this.timer = setInterval(() => this.beat(performance.now()), RESOLUTION_MS);
    // The heartbeat alone must never keep a process alive.
    this.timer.unref();
  }

  /** Stops sampling (idempotent) and returns what was seen; all zeros when it never started. */
  stop(): GeneratorHealth {
    if (this.result !== null) return this.result;
    if (this.startedMs < 0 || this.timer === null) return ZERO;
    clearInterval(this.timer);
    this.timer = null;
    const now = performance.now();
    // The beat due now and not yet run: after a stall that lasts until the end, the only sample.
    if (now - this.lastBeatMs >= RESOLUTION_MS) this.beat(now);
    this.result = this.summarise(now - this.startedMs);
    return this.result;
  }

  private beat(nowMs: number): void {
    const lateMs = nowMs - this.lastBeatMs - RESOLUTION_MS;
    this.lastBeatMs = nowMs;
    // Integer µs (the histogram takes integers), at least 1.
    this.histogram.record(Math.max(1, Math.round(lateMs * 1000)));
  }

  private summarise(elapsedMs: number): GeneratorHealth {
    const h = this.histogram;
    if (h.count === 0) return ZERO;
    const ms = (us: number): number => us / 1000;
    const p99 = ms(h.percentile(99));
    const dueBeats = Math.floor(elapsedMs / RESOLUTION_MS);
    return {
      eventLoopDelayMeanMs: ms(h.mean),
      eventLoopDelayP99Ms: p99,
      eventLoopDelayMaxMs: ms(h.max),
      lagged: p99 > LAGGED_P99_MS || h.count < dueBeats * MIN_SAMPLE_SHARE,
    };
  }
}
