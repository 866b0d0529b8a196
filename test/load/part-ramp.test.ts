/**
 * A closed-model load shape split into parts (shards, worker threads) runs one process's loops.
 * The truth: a loopback server answering after 50 ms, so one loop sends ~20 requests a second.
 * The shape ramps from one loop to 4 over 1 s after a 500 ms warm-up at one loop: one process
 * sends ~10 warm-up requests and ~48 measured. Each of 4 parts used to ramp its own share from one
 * loop, so the 4 parts ran 4 loops in the warm-up and sent 40 warm-up and 76 measured requests.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBudget } from "../../src/budget/load-budget.js";
import { partLoops } from "../../src/load/part.js";
import { runBudget } from "../../src/run-budget.js";
import { startServer, type TestServer } from "../fixtures/servers.js";

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startServer({ delayMs: 50 });
  dir = await mkdtemp(join(tmpdir(), "perf-gate-part-ramp-"));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("a closed-model ramp (1 → 4 loops over 1 s, 500 ms warm-up) in 4 parts", () => {
  it("the parts' loops are one process's: warm-up and measured requests of 4 parts sum to a single run's (4 parts ran 4× the warm-up)", async () => {
    const file = join(dir, "perf-budget.yml");
    await writeFile(
      file,
      [
        "version: 1",
        `target: ${server.url}`,
        "scenarios:",
        "  - name: a",
        "    request: { path: / }",
        "    load:",
        "      warmup: 500ms",
        "      stages:",
        "        - { name: up, duration: 1s, connections: 4 }",
        "",
      ].join("\n"),
    );
    const budget = await loadBudget(file, { env: {} });
    const whole = (await runBudget(budget, { toolVersion: "0" })).measured.scenarios[0];
    const parts = (
      await Promise.all(
        [0, 1, 2, 3].map((index) => runBudget(budget, { toolVersion: "0", part: { index, count: 4 } })),
      )
    ).map((o) => o.measured.scenarios[0]);
    const sum = (pick: (s: (typeof parts)[number]) => number | undefined): number =>
      parts.reduce((a, s) => a + (pick(s) ?? 0), 0);
    // One loop for 500 ms at 50 ms a request: ~10 warm-up requests, in one process or four.
    expect(Math.abs((whole?.warmup_requests ?? 0) - 10)).toBeLessThanOrEqual(2);
    expect(Math.abs(sum((s) => s?.warmup_requests) - 10)).toBeLessThanOrEqual(2);
    // The ramp's area (2.5 loop-seconds at 20 requests each ≈ 48 with the ramp's rounding).
    const measured = sum((s) => s?.requests.total);
    expect(Math.abs(measured - (whole?.requests.total ?? 0))).toBeLessThanOrEqual(6);
    expect(Math.abs(measured - 48)).toBeLessThanOrEqual(8);
  }, 15_000);

  it("gives each part its own loops of the whole's count, 0 while the whole runs fewer than its index", () => {
    const of4 = (n: number) => [0, 1, 2, 3].map((index) => partLoops(n, { index, count: 4 }));
    expect(of4(1)).toEqual([1, 0, 0, 0]);
    expect(of4(6)).toEqual([2, 2, 1, 1]);
    expect(partLoops(3, undefined)).toBe(3);
  });
});
