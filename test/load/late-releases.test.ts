/**
 * The open model counts the arrivals it got to late (`generator.lateReleases`): when the engine
 * releases an arrival is up to this machine alone (whether a connection is free is the server's
 * business), so the count is the generator's own lateness — what a capacity search needs before
 * it blames the server for a latency.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScenario } from "../../src/load/run-scenario.js";
import { destroyResult, makePlan } from "./plan.js";

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("late releases (open model)", () => {
  it("counts the arrivals due while the loop was blocked 150 ms as released late: about 150 ms × 200/s = 30", async () => {
    const plan = makePlan(base, { ratePerSec: 200, connections: 8, durationMs: 1000 });
    const block = setTimeout(() => {
      const until = performance.now() + 150;
      while (performance.now() < until) {
        // Busy: the generator's loop cannot release the arrivals falling due now.
      }
    }, 400);
    const result = await runScenario(plan);
    clearTimeout(block);
    try {
      const late = result.generator.lateReleases;
      expect(late?.released).toBeGreaterThan(150);
      // At least the arrivals due in the block's last 140 ms (> 10 ms late), 28; a busy machine adds some.
      expect(late?.late).toBeGreaterThanOrEqual(25);
      expect(late?.late).toBeLessThan(80);
    } finally {
      destroyResult(result);
    }
  });

  it("counts few when nothing blocks the loop (at most 10 % of 200 on a busy machine; none on an idle one)", async () => {
    const result = await runScenario(makePlan(base, { ratePerSec: 200, connections: 8, durationMs: 1000 }));
    try {
      expect(result.generator.lateReleases?.released).toBeGreaterThan(190);
      expect(result.generator.lateReleases?.late).toBeLessThanOrEqual(20);
    } finally {
      destroyResult(result);
    }
  });

  it("is absent in the closed model, which has no due times to be late for", async () => {
    const result = await runScenario(makePlan(base, { connections: 2, durationMs: 300 }));
    try {
      expect(result.generator.lateReleases).toBeUndefined();
    } finally {
      destroyResult(result);
    }
  });
});
