import { beforeAll, describe, expect, it } from "vitest";
import type { Budget } from "../../src/budget/types.js";
import type { GateResult } from "../../src/gate/types.js";
import { judgeRun } from "../../src/judge-run.js";
import { renderMarkdownSummary } from "../../src/render/markdown-summary.js";
import { commentMarker, renderComment } from "../../src/render/pr-comment.js";
import { renderTerminalReport } from "../../src/render/terminal-report.js";
import { buildReport } from "../../src/report/build-report.js";
import type { Report } from "../../src/report/types.js";
import { rule } from "../gate/gate-fixtures.js";
import { threshold } from "../report/fixtures.js";
import { makeStepReport, makeStepScenario, type StepResultOptions } from "../report/step-fixtures.js";

const THRESHOLDS = [
  threshold("steps.read.latency.p95", "<=", 150, "150ms", 30),
  threshold("iteration.p95", "<=", 500, "500ms", 31),
  threshold("checks.read_body.pass_rate", ">=", 0.99, ">= 99%", 32),
];

async function measured(options: StepResultOptions = {}) {
  const budget: Budget = {
    version: 1,
    file: "perf-budget.yml",
    target: "http://127.0.0.1:1",
    scenarios: [makeStepScenario(THRESHOLDS)],
    secrets: [],
  };
  return buildReport({
    budget,
    scenarios: [await makeStepReport(options)],
    startedAt: new Date(0),
    finishedAt: new Date(10_000),
    incomplete: false,
    toolVersion: "0.0.0",
  });
}

// The baseline's read step has the known p95 of 188 ms; this run's is 50 % slower (282 ms).
let base: Report;
let report: Report;
let gate: GateResult;
beforeAll(async () => {
  base = judgeRun(await measured(), {
    thresholds: new Map(),
    rules: new Map(),
    baseline: null,
    baselineSource: null,
    failOn: "any",
  }).report;
  ({ report, gate } = judgeRun(await measured({ readScale: 1.5 }), {
    thresholds: new Map([["flow", THRESHOLDS]]),
    rules: new Map([["flow", [rule("steps.read.latency.p95", { maxRelative: 0.1, source: "+10%" })]]]),
    baseline: base,
    baselineSource: { description: "main" },
    failOn: "any",
  }));
});

describe("a multi-step scenario through the gate and the renderers", () => {
  it("fails the step threshold and the pass rate, passes iteration.p95, and finds the step regression", () => {
    expect(report.scenarios[0]?.checks.map((c) => [c.metric, c.pass])).toEqual([
      ["steps.read.latency.p95", false],
      ["iteration.p95", true],
      ["checks.read_body.pass_rate", false],
    ]);
    expect(gate.scenarios[0]?.comparison?.checks[0]?.status).toBe("regression");
    expect(report.verdict).toBe("fail");
  });

  it("formats step metrics as durations and pass rates as percentages in the summary table", () => {
    const md = renderMarkdownSummary(report, gate, { baseline: base });
    const row = (metric: string) => md.split("\n").find((l) => l.startsWith(`| \`${metric}\``)) ?? "";
    // Baseline column from the baseline's step block (188 ms), this run's (282 ms).
    expect(row("steps.read.latency.p95")).toMatch(/\| 188(\.\d+)? ms \| 282(\.\d+)? ms \|/);
    expect(row("steps.read.latency.p95")).toContain("≤ 150 ms");
    expect(row("checks.read_body.pass_rate")).toContain("96.94 %");
    expect(md).toContain("| step | requests |");
    expect(md).toContain("**Checks:** `upload_status` 100.0% · `read_body` 96.9% (3 failed)");
    expect(md).toContain("<details><summary>How the metrics are measured</summary>");
    expect(md).toContain("- `pass_rate`: checks.<check>.pass_rate: (evaluated − failed) / evaluated");
  });

  it("keeps the step table and checks in the PR comment, under its size limit", () => {
    const body = renderComment(report, gate, { marker: commentMarker("perf-budget.yml"), maxChars: 65_536 });
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain("| `read` | 100 | 2.00 % |");
  });

  it("prints the step table and the failing step threshold in the terminal", () => {
    const text = renderTerminalReport(report, { color: false });
    expect(text).toContain("2 steps per iteration: upload → read");
    expect(text).toMatch(/FAIL\s+steps\.read\.latency\.p95\s+282(\.\d+)? ms/);
  });
});
