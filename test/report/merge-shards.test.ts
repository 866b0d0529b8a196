/**
 * Shards of every kind of scenario merged back: a data file with response checks, a multi-step
 * flow with a capture, a load shape. Both shards run at the same time in this process against a
 * loopback items API (the known truth: what it received), are judged as shards, written and read
 * back as report files, then merged. Every count of the merge is the sum of the shards', and the
 * merged report is a valid report.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgetDigest } from "../../src/budget/budget-digest.js";
import { loadBudget } from "../../src/budget/load-budget.js";
import { judgeShard } from "../../src/judge-shard.js";
import { mergeShardFiles } from "../../src/merge-shard-files.js";
import type { MeasuredReport, Report } from "../../src/report/types.js";
import { checkReport, writeReport } from "../../src/report/write-report.js";
import { runBudget } from "../../src/run-budget.js";
import { type FlowServer, startFlowServer } from "../fixtures/flow-server.js";
import { issueExampleScenarios } from "../fixtures/issue-example.js";

let dir: string;
let server: FlowServer;
let shards: Report[];
let merged: MeasuredReport;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-merge-shards-"));
  server = await startFlowServer();
  await writeFile(
    join(dir, "queries.jsonl"),
    ['{"q": "red shoes"}', '{"q": "blue hat"}', '{"q": "green"}'].join("\n"),
  );
  const file = join(dir, "perf-budget.yml");
  await writeFile(
    file,
    [
      "version: 1",
      `target: ${server.url}`,
      "scenarios:",
      ...issueExampleScenarios(
        "{ rate: 40, connections: 4, duration: 1s }",
        "{ connections: 4, duration: 1s }",
      ),
      "  - name: shape",
      "    request: { path: /items }",
      "    load:",
      "      connections: 8",
      "      stages:",
      "        - { name: up, duration: 500ms, rate: 40 }",
      "        - { name: hold, duration: 500ms, rate: 40 }",
      "",
    ].join("\n"),
  );
  const budget = await loadBudget(file, { env: {} });
  const digest = await budgetDigest(file);
  const outcomes = await Promise.all(
    [0, 1].map((index) => runBudget(budget, { toolVersion: "0", part: { index, count: 2 } })),
  );
  shards = outcomes.map((o, i) =>
    judgeShard(o.measured, { budget, shard: { index: i + 1, count: 2 }, digest, notRun: [] }),
  );
  const files = shards.map((_, i) => join(dir, `s${i + 1}.json`));
  for (const [i, report] of shards.entries()) await writeReport(files[i] as string, report, []);
  ({ measured: merged } = await mergeShardFiles(files, { budget: { file, digest }, toolVersion: "0" }));
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Scenario `name` of `report`. */
function scenario(
  report: { readonly scenarios: readonly Report["scenarios"][number][] } | MeasuredReport,
  name: string,
) {
  const found = report.scenarios.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no scenario ${name}`);
  return found;
}

const sum = (values: readonly (number | undefined)[]): number =>
  values.reduce<number>((a, v) => a + (v ?? 0), 0);

describe("mergeShards", () => {
  it("sums every request the shards sent: what the server received", () => {
    const total = sum(merged.scenarios.map((s) => s.requests.total + s.warmup_requests));
    // Every iteration of the flow sends two requests (upload, read); the setup sends none here.
    const flow = scenario(merged, "upload-then-read");
    const sent = total + (flow.steps?.[1]?.requests.total ?? 0);
    expect(server.seen.length).toBe(sent);
  });

  it("sums response checks by name: evaluated and failed", () => {
    const checks = (r: Report | MeasuredReport) => scenario(r, "search").response_checks ?? [];
    expect(checks(merged).map((c) => c.name)).toEqual(checks(shards[0] as Report).map((c) => c.name));
    for (const [i, check] of checks(merged).entries()) {
      expect(check.evaluated).toBe(sum(shards.map((s) => checks(s)[i]?.evaluated)));
      expect(check.evaluated).toBe(
        scenario(merged, "search").requests.ok + scenario(merged, "search").requests.failed,
      );
    }
    expect(scenario(merged, "search").data).toEqual(scenario(shards[0] as Report, "search").data);
  });

  it("merges a flow step by step, each step's counts the shards' sum", () => {
    const steps = (r: Report | MeasuredReport) => scenario(r, "upload-then-read").steps ?? [];
    expect(steps(merged).map((s) => s.name)).toEqual(["upload", "read"]);
    for (const [i, step] of steps(merged).entries()) {
      expect(step.requests.total).toBe(sum(shards.map((s) => steps(s)[i]?.requests.total)));
      expect(step.latency.count).toBe(sum(shards.map((s) => steps(s)[i]?.latency.count)));
      expect(step.request).toEqual(steps(shards[0] as Report)[i]?.request);
    }
  });

  it("merges a load shape stage by stage, each as planned, its due arrivals the whole schedule's", () => {
    const stages = (r: Report | MeasuredReport) => scenario(r, "shape").stages ?? [];
    expect(stages(merged).map((s) => [s.name, s.planned])).toEqual(
      stages(shards[0] as Report).map((s) => [s.name, s.planned]),
    );
    for (const [i, stage] of stages(merged).entries())
      expect(stage.requests.total).toBe(sum(shards.map((s) => stages(s)[i]?.requests.total)));
    // 0 → 40/s over 0.5 s, then 40/s for 0.5 s: 10 + 20 arrivals.
    expect(scenario(merged, "shape").requests.due).toBe(30);
  });

  it("sums the phase timings: connect counts the shards' connections, ttfb and body their ok requests, per scenario, step and stage", () => {
    for (const name of ["search", "shape"]) {
      const whole = scenario(merged, name);
      for (const family of ["connect", "ttfb", "body"] as const) {
        const parts = shards.map((s) => scenario(s, name)[family]?.count);
        expect(whole[family]?.count, `${name} ${family}`).toBe(sum(parts));
      }
      expect(whole.connect?.count).toBeGreaterThan(0);
      expect(whole.ttfb?.count).toBe(whole.requests.ok);
      expect(whole.body?.count).toBe(whole.requests.ok);
      // An http target: no TLS connection, no block.
      expect(whole.tls).toBeUndefined();
    }
    for (const stage of scenario(merged, "shape").stages ?? [])
      expect(stage.ttfb?.count).toBe(stage.requests.ok);
    // A flow's iterations have no single response: its steps carry ttfb and body.
    const flow = scenario(merged, "upload-then-read");
    expect(flow.ttfb).toBeUndefined();
    for (const step of flow.steps ?? []) expect(step.body?.count).toBe(step.requests.ok);
  });

  it("writes a report that reads back as a valid report, with the whole load (no part)", () => {
    const judged = {
      ...merged,
      verdict: "pass",
      verdict_reason: "",
      thresholds_verdict: "pass",
      gate: shards[0]?.gate,
      not_run: [],
      warnings: [],
    };
    const withVerdicts = {
      ...judged,
      scenarios: merged.scenarios.map((s) => ({
        ...s,
        checks: [],
        verdict: "pass",
        thresholds_verdict: "pass",
        trust: { trusted: true, reasons: [], policy: "fail" },
      })),
    };
    const read = checkReport(JSON.parse(JSON.stringify(withVerdicts)), "merged");
    expect(typeof read === "string" ? read : "valid").toBe("valid");
    for (const s of merged.scenarios) expect(s.load.part).toBeUndefined();
  });
});
