/**
 * A shard's own shortfall carried into the merge, and the merged thread count. The shard reports
 * are built from engine results with KNOWN counts (fixtures.ts), judged and written as `run
 * --shard k/4` writes them, then merged from the files. The truth: shard 2 of 4 started 340 of
 * its 400 arrivals (160/s for 10 s, a quarter each), without dropping any or lagging. In the sums
 * that is 1,540 of 1,600 (96.25 %), over the 95 % a whole run needs, so the merged run passed
 * although one shard could not produce its share; it must be untrusted, and say which shard.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgetDigest } from "../../src/budget/budget-digest.js";
import { loadBudget } from "../../src/budget/load-budget.js";
import type { Budget } from "../../src/budget/types.js";
import { judgeRun, thresholdsOf } from "../../src/judge-run.js";
import { judgeShard } from "../../src/judge-shard.js";
import { mergeShardFiles } from "../../src/merge-shard-files.js";
import { buildReport, buildScenarioReport } from "../../src/report/build-report.js";
import type { Report } from "../../src/report/types.js";
import { readReport, writeReport } from "../../src/report/write-report.js";
import { makeResult, type ResultSpec, range } from "./fixtures.js";

let dir: string;
let file: string;
let budget: Budget;
let digest: string;

const URL_ = "http://127.0.0.1:9";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-merge-shard-trust-"));
  file = join(dir, "perf-budget.yml");
  await writeFile(
    file,
    [
      "version: 1",
      `target: ${URL_}`,
      "scenarios:",
      "  - name: chat",
      "    request: { path: / }",
      "    load: { rate: 160, connections: 8, duration: 10s, warmup: 0s }",
      "    thresholds: { latency.p99: 2s }",
      "",
    ].join("\n"),
  );
  budget = await loadBudget(file, { env: {} });
  digest = await budgetDigest(file);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** What a shard measured: `started` arrivals of its 400, each answered in 1…started ms; `spec` overrides. */
interface ShardSpec {
  readonly started?: number;
  readonly workers?: number;
  readonly spec?: ResultSpec;
}

/**
 * Shard `index` of 4 as `run --shard` writes it: the engine result built from known counts,
 * reported with its part, judged as a shard, written to a file; returns the file.
 */
async function shardFile(index: number, shard: ShardSpec = {}, tag = "s"): Promise<string> {
  const started = shard.started ?? 400;
  const result = await makeResult({
    model: "open",
    latencyMs: range(1, started),
    requests: { due: started },
    ...shard.spec,
  });
  const scenario = budget.scenarios[0];
  if (scenario === undefined) throw new Error("no scenario");
  const ran = { ...scenario, load: { ...scenario.load, workers: shard.workers ?? 1 } };
  const block = buildScenarioReport(result, ran, `${URL_}/`);
  const measured = buildReport({
    budget,
    scenarios: [{ ...block, load: { ...block.load, part: { index: index - 1, count: 4 } } }],
    startedAt: new Date(Date.UTC(2025, 0, 1)),
    finishedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, 10)),
    incomplete: result.incomplete,
    toolVersion: "0",
  });
  const report = judgeShard(measured, { budget, shard: { index, count: 4 }, digest, notRun: [] });
  const path = join(dir, `${tag}${index}.json`);
  await writeReport(path, report, []);
  return path;
}

/** The four shards (`odd` replaces some), merged from their files and gated with the budget's thresholds. */
async function mergeFour(
  odd: Readonly<Record<number, ShardSpec>>,
  tag: string,
  untrusted: "fail" | "warn" = "fail",
): Promise<{ report: Report; merged: Awaited<ReturnType<typeof mergeShardFiles>>; out: string }> {
  const files: string[] = [];
  for (const index of [1, 2, 3, 4]) files.push(await shardFile(index, odd[index], tag));
  const merged = await mergeShardFiles(files, { budget: { file, digest }, toolVersion: "0" });
  const measured =
    untrusted === "warn"
      ? {
          ...merged.measured,
          scenarios: merged.measured.scenarios.map((s) => ({ ...s, load: { ...s.load, untrusted } })),
        }
      : merged.measured;
  const { report } = judgeRun(measured, {
    thresholds: thresholdsOf(budget),
    rules: new Map(),
    baseline: null,
    baselineSource: null,
    failOn: "any",
    notRun: merged.notRun,
    ...(merged.interruptedBy ? { interruptedBy: merged.interruptedBy } : {}),
  });
  const out = join(dir, `${tag}-merged.json`);
  await writeReport(out, report, []);
  return { report, merged, out };
}

