/**
 * The wall clock as this thread's monotonic clock reads it (`performance.timeOrigin + now()`):
 * epoch ms that never jump with NTP steps during a run, comparable across threads and, with
 * synced clocks, across machines. Worker threads start on one posted t0 with it, and shards on
 * one `--start-at` instant.
 */
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

/** The last stretch is waited by spinning: a timer may fire a millisecond late (or early). */
const SPIN_MS = 2;

/** Wall-clock now in fractional epoch ms, on this thread's monotonic clock. */
export function wallNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Resolves at `atMs` (epoch ms; within microseconds after it, never before) with true, or with
 * false as soon as `signal` aborts. Sleeps, then spins the last `SPIN_MS` (once per run).
 */
export async function untilWallClock(atMs: number, signal?: AbortSignal): Promise<boolean> {
  const aheadMs = atMs - wallNowMs() - SPIN_MS;
  if (aheadMs > 0) {
    try {
      await sleep(aheadMs, undefined, signal ? { signal } : {});
    } catch {
      return false;
    }
  }
  while (wallNowMs() < atMs) {
    // Spin: at most SPIN_MS.
  }
  return true;
}
