/**
 * `perf-gate compare --budget`: the budget's `regression:` rules decide, over real reports built
 * from histograms with known values (10..30 ms vs the same × 1.5, p95 29 → 43.5 ms).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Budget } from "../../src/budget/types.js";
import { main } from "../../src/cli/main.js";
import { buildReport, buildScenarioReport } from "../../src/report/build-report.js";
import type { Report } from "../../src/report/types.js";
import { writeReport } from "../../src/report/write-report.js";
import { makeResult, makeScenario, range, threshold } from "../report/fixtures.js";
import { captureIo } from "./cli-io.js";

/** A budget with a regression rule for "chat", as `compare --budget` reads it. */
const RULES_YAML = `version: 1
target: http://127.0.0.1:9
scenarios:
  - name: chat
    load: { connections: 4, duration: 10s }
    thresholds:
      latency.p95: 100ms
    regression:
      latency.p95: +10%
`;

let dir: string;
let budget: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-rules-"));
  budget = join(dir, "rules.yml");
  await writeFile(budget, RULES_YAML);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Writes a report of one closed-model scenario "chat" with these latencies; returns its path. */
async function reportFile(name: string, latencyMs: readonly number[]): Promise<string> {
  const file: Budget = {
    version: 1,
    file: "perf-budget.yml",
    target: "http://127.0.0.1:9",
    scenarios: [],
    secrets: [],
  };
  const chat = buildScenarioReport(
    await makeResult({ latencyMs, measuredDurationMs: 10_000 }),
    makeScenario([threshold("latency.p95", "<=", 100, "100ms", 7)], { durationMs: 10_000 }),
    "http://127.0.0.1:9/v1/chat",
  );
  const report: Report = buildReport({
    budget: file,
    scenarios: [chat],
    startedAt: new Date(0),
    finishedAt: new Date(10_000),
    incomplete: false,
    toolVersion: "0.1.0",
  });
  const path = join(dir, name);
  await writeReport(path, report, []);
  return path;
}

/** 10..30 ms, p95 ≈ 29 ms; scaled by `factor`. */
function latencies(factor = 1): number[] {
  return range(10, 30, 0.02).map((ms) => ms * factor);
}

describe("perf-gate compare --budget", () => {
  it("exits 1 on a regression beyond tolerance and noise, with the rule's row in both outputs", async () => {
    const base = await reportFile("base-r.json", latencies());
    const head = await reportFile("head-r.json", latencies(1.5));
    const md = join(dir, "regression.md");
    const cap = captureIo();
    const code = await main(
      ["compare", base, head, "--budget", budget, "--markdown", md, "--no-color"],
      cap.io,
    );
    expect(cap.stderr()).toBe(`markdown summary written to ${md}\n`);
    expect(code).toBe(1);
    const row =
      cap
        .stdout()
        .split("\n")
        .find((l) => l.includes("REGRESSION")) ?? "";
    expect(row).toMatch(
      /REGRESSION\s+latency\.p95\s+29\.\d+ ms → 43\.\d+ ms\s+\+14\.\d+ ms \(\+50\.\d%\)\s+95% CI/,
    );
    expect(row).toContain("rule +10%");
    expect(cap.stdout()).toMatch(/gate: FAIL {2}1 of 1 threshold passed · 1 regression/);
    const summary = await readFile(md, "utf8");
    expect(summary.split("\n")[0]).toBe("## ❌ perf-gate failed: 1 of 1 threshold passed · 1 regression");
    expect(summary).toMatch(
      /\| `latency\.p95` \| 29\.\d+ ms \| 43\.\d+ ms \| \+14\.\d+ ms \(\+50\.\d%\)<br>95% CI .* \| vs baseline `\+10%` \| 🔺 regression \|/,
    );
  });

  it("exits 0 when the same rules find no regression", async () => {
    const base = await reportFile("base-same.json", latencies());
    const head = await reportFile("head-same.json", latencies());
    const cap = captureIo();
    expect(await main(["compare", base, head, "--budget", budget], cap.io)).toBe(0);
    expect(cap.stdout()).toMatch(/PASS\s+latency\.p95/);
  });
});
