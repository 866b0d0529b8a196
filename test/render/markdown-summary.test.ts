import { beforeAll, describe, expect, it } from "vitest";
import { formatMs } from "../../src/render/format.js";
import { renderMarkdownSummary, verdictHeadline } from "../../src/render/markdown-summary.js";
import type { Report } from "../../src/report/types.js";
import { sampleBaseline, sampleGate } from "./sample-gate.js";
import { sampleReport } from "./sample-report.js";

let report: Report;
let baseline: Report;
let text: string;
let lines: string[];

beforeAll(async () => {
  report = await sampleReport({ dropped: 3, lagged: true });
  baseline = await sampleBaseline();
  text = renderMarkdownSummary(report, sampleGate(report), { baseline });
  lines = text.split("\n");
});

function lineWith(...parts: string[]): string | undefined {
  return lines.find((l) => parts.every((p) => l.includes(p)));
}

/** The cells of a table row, unescaped enough for comparisons. */
function cells(line: string | undefined): string[] {
  return (line ?? "")
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => c.trim());
}

function section(name: string): string {
  const start = text.indexOf(` ${name}\n`);
  const next = text.indexOf("\n### ", start + 1);
  return text.slice(start, next < 0 ? undefined : next);
}

describe("renderMarkdownSummary", () => {
  it("starts with the verdict and its counts, then the budget and the baseline's source", () => {
    expect(lines[0]).toBe("## ❌ perf-gate failed: 1 of 4 thresholds failed · 1 regression · 1 within noise");
    expect(lineWith("**Budget:**", "`perf-budget.yml`", "`http://127.0.0.1:8080`")).toBeDefined();
    expect(lineWith("**Baseline:**", "run 1234 on main at abc1234")).toBeDefined();
  });

  it("has one table per scenario with the six columns", () => {
    const headers = lines.filter((l) => l === "| metric | baseline | this run | change | limit | status |");
    expect(headers).toHaveLength(2);
  });

  it("shows a failed threshold with the baseline's value, this run, the change and the limit", () => {
    const before = baseline.scenarios[0]?.latency.p95 ?? 0;
    const after = report.scenarios[0]?.latency.p95 ?? 0;
    const row = cells(lineWith("`latency.p95`", "≤ 500ms"));
    expect(row[1]).toBe(`${formatMs(before)} ms`);
    expect(row[2]).toBe(`${formatMs(after)} ms`);
    expect(row[3]).toBe(
      `+${formatMs(after - before)} ms (+${(((after - before) / before) * 100).toFixed(1)}%)`,
    );
    expect(row[5]).toBe("❌ fail");
    expect(cells(lineWith("`error_rate`", "≤ 5%"))).toEqual([
      "`error_rate`",
      "0%",
      "1.96%",
      "+1.96 pp",
      "≤ 5%",
      "✅ pass",
    ]);
    expect(cells(lineWith("`rps`", "≥ 20"))[2]).toBe("25.5 req/s");
  });

  it("shows a regression row with baseline, this run, change with its interval, the rule and 🔺", () => {
    expect(cells(lineWith("`latency.p95`", "vs baseline"))).toEqual([
      "`latency.p95`",
      "760.0 ms",
      "950.0 ms",
      "+190.0 ms (+25.0%)<br>95% CI +150.0 … +230.0 ms",
      "vs baseline `+10%`",
      "🔺 regression",
    ]);
  });

  it("marks within noise and not compared rows, and explains within noise under the table", () => {
    expect(cells(lineWith("`latency.p99`", "floor: 20ms"))[5]).toBe("〰️ within noise");
    expect(lineWith("`latency.p99`", "〰️ within noise:", "includes no regression")).toBeDefined();
    const health = section("health");
    expect(health).toContain("| `latency.p99` | n/a | n/a | — | vs baseline `+10%` | ➖ not compared |");
    expect(health).toContain("different load (connections 4 → 8)");
  });

  it("marks each scenario heading with its outcome", () => {
    expect(lines).toContain("### ❌ chat");
    expect(lines).toContain("### ✅ health");
  });

  it("shows the load that was run, requests, errors by kind and status codes", () => {
    expect(
      lineWith("`POST http://127.0.0.1:8080/v1/chat`", "open model", "25 req/s", "up to 8 connections"),
    ).toBeDefined();
    expect(lineWith("**Requests:**", "102 total", "100 ok", "2 failed", "3 dropped")).toBeDefined();
    expect(
      lineWith("**Errors:**", "`http_5xx` 1", "`timeout` 1", "error rate 1.96%", "`200` 100"),
    ).toBeDefined();
  });

  it("warns about a lagged generator and dropped arrivals in the scenario", () => {
    expect(lineWith("⚠️", "load generator lagged", "p99 95.5 ms")).toBeDefined();
    expect(lineWith("⚠️", "3 arrivals dropped")).toBeDefined();
  });

  it("charts p50/p90/p95/p99 of the baseline as bars and this run as a line", () => {
    const chat = section("chat");
    expect(chat).toContain("```mermaid\nxychart-beta\n");
    expect(chat).toContain("  x-axis [p50, p90, p95, p99]");
    const s = report.scenarios[0]?.latency;
    const b = baseline.scenarios[0]?.latency;
    expect(chat).toContain(`  bar [${b?.p50}, ${b?.p90}, ${b?.p95}, ${b?.p99}]`);
    expect(chat).toContain(`  line [${s?.p50}, ${s?.p90}, ${s?.p95}, ${s?.p99}]`);
    expect(chat).toContain('y-axis "ms" 0 --> 1000');
  });

  it("without a baseline: says so, charts this run alone and leaves the baseline column empty", async () => {
    const plain = renderMarkdownSummary(report, sampleGate(report, { baseline: false }));
    expect(plain.split("\n")[0]).toBe("## ❌ perf-gate failed: 1 of 4 thresholds failed · no baseline");
    expect(plain).toContain(
      "**Baseline:** none, so regressions were not checked; the thresholds still gate.",
    );
    expect(plain).not.toContain("  line [");
    expect(plain).toMatch(/ {2}bar \[[\d., ]+\]/);
    expect(plain).toContain("| `latency.p95` | n/a |");
    expect(plain).not.toContain("vs baseline");
  });

  it("lists the gate's warnings and an interrupted run in a warning block", async () => {
    const incomplete = await sampleReport({ incomplete: true });
    const gate = { ...sampleGate(incomplete), warnings: ["baseline.json is not a perf-gate report"] };
    const md = renderMarkdownSummary(incomplete, gate);
    expect(md).toContain(
      "> [!WARNING]\n> - baseline.json is not a perf-gate report\n> - the run was interrupted",
    );
    expect(md).toContain("incomplete: stopped after 2.5s of 4.0s");
  });

  it("says when a baseline exists but the budget has no regression rules", () => {
    const gate = sampleGate(report);
    const noRules = {
      ...gate,
      regressions: 0,
      scenarios: gate.scenarios.map((s) => ({
        ...s,
        comparison: s.comparison && { ...s.comparison, checks: [] },
      })),
    };
    expect(verdictHeadline(noRules)).toBe(
      "❌ perf-gate failed: 1 of 4 thresholds failed · no regression rules",
    );
    expect(renderMarkdownSummary(report, noRules)).toContain("the budget has no `regression:` rules");
  });

  it("escapes pipes in names so a table row keeps its columns", () => {
    const gate = sampleGate(report);
    const odd = gate.scenarios.map((s) => ({
      ...s,
      comparison: s.comparison && {
        ...s.comparison,
        checks: s.comparison.checks.map((c) => ({ ...c, source: "a|b" })),
      },
    }));
    const md = renderMarkdownSummary(report, { ...gate, scenarios: odd });
    const row = md.split("\n").find((l) => l.includes("a\\|b")) ?? "";
    expect(cells(row)).toHaveLength(6);
  });
});
