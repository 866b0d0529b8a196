/**
 * A pool closed while its first run is still getting ready (its histograms loading) must start
 * no thread: one started after `close()` was never terminated, and kept the process alive. This
 * file is its own process, so the pool's first run is the first to load the built lib/'s
 * histograms, and a `close()` one macrotask later lands inside that wait.
 */
import { describe, expect, it } from "vitest";
import type * as WorkerPoolModule from "../../src/load/worker-pool.js";
import { builtModule } from "./built-lib.js";
import { spyWorkers } from "./worker-spy.js";

describe("a worker pool closed during its first run's start", () => {
  it("starts no thread after close(), and the run fails saying the threads were closed (was: 2 threads started after close, never ended)", async () => {
    const pools = (await import(builtModule("load/worker-pool.js"))) as typeof WorkerPoolModule;
    const spy = spyWorkers();
    const { workers } = spy;
    try {
      const pool = pools.openWorkerPool(2);
      // No budget is read before the threads start: the origin is never opened.
      const running = pool
        .run({
          origin: { file: "/nonexistent/perf-budget.yml", env: {} },
          scenario: "s",
          count: 2,
          plannedMs: 1000,
        })
        .then(
          () => "ran",
          (error: Error) => error.message,
        );
      await new Promise((resolve) => setImmediate(resolve));
      await pool.close();
      const outcome = await running;
      expect(pools.workerThreadsStarted()).toBe(0);
      expect(workers).toEqual([]);
      expect(outcome).toBe('scenario "s": the worker threads were closed');
    } finally {
      spy.restore();
      // Without the fix the threads ran on: end them, so this file's process can exit.
      await Promise.all(workers.map((w) => w.terminate()));
    }
  }, 30_000);
});