describe("a shard's own trust shortfall in the merge", () => {
  it("passes four shards that each produced their share (the control: 1,600 of 1,600)", async () => {
    const { report } = await mergeFour({}, "ok");
    expect(report.scenarios[0]?.requests.total).toBe(1600);
    expect(report.verdict).toBe("pass");
    expect(report.scenarios[0]?.untrusted_shards).toBeUndefined();
  });

  it("is untrusted when one shard started 85 % of its share (340 of 400), which the sums (96.25 %) hide, naming the shard", async () => {
    const { report, out } = await mergeFour({ 2: { started: 340 } }, "short");
    const chat = report.scenarios[0];
    // The sums are still exact, and alone they would pass: 1,540 of 1,600 is over 95 %.
    expect(chat?.requests.total).toBe(1540);
    expect(1540 / 1600).toBeGreaterThan(0.95);
    expect(report.verdict).toBe("untrusted");
    expect(report.verdict_reason).toBe(
      '"chat" is untrusted: shard 2 of 4: the generator could only start 340 of 400 due requests (85.0 %): raise connections (8) or lower rate (160/s)',
    );
    expect(chat?.untrusted_shards).toEqual([
      {
        index: 2,
        count: 4,
        reasons: [
          "the generator could only start 340 of 400 due requests (85.0 %): raise connections (8) or lower rate (160/s)",
        ],
      },
    ]);
    // Recorded in the file: reading it back (compare, a baseline) reaches the same trust.
    const back = await readReport(out);
    expect(back.scenarios[0]?.untrusted_shards?.[0]?.index).toBe(2);
    expect(back.scenarios[0]?.trust.trusted).toBe(false);
    // A hand-edited shard that is not of the split ("shard 5 of 4") is not a report perf-gate reads.
    const text = await readFile(out, "utf8");
    const forged = join(dirname(out), "forged.json");
    await writeFile(forged, text.replace('"index": 2,', '"index": 5,'));
    expect(text).toContain('"index": 2,');
    await expect(readReport(forged)).rejects.toThrow(/untrusted_shards.*at most its count/);
  });

  it("names the lagging shard first when one shard's generator lagged", async () => {
    const { report } = await mergeFour({ 3: { spec: { lagged: true } } }, "lag");
    expect(report.verdict).toBe("untrusted");
    expect(report.verdict_reason).toMatch(
      /^"chat" is untrusted: shard 3 of 4: the generator lagged \(event-loop delay p99 95\.5 ms/,
    );
  });

  it("is untrusted when one shard got no answer at all while the others did", async () => {
    const { report } = await mergeFour(
      {
        4: {
          started: 400,
          spec: { latencyMs: [], failedMs: range(1, 400), errors: { connect: 400 }, requests: { due: 400 } },
        },
      },
      "dead",
    );
    expect(report.verdict).toBe("untrusted");
    expect(report.verdict_reason).toBe(
      '"chat" is untrusted: shard 4 of 4: nothing answered at http://127.0.0.1:9/: 400 connection errors',
    );
  });

  it("reads incomplete, naming the shard, when one shard was cut short", async () => {
    const { report } = await mergeFour(
      { 1: { started: 200, spec: { incomplete: true, measuredDurationMs: 5000 } } },
      "cut",
    );
    expect(report.verdict).toBe("incomplete");
    expect(report.verdict_reason).toBe(
      'interrupted by shard 1 of 4: 1 of 1 scenario started, "chat" cut short',
    );
  });

  it("warns, naming the shard, under untrusted: warn (the policy is the budget's)", async () => {
    const { report } = await mergeFour({ 2: { started: 340 } }, "warn", "warn");
    expect(report.verdict).toBe("pass");
    expect(report.warnings).toContain(
      'scenario "chat" untrusted (untrusted: warn): shard 2 of 4: the generator could only start 340 of 400 due requests (85.0 %): raise connections (8) or lower rate (160/s)',
    );
  });
});

describe("load.workers of a merged report", () => {
  it("counts every thread that generated the load: shards of 2, 1, 3 and 1 threads merge to 7, not shard 1's 2", async () => {
    const { report, out } = await mergeFour({ 1: { workers: 2 }, 3: { workers: 3 } }, "threads");
    expect(report.scenarios[0]?.load.workers).toBe(7);
    expect(report.scenarios[0]?.load.part).toBeUndefined();
    // The report schema accepts it (written, read back).
    expect((await readReport(out)).scenarios[0]?.load.workers).toBe(7);
  });

  it("says 4 threads for four single-threaded shards (none of them records a count)", async () => {
    const { report } = await mergeFour({}, "single");
    expect(report.scenarios[0]?.load.workers).toBe(4);
  });
});

describe("a shard whose share of the schedule was empty", () => {
  it("trusts a merge whose shards 3 and 4 were due no arrival (1/s for 2 s in 4 shards: 2 arrivals), as one process at that load is", async () => {
    const lowFile = join(dir, "low-rate.yml");
    await writeFile(
      lowFile,
      [
        "version: 1",
        `target: ${URL_}`,
        "scenarios:",
        "  - name: chat",
        "    request: { path: / }",
        "    load: { rate: 1, connections: 4, duration: 2s, warmup: 0s }",
        "",
      ].join("\n"),
    );
    const low = await loadBudget(lowFile, { env: {} });
    const lowDigest = await budgetDigest(lowFile);
    const scenario = low.scenarios[0];
    if (scenario === undefined) throw new Error("no scenario");
    // The one schedule's arrivals 0 and 1 are shards 1's and 2's (every 4th from its index): 3 and 4 own none.
    const files: string[] = [];
    for (const index of [1, 2, 3, 4]) {
      const own = index <= 2 ? 1 : 0;
      const result = await makeResult({
        model: "open",
        latencyMs: range(1, own),
        measuredDurationMs: 2000,
        requests: { due: own },
      });
      const block = buildScenarioReport(
        result,
        { ...scenario, load: { ...scenario.load, workers: 1 } },
        `${URL_}/`,
      );
      const measured = buildReport({
        budget: low,
        scenarios: [{ ...block, load: { ...block.load, part: { index: index - 1, count: 4 } } }],
        startedAt: new Date(Date.UTC(2025, 0, 1)),
        finishedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, 2)),
        incomplete: false,
        toolVersion: "0",
      });
      const report = judgeShard(measured, {
        budget: low,
        shard: { index, count: 4 },
        digest: lowDigest,
        notRun: [],
      });
      const path = join(dir, `empty${index}.json`);
      await writeReport(path, report, []);
      files.push(path);
    }
    const merged = await mergeShardFiles(files, {
      budget: { file: lowFile, digest: lowDigest },
      toolVersion: "0",
    });
    const { report } = judgeRun(merged.measured, {
      thresholds: thresholdsOf(low),
      rules: new Map(),
      baseline: null,
      baselineSource: null,
      failOn: "any",
      notRun: merged.notRun,
    });
    expect(report.scenarios[0]?.requests.total).toBe(2);
    expect(report.scenarios[0]?.untrusted_shards).toBeUndefined();
    expect(report.scenarios[0]?.trust.reasons).toEqual([]);
    expect(report.verdict).toBe("pass");
  });
});
