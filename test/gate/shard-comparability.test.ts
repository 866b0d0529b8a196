/**
 * A shard's report is not comparable with a run of the whole load, nor with a shard of another
 * split. The truth: a loopback server counts what each run sent. The whole load (40/s for 1 s)
 * and shard 1 of 2 of it report the same rate, connections and duration (a shard's `load` is the
 * whole load plus its `part`), yet the server received 40 against 20 requests: a shard used as a
 * `--baseline` would gate a halved load as a throughput change.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBudget } from "../../src/budget/load-budget.js";
import { loadDifferences } from "../../src/gate/comparability.js";
import type { LoadPart } from "../../src/load/part.js";
import type { MeasuredScenario } from "../../src/report/types.js";
import { runBudget } from "../../src/run-budget.js";
import { startServer, type TestServer } from "../fixtures/servers.js";

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startServer({ delayMs: 1 });
  dir = await mkdtemp(join(tmpdir(), "perf-gate-shard-cmp-"));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** One run of the budget (or `part` of it): its scenario block and what the server received. */
async function measure(part?: LoadPart): Promise<{ report: MeasuredScenario; received: number }> {
  const file = join(dir, "perf-budget.yml");
  await writeFile(
    file,
    [
      "version: 1",
      `target: ${server.url}`,
      "scenarios:",
      "  - name: a",
      "    request: { path: / }",
      "    load: { rate: 40, connections: 4, duration: 1s }",
      "",
    ].join("\n"),
  );
  const budget = await loadBudget(file, { env: {} });
  const before = server.stats.received;
  const outcome = await runBudget(budget, { toolVersion: "0", ...(part ? { part } : {}) });
  return {
    report: outcome.measured.scenarios[0] as MeasuredScenario,
    received: server.stats.received - before,
  };
}

describe("a shard's report against the whole load's (40/s for 1 s; shard 1 of 2)", () => {
  it("is not comparable: a shard sent half the load although rate, connections and duration match", async () => {
    const whole = await measure();
    const shard = await measure({ index: 0, count: 2 });
    const ofThree = await measure({ index: 0, count: 3 });
    // The truth: the server saw two different loads.
    expect(whole.received).toBe(40);
    expect(shard.received).toBe(20);
    expect(shard.report.load.rate).toBe(whole.report.load.rate);
    expect(loadDifferences(whole.report, shard.report).join("; ")).toMatch(/shard/);
    expect(loadDifferences(shard.report, whole.report).join("; ")).toMatch(/shard/);
    expect(loadDifferences(shard.report, ofThree.report).join("; ")).toMatch(/shard/);
    // Shard 1 of 2 against shard 1 of 2: the same share of the same load.
    expect(loadDifferences(shard.report, shard.report)).toEqual([]);
  }, 15_000);
});
