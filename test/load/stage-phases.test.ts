/**
 * A multi-step scenario with a load shape: its stages record whole iterations, which have no
 * single response, so a stage block has no `ttfb` or `body` (its steps have them). Checked on a
 * run in this process, on two shards written, read back and merged, on a run with two worker
 * threads (the built lib/, like test/load/workers.test.ts) and side by side (the rounds' stage
 * parts), against a loopback server that answers after a set 5 ms.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgetDigest } from "../../src/budget/budget-digest.js";
import { loadBudget } from "../../src/budget/load-budget.js";
import { judgeShard } from "../../src/judge-shard.js";
import { mergeShardFiles } from "../../src/merge-shard-files.js";
import type { MeasuredScenario } from "../../src/report/types.js";
import { checkReport, writeReport } from "../../src/report/write-report.js";
import { runBudget } from "../../src/run-budget.js";
import { startServer, type TestServer } from "../fixtures/servers.js";
import { importBuiltLib } from "./built-lib.js";

const DELAY_MS = 5;

let dir: string;
let server: TestServer;

/**
 * A budget file with one two-step scenario over two 300 ms stages at 20/s (`workers` when given;
 * side by side against the same server with `sides`: its rounds cut the shape in pieces).
 */
async function writeFlowBudget(name: string, workers?: number, sides = false): Promise<string> {
  const file = join(dir, name);
  await writeFile(
    file,
    [
      "version: 1",
      `target: ${server.url}`,
      ...(sides ? [`baseline_target: ${server.url}`] : []),
      "scenarios:",
      "  - name: flow",
      "    steps:",
      "      - { name: first, request: { path: /a } }",
      "      - { name: second, request: { path: /b } }",
      "    load:",
      "      connections: 4",
      ...(workers === undefined ? [] : [`      workers: ${workers}`]),
      "      stages: [{ name: up, duration: 300ms, rate: 20 }, { name: hold, duration: 300ms, rate: 20 }]",
      "",
    ].join("\n"),
  );
  return file;
}

/** Each stage has requests and no phase block; each step has ttfb and body for every ok request. */
function expectNoStagePhases(s: MeasuredScenario | undefined): void {
  if (s === undefined) throw new Error("no scenario measured");
  const stages = s.stages ?? [];
  expect(stages.map((stage) => stage.name)).toEqual(["up", "hold"]);
  for (const stage of stages) {
    expect(stage.requests.ok).toBeGreaterThan(0);
    expect(stage).not.toHaveProperty("ttfb");
    expect(stage).not.toHaveProperty("body");
  }
  expect(s).not.toHaveProperty("ttfb");
  expect(s).not.toHaveProperty("body");
  for (const step of s.steps ?? []) {
    expect(step.ttfb?.count).toBe(step.requests.ok);
    expect(step.body?.count).toBe(step.requests.ok);
    // The server holds every response DELAY_MS before its headers.
    expect(step.ttfb?.p50).toBeGreaterThanOrEqual(DELAY_MS);
  }
  expect(s.steps?.map((step) => step.name)).toEqual(["first", "second"]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-stage-phases-"));
  server = await startServer({ delayMs: DELAY_MS });
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("a multi-step scenario's stage blocks have no ttfb or body (was: empty blocks, count 0)", () => {
  it("one process: no ttfb / body in either stage block, the steps' ttfb counts every ok request, and the report is valid", async () => {
    const file = await writeFlowBudget("one.yml");
    const budget = await loadBudget(file, { env: {} });
    const outcome = await runBudget(budget, { toolVersion: "test" });
    const s = outcome.measured.scenarios[0];
    expectNoStagePhases(s);
    const report = judgeShard(outcome.measured, {
      budget,
      shard: { index: 1, count: 1 },
      digest: await budgetDigest(file),
      notRun: [],
    });
    expect(checkReport(JSON.parse(JSON.stringify(report)), "report.json")).not.toEqual(expect.any(String));
  }, 20_000);

  it("two shards written as report files, read back and merged: the merged stage blocks have none either", async () => {
    const file = await writeFlowBudget("shards.yml");
    const budget = await loadBudget(file, { env: {} });
    const digest = await budgetDigest(file);
    const outcomes = await Promise.all(
      [0, 1].map((index) => runBudget(budget, { toolVersion: "0", part: { index, count: 2 } })),
    );
    const files: string[] = [];
    for (const [i, o] of outcomes.entries()) {
      expectNoStagePhases(o.measured.scenarios[0]);
      const shard = judgeShard(o.measured, { budget, shard: { index: i + 1, count: 2 }, digest, notRun: [] });
      const path = join(dir, `s${i + 1}.json`);
      await writeReport(path, shard, []);
      files.push(path);
    }
    const { measured } = await mergeShardFiles(files, { budget: { file, digest }, toolVersion: "0" });
    expectNoStagePhases(measured.scenarios[0]);
    const ok = outcomes.map((o) => o.measured.scenarios[0]?.requests.ok ?? 0);
    expect(measured.scenarios[0]?.requests.ok).toBe((ok[0] ?? 0) + (ok[1] ?? 0));
  }, 30_000);

  it("two worker threads: the stage blocks merged from the workers have none either", async () => {
    const lib = await importBuiltLib();
    const file = await writeFlowBudget("workers.yml", 2);
    const outcome = await lib.runBudget(await lib.loadBudget(file, { env: {} }), { toolVersion: "test" });
    const s = outcome.measured.scenarios[0];
    expect(s?.load.workers).toBe(2);
    expectNoStagePhases(s);
  }, 120_000);

  it("side by side: the rounds' stage parts hold no ttfb or body statistics, only the iterations' latency", async () => {
    const file = await writeFlowBudget("sides.yml", undefined, true);
    const outcome = await runBudget(await loadBudget(file, { env: {} }), { toolVersion: "test" });
    const s = outcome.measured.scenarios[0];
    expectNoStagePhases(s);
    const parts = (s?.rounds ?? []).flatMap((r) => Object.values(r.stages ?? {}));
    expect(parts.length).toBeGreaterThanOrEqual(4);
    for (const part of parts) {
      expect(part.stats.latency?.count).toBe(part.ok);
      expect(part.stats).not.toHaveProperty("ttfb");
      expect(part.stats).not.toHaveProperty("body");
    }
  }, 30_000);
});
