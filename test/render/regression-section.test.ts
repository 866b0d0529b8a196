import { beforeAll, describe, expect, it } from "vitest";
import { describeStatus } from "../../src/gate/regression-status.js";
import { findMetric } from "../../src/metrics/catalogue.js";
import { createPaint } from "../../src/render/ansi.js";
import { renderRegressionSection } from "../../src/render/regression-section.js";
import type { Report } from "../../src/report/types.js";
import { regressionCheck, sampleGate } from "./sample-gate.js";
import { sampleReport } from "./sample-report.js";

const plain = createPaint(false);
let report: Report;
beforeAll(async () => {
  report = await sampleReport();
});

describe("renderRegressionSection", () => {
  it("lists each rule with status, baseline → this run, change and interval, rule and budget line", () => {
    const lines = renderRegressionSection(report, sampleGate(report), plain);
    expect(lines[0]).toBe("regressions vs run 1234 on main at abc1234:");
    const row = (word: string, metric: string) =>
      lines.find((l) => l.trimStart().startsWith(word) && l.includes(metric)) ?? "";
    expect(row("REGRESSION", "latency.p95")).toMatch(
      /^ {4}REGRESSION {2}latency\.p95 {2}760\.0 ms → 950\.0 ms {2}\+190\.0 ms \(\+25\.0 %\) {2}95 % CI \+150\.0 … \+230\.0 ms {2}rule \+10 % +perf-budget\.yml:18$/,
    );
    expect(row("NOISE", "latency.p99")).toContain("rule +15 %, floor 20 ms");
    expect(row("PASS", "error_rate")).toContain("0 % → 1.96 %");
    expect(row("PASS", "error_rate")).toContain("rule +0.5 pp");
    expect(lines).toContain("  health  not gated: the baseline ran a different load (connections 4 → 8)");
    expect(row("N/A", "latency.p99")).toContain("perf-budget.yml:25");
  });

  it("prints no second verdict: the report's verdict line is the only one", () => {
    // Issue 9: the terminal said `verdict: PASS …` and then `gate: FAIL … 2 regressions`.
    const lines = renderRegressionSection(report, sampleGate(report), plain);
    expect(lines.filter((l) => /^(gate|verdict):/.test(l))).toEqual([]);
  });

  it("says why a rule beyond its tolerance passed: the change is under the floor", () => {
    // Issue 9: `+28.2 %` against `+10 %` showed PASS with no reason (floor 1 ms).
    const gate = sampleGate(report);
    // The note is the gate's (regression-status.ts), for the rule `{ max: +10%, floor: 1ms }`.
    const def = findMetric("latency.p50");
    if (!def) throw new Error("latency.p50 is in the catalogue");
    const rule = {
      metric: "latency.p50",
      maxRelative: 0.1,
      floor: 1,
      source: "{ max: +10%, floor: 1ms }",
      line: 21,
    };
    const decided = describeStatus(rule, def, 1.42, 1.82, { low: 0.3, high: 0.5, confidence: 0.95 });
    expect(decided).toEqual({ status: "pass", note: "+0.4 ms is under the 1 ms floor" });
    const floorPass = regressionCheck({
      metric: "latency.p50",
      baseline: 1.42,
      actual: 1.82,
      change: 0.4,
      changeRelative: 0.282,
      source: rule.source,
      line: 21,
      ...decided,
    });
    const [chat, health] = gate.scenarios;
    if (!chat?.comparison || !health) throw new Error("sampleGate has chat with a comparison");
    const withFloor = {
      ...gate,
      scenarios: [{ ...chat, comparison: { ...chat.comparison, checks: [floorPass] } }, health],
    };
    const row =
      renderRegressionSection(report, withFloor, plain).find((l) => l.includes("latency.p50")) ?? "";
    expect(row).toMatch(
      /PASS +latency\.p50 .*\(\+28\.2 %\) .*rule \+10 %, floor 1 ms .*— \+0\.4 ms is under the 1 ms floor$/,
    );
  });

  it("without a baseline says regressions were not checked; prints the gate's warnings the report lacks", () => {
    const gate = {
      ...sampleGate(report, { baseline: false }),
      warnings: ["no baseline: regressions not checked", "already in the report"],
    };
    const withWarning = { ...report, warnings: ["already in the report"] };
    expect(renderRegressionSection(withWarning, gate, plain)).toEqual([
      "regressions: not checked (no baseline)",
      "warning: no baseline: regressions not checked",
    ]);
  });

  it("colours a regression red only when asked", () => {
    const lines = renderRegressionSection(report, sampleGate(report), createPaint(true));
    expect(lines.find((l) => l.includes("REGRESSION"))).toContain("\u001b[31m");
    for (const l of renderRegressionSection(report, sampleGate(report), plain))
      expect(l).not.toContain("\u001b[");
  });
});
