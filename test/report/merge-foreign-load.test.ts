/**
 * Shards of one budget file (same digest) that ran another load or against another target: the
 * file's `${VAR}`s or `--target` differ per job, so the bytes match while the loads do not. The
 * truth: loopback servers count what each shard sent. Merged, such shards would describe a load
 * nobody ran (shard 1 for 1 s, shard 2 for 2 s, reported as one 1 s load), so merge refuses them.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgetDigest } from "../../src/budget/budget-digest.js";
import { loadBudget } from "../../src/budget/load-budget.js";
import { judgeShard } from "../../src/judge-shard.js";
import { mergeShardFiles } from "../../src/merge-shard-files.js";
import { writeReport } from "../../src/report/write-report.js";
import { runBudget } from "../../src/run-budget.js";
import { startServer, type TestServer } from "../fixtures/servers.js";

let dir: string;
let file: string;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-merge-foreign-"));
  a = await startServer({ delayMs: 1 });
  b = await startServer({ delayMs: 1 });
  file = join(dir, "perf-budget.yml");
  await writeFile(
    file,
    [
      "version: 1",
      "target: http://127.0.0.1:9",
      "scenarios:",
      "  - name: a",
      "    request: { path: / }",
      "    load:",
      "      rate: 40",
      "      connections: 4",
      '      duration: "${DURATION}"',
      "",
    ].join("\n"),
  );
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Shard `index` of 2 run with `env`, written to a file; returns the file. */
async function shard(index: number, env: { DURATION: string; API_URL: string }): Promise<string> {
  const budget = await loadBudget(file, { env: { DURATION: env.DURATION }, target: env.API_URL });
  const outcome = await runBudget(budget, { toolVersion: "0", part: { index: index - 1, count: 2 } });
  const report = judgeShard(outcome.measured, {
    budget,
    shard: { index, count: 2 },
    digest: await budgetDigest(file),
    notRun: [],
  });
  const out = join(dir, `s${index}-${env.DURATION}-${env.API_URL === a.url ? "a" : "b"}.json`);
  await writeReport(out, report, []);
  return out;
}

describe("merge of shards of one budget file that ran different loads", () => {
  it("refuses a shard that ran another duration (the same file, another ${DURATION}): the merge would report a load nobody ran", async () => {
    const before = a.stats.received;
    const files = await Promise.all([
      shard(1, { DURATION: "1s", API_URL: a.url }),
      shard(2, { DURATION: "2s", API_URL: a.url }),
    ]);
    // The truth: 20 (every 2nd of 40 in 1 s) + 40 (every 2nd of 80 in 2 s): no 40/s run of 1 s or of 2 s.
    expect(a.stats.received - before).toBe(60);
    const digest = await budgetDigest(file);
    await expect(mergeShardFiles(files, { budget: { file, digest }, toolVersion: "0" })).rejects.toThrow(
      /s2-2s-a\.json.*duration/,
    );
  }, 15_000);

  it("refuses a shard that ran against another target (another --target): its latencies are another service's", async () => {
    const files = await Promise.all([
      shard(1, { DURATION: "1s", API_URL: a.url }),
      shard(2, { DURATION: "1s", API_URL: b.url }),
    ]);
    expect(b.stats.received).toBe(20);
    const digest = await budgetDigest(file);
    await expect(mergeShardFiles(files, { budget: { file, digest }, toolVersion: "0" })).rejects.toThrow(
      /s2-1s-b\.json.*target/,
    );
  }, 15_000);

  it("merges shards that ran one load against one target", async () => {
    const files = await Promise.all([
      shard(1, { DURATION: "1s", API_URL: a.url }),
      shard(2, { DURATION: "1s", API_URL: a.url }),
    ]);
    const digest = await budgetDigest(file);
    const { measured } = await mergeShardFiles(files, { budget: { file, digest }, toolVersion: "0" });
    expect(measured.scenarios[0]?.requests.total).toBe(40);
  }, 15_000);
});
