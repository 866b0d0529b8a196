import { describe, expect, it } from "vitest";
import { GeneratorHealthMonitor, LAGGED_P99_MS } from "../../src/metrics/generator-health.js";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Blocks the event loop for `ms`, as a generator too busy to read its sockets would. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

describe("generator health", () => {
  it("reports an idle loop as healthy, with delays near zero", async () => {
    const monitor = new GeneratorHealthMonitor();
    monitor.start();
    await sleep(300);
    const health = monitor.stop();
    expect(health.lagged).toBe(false);
    expect(health.eventLoopDelayMeanMs).toBeLessThan(5);
  });

  it("flags a loop blocked for 40 ms at a time as lagged", async () => {
    const monitor = new GeneratorHealthMonitor();
    monitor.start();
    for (let i = 0; i < 8; i++) {
      block(40);
      await sleep(1);
    }
    const health = monitor.stop();
    // Each 40 ms block delays one 10 ms sample by ~30 ms or more.
    expect(health.eventLoopDelayMaxMs).toBeGreaterThanOrEqual(25);
    expect(health.eventLoopDelayP99Ms).toBeGreaterThan(LAGGED_P99_MS);
    expect(health.lagged).toBe(true);
  });

  it("returns zeros when it never sampled", () => {
    expect(new GeneratorHealthMonitor().stop()).toEqual({
      eventLoopDelayMeanMs: 0,
      eventLoopDelayP99Ms: 0,
      eventLoopDelayMaxMs: 0,
      lagged: false,
    });
  });
});
