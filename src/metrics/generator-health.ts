import { type ELDHistogram, monitorEventLoopDelay } from "node:perf_hooks";
import type { GeneratorHealth } from "./types.js";

/** Sampling period of the event-loop delay monitor, in ms. */
const RESOLUTION_MS = 10;

/**
 * The generator is "lagged" when its own event loop was late by more than this at p99: any
 * response that landed during such a stall was timestamped up to that much too late, which is
 * already more than the difference a latency budget is usually written to catch.
 */
export const LAGGED_P99_MS = 20;

/**
 * Watches the generator's own event loop (`perf_hooks.monitorEventLoopDelay`) while the measured
 * phase runs. Node records the time between samples, resolution included, so the resolution is
 * subtracted to get the delay itself.
 */
export class GeneratorHealthMonitor {
  private readonly histogram: ELDHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private running = false;

  start(): void {
    if (this.running) return;
    this.running = true;
    this.histogram.enable();
  }

  /** Stops sampling (idempotent) and returns what was seen; all zeros when nothing was sampled. */
  stop(): GeneratorHealth {
    if (this.running) this.histogram.disable();
    this.running = false;
    const h = this.histogram;
    if (h.count === 0) {
      return { eventLoopDelayMeanMs: 0, eventLoopDelayP99Ms: 0, eventLoopDelayMaxMs: 0, lagged: false };
    }
    const delayMs = (ns: number): number => Math.max(0, ns / 1e6 - RESOLUTION_MS);
    const p99 = delayMs(h.percentile(99));
    return {
      eventLoopDelayMeanMs: delayMs(h.mean),
      eventLoopDelayP99Ms: p99,
      eventLoopDelayMaxMs: delayMs(h.max),
      lagged: p99 > LAGGED_P99_MS,
    };
  }
}
