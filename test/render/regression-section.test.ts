import { beforeAll, describe, expect, it } from "vitest";
import { createPaint } from "../../src/render/ansi.js";
import { renderRegressionSection } from "../../src/render/regression-section.js";
import type { Report } from "../../src/report/types.js";
import { sampleGate } from "./sample-gate.js";
import { sampleReport } from "./sample-report.js";

const plain = createPaint(false);
let report: Report;
beforeAll(async () => {
  report = await sampleReport();
});

describe("renderRegressionSection", () => {
  it("lists each rule with status, baseline → this run, change and interval, rule and budget line", () => {
    const lines = renderRegressionSection(sampleGate(report), "perf-budget.yml", plain);
    expect(lines[0]).toBe("regressions vs run 1234 on main at abc1234:");
    const row = (word: string, metric: string) =>
      lines.find((l) => l.trimStart().startsWith(word) && l.includes(metric)) ?? "";
    expect(row("REGRESSION", "latency.p95")).toMatch(
      /^ {4}REGRESSION {2}latency\.p95 {2}760\.0 ms → 950\.0 ms {2}\+190\.0 ms \(\+25\.0%\) {2}95% CI \+150\.0 … \+230\.0 ms {2}rule \+10% +perf-budget\.yml:18$/,
    );
    expect(row("NOISE", "latency.p99")).toContain("rule { max: +15%, floor: 20ms }");
    expect(row("PASS", "error_rate")).toContain("0% → 1.96%");
    expect(lines).toContain("  health  not gated: the baseline ran a different load (connections 4 → 8)");
    expect(row("N/A", "latency.p99")).toContain("perf-budget.yml:25");
    expect(lines.at(-1)).toBe("gate: FAIL  1 of 4 thresholds failed · 1 regression · 1 within noise");
  });

  it("without a baseline says regressions were not checked; prints the gate's warnings", () => {
    const gate = {
      ...sampleGate(report, { baseline: false }),
      warnings: ["no baseline: regressions not checked"],
    };
    expect(renderRegressionSection(gate, "perf-budget.yml", plain)).toEqual([
      "regressions: not checked (no baseline)",
      "warning: no baseline: regressions not checked",
      "gate: FAIL  1 of 4 thresholds failed · no baseline",
    ]);
  });

  it("colours a regression red only when asked", () => {
    const lines = renderRegressionSection(sampleGate(report), "perf-budget.yml", createPaint(true));
    expect(lines.find((l) => l.includes("REGRESSION"))).toContain("\u001b[31m");
    for (const l of renderRegressionSection(sampleGate(report), "perf-budget.yml", plain))
      expect(l).not.toContain("\u001b[");
  });
});
