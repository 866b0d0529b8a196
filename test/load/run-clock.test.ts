import { describe, expect, it } from "vitest";
import { RunClock } from "../../src/load/run-clock.js";

describe("run clock", () => {
  it("holds a 600 h phase timer (Node fired timers past 24.8 days after 1 ms: a 600 h run ended in 4 s)", async () => {
    const clock = new RunClock({
      connections: 1,
      arrival: "constant",
      seed: 1,
      durationMs: 600 * 3_600_000,
      warmupMs: 0,
      untrusted: "fail",
    });
    let fired = false;
    clock.after(600 * 3_600_000, () => {
      fired = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    clock.clear();
    expect(fired).toBe(false);
  });
});
