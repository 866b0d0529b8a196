import { beforeAll, describe, expect, it } from "vitest";
import { formatMs } from "../../src/render/format.js";
import { describeCounts, renderMarkdownSummary } from "../../src/render/markdown-summary.js";
import type { Report } from "../../src/report/types.js";
import { sampleBaseline, sampleGate, withVerdict } from "./sample-gate.js";
import { sampleReport } from "./sample-report.js";

let report: Report;
let baseline: Report;
let text: string;
let lines: string[];

beforeAll(async () => {
  // The verdict as the gate with the baseline recorded it (a threshold and a regression).
  report = withVerdict(
    await sampleReport({ dropped: 3, lagged: true }),
    "fail",
    "1 of 4 thresholds failed, 1 regression: chat latency.p95",
  );
  baseline = await sampleBaseline();
  text = renderMarkdownSummary(report, sampleGate(report), { baseline });
  lines = text.split("\n");
});

function lineWith(...parts: string[]): string | undefined {
  return lines.find((l) => parts.every((p) => l.includes(p)));
}

/** A table row whose cells contain `parts` (not the failure list above the tables). */
function rowWith(...parts: string[]): string | undefined {
  return lines.find((l) => l.startsWith("| ") && parts.every((p) => l.includes(p)));
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
  it("starts with the report's verdict and reason, then the counts, the budget and the baseline's source", () => {
    expect(lines[0]).toBe(
      "## ❌ perf-gate failed — 1 of 4 thresholds failed, 1 regression: chat latency.p95",
    );
    expect(lines[2]).toBe("**Checked:** 1 of 4 thresholds failed · 1 regression · 1 within noise");
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
    const row = cells(rowWith("`latency.p95`", "≤ 500 ms"));
    expect(row[1]).toBe(`${formatMs(before)} ms`);
    expect(row[2]).toBe(`${formatMs(after)} ms`);
    expect(row[3]).toBe(
      `+${formatMs(after - before)} ms (+${(((after - before) / before) * 100).toFixed(1)} %)`,
    );
    expect(row[5]).toBe("❌ fail");
    expect(cells(rowWith("`error_rate`", "≤ 5 %"))).toEqual([
      "`error_rate`",
      "0 %",
      "1.96 %",
      "+1.96 pp",
      "≤ 5 %",
      "✅ pass",
    ]);
    expect(cells(rowWith("`rps`", "≥ 20 req/s"))[2]).toBe("25.5 req/s");
  });

  it("shows a regression row with baseline, this run, change with its interval, the rule and 🔺", () => {
    expect(cells(rowWith("`latency.p95`", "vs baseline"))).toEqual([
      "`latency.p95`",
      "760.0 ms",
      "950.0 ms",
      "+190.0 ms (+25.0 %)<br>95 % CI +150.0 … +230.0 ms",
      "vs baseline `+10 %`",
      "🔺 regression",
    ]);
  });

  it("marks within noise and not compared rows, and explains within noise under the table", () => {
    expect(cells(rowWith("`latency.p99`", "floor 20 ms"))[5]).toBe("〰️ within noise");
    expect(lineWith("`latency.p99`", "〰️ within noise:", "includes no regression")).toBeDefined();
    const health = section("health");
    expect(health).toContain("| `latency.p99` | n/a | n/a | — | vs baseline `+10 %` | ➖ not compared |");
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
    expect(lineWith("**Requests:**", "`rps` 25.5 req/s (`ok_rps` 25.0 req/s)")).toBeDefined();
    expect(
      lineWith("**Errors:**", "`http_5xx` 1", "`timeout` 1", "error rate 1.96 %", "`200` 100"),
    ).toBeDefined();
  });

  it("warns about a lagged generator and dropped arrivals in the scenario", () => {
    expect(lineWith("⚠️", "load generator lagged", "p99 95.5 ms")).toBeDefined();
    expect(lineWith("⚠️", "3 arrivals dropped")).toBeDefined();
  });

  it("charts p50/p90/p95/p99 of the baseline as bars and this run as a line", () => {
    const chat = section("chat");
    expect(chat).toMatch(/```mermaid\n%%\{init: .*plotColorPalette.*\}%%\nxychart-beta\n/);
    expect(chat).toContain("  x-axis [p50, p90, p95, p99]");
    const s = report.scenarios[0]?.latency;
    const b = baseline.scenarios[0]?.latency;
    expect(chat).toContain(`  bar [${b?.p50}, ${b?.p90}, ${b?.p95}, ${b?.p99}]`);
    expect(chat).toContain(`  line [${s?.p50}, ${s?.p90}, ${s?.p95}, ${s?.p99}]`);
    expect(chat).toContain('y-axis "ms" 0 --> 1000');
  });

  it("without a baseline: says so, charts this run alone and leaves the baseline column empty", async () => {
    const head = await sampleReport({ dropped: 3, lagged: true });
    const plain = renderMarkdownSummary(head, sampleGate(head, { baseline: false }));
    expect(plain.split("\n")[0]).toBe("## ❌ perf-gate failed — 1 of 4 thresholds failed: chat latency.p95");
    expect(plain.split("\n")[2]).toBe("**Checked:** 1 of 4 thresholds failed · no baseline");
    expect(plain).toContain(
      "**Baseline:** none, so regressions were not checked; the thresholds still gate.",
    );
    // This run as bars, the only line the limit: no baseline series at all.
    expect(plain.match(/ {2}line \[.*\]/g)).toEqual(["  line [500, 500, 500, 500]"]);
    expect(plain).toMatch(/ {2}bar \[[\d., ]+\]/);
    expect(plain).toContain("blue bars: this run · red line: limit latency.p95 ≤ 500 ms");
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
    expect(md).toContain("incomplete: stopped after 2.5 s of 4.0 s");
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
    expect(describeCounts(report, noRules)).toBe("1 of 4 thresholds failed · no regression rules");
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

  it("never shows untrusted or incomplete as a pass: each has its own mark and words", async () => {
    const untrusted = withVerdict(
      await sampleReport({
        untrusted: { reasons: ["nothing answered at http://127.0.0.1:8080"], policy: "fail" },
      }),
      "untrusted",
      "chat is untrusted: nothing answered at http://127.0.0.1:8080",
      { chat: "untrusted" },
    );
    const md = renderMarkdownSummary(untrusted, sampleGate(untrusted, { baseline: false }));
    expect(md.split("\n")[0]).toBe(
      "## 🚫 perf-gate: untrusted run — chat is untrusted: nothing answered at http://127.0.0.1:8080",
    );
    expect(md).toContain("### 🚫 chat");
    expect(md).not.toContain("passed");
    const stopped = withVerdict(
      await sampleReport({ incomplete: true }),
      "incomplete",
      "interrupted by SIGINT",
    );
    expect(renderMarkdownSummary(stopped, sampleGate(stopped)).split("\n")[0]).toBe(
      "## ⏹️ perf-gate: incomplete run — interrupted by SIGINT",
    );
  });

  it("starts with the list of failures, each once: a threshold that failed and regressed is one line", () => {
    // Issue 9: the summary had no list (only the comment did), and a metric could be listed twice.
    const at = lines.indexOf("**What failed:**");
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(lines.findIndex((l) => l.startsWith("**Budget:**")));
    const list = lines.slice(at + 2, lines.indexOf("", at + 2));
    expect(list).toEqual([
      "- ❌ `chat` `latency.p95`: 950.3 ms, limit ≤ 500 ms (line 14); 🔺 regression: 760.0 ms → 950.0 ms, +190.0 ms (+25.0 %), 95 % CI +150.0 … +230.0 ms (rule `+10 %`, line 18)",
    ]);
  });

  it("puts the failing rows first in a scenario's table", () => {
    // The budget's order puts the failures last; the table still starts with them.
    const gate = sampleGate(report);
    const reversed = {
      ...gate,
      scenarios: gate.scenarios.map((g) => ({
        ...g,
        thresholds: [...g.thresholds].reverse(),
        comparison: g.comparison && { ...g.comparison, checks: [...g.comparison.checks].reverse() },
      })),
    };
    expect(reversed.scenarios[0]?.thresholds.at(-1)?.pass).toBe(false);
    const md = renderMarkdownSummary(report, reversed);
    const start = md.indexOf("### ❌ chat");
    const rows = md
      .slice(start, md.indexOf("### ", start + 4))
      .split("\n")
      .filter((l) => l.startsWith("| `"));
    expect(rows[0]).toMatch(/^\| `latency\.p95` .*❌ fail \|$/);
    const rules = rows.filter((l) => l.includes("vs baseline"));
    expect(rules[0]).toMatch(/^\| `latency\.p95` .*🔺 regression \|$/);
  });

  it("shows an untrusted scenario's reasons under its heading, one line each; warn policy is a warning", async () => {
    const reasons = [
      "the generator could only start 1,021 of 2,500 due requests: raise connections (10) or lower rate",
      "the generator lagged",
    ];
    const failing = await sampleReport({ untrusted: { reasons, policy: "fail" } });
    const chat = renderMarkdownSummary(failing, sampleGate(failing)).split("\n");
    const heading = chat.indexOf("### 🚫 chat");
    expect(chat.slice(heading + 4, heading + 8)).toEqual([
      "> [!CAUTION]",
      "> **Untrusted:** these numbers do not describe the load the budget asked for.",
      ...reasons.map((r) => `> - ${r}`),
    ]);
    const warned = await sampleReport({ untrusted: { reasons, policy: "warn" }, verdict: "pass" });
    const md = renderMarkdownSummary(warned, sampleGate(warned));
    expect(md).toContain(
      "> [!WARNING]\n> **Untrusted:** these numbers do not describe the load the budget asked for (`untrusted: warn` in the budget: reported as a warning, it does not fail the gate).",
    );
    // A downgraded scenario is not in the list of failures.
    expect(md).not.toContain("- 🚫 `chat` untrusted");
  });

  it("lists the scenarios that never ran as not run, each threshold a row, in the list too", async () => {
    const stopped = withVerdict(
      await sampleReport({
        incomplete: true,
        notRun: [
          {
            name: "items",
            thresholds: [
              { metric: "latency.p95", source: "250ms", line: 30 },
              { metric: "rps", source: ">= 50", line: 31 },
            ],
          },
        ],
      }),
      "incomplete",
      "interrupted by SIGINT; 1 scenario not run",
    );
    const md = renderMarkdownSummary(stopped, sampleGate(stopped));
    expect(md).toContain(
      [
        "### ⏹️ items: not run",
        "",
        "The run was interrupted before this scenario started; its thresholds were not evaluated.",
        "",
        "| threshold | line | status |",
        "|---|--:|---|",
        "| `latency.p95 ≤ 250 ms` | 30 | ⏹️ not run |",
        "| `rps ≥ 50 req/s` | 31 | ⏹️ not run |",
      ].join("\n"),
    );
    expect(md).toContain(
      "- ⏹️ `items` not run (interrupted); its thresholds were not evaluated: `latency.p95 ≤ 250 ms` (line 30), `rps ≥ 50 req/s` (line 31)",
    );
    expect(md).toContain(
      "**Checked:** 1 of 4 thresholds failed · 1 regression · 1 within noise · 1 scenario not run",
    );
  });

  it("says in the status cell why a rule beyond its tolerance passed: its floor", () => {
    const gate = sampleGate(report);
    const [chat, health] = gate.scenarios;
    if (!chat?.comparison || !health) throw new Error("sampleGate has chat with a comparison");
    const floorPass = {
      metric: "latency.p50",
      baseline: 1.42,
      actual: 1.82,
      change: 0.4,
      changeRelative: 0.282,
      interval: null,
      status: "pass" as const,
      source: "{ max: +10%, floor: 1ms }",
      line: 21,
      note: "+0.4 ms is under the 1 ms floor",
    };
    const md = renderMarkdownSummary(report, {
      ...gate,
      scenarios: [{ ...chat, comparison: { ...chat.comparison, checks: [floorPass] } }, health],
    });
    expect(md).toContain(
      "| `latency.p50` | 1.42 ms | 1.82 ms | +0.400 ms (+28.2 %) | vs baseline `+10 %, floor 1 ms` | ✅ pass — +0.4 ms is under the 1 ms floor |",
    );
  });

  it("names the cause of dropped arrivals and notes redirects", async () => {
    const r = await sampleReport({ droppedAtEnd: 4, redirects: 1 });
    const md = renderMarkdownSummary(r, sampleGate(r));
    expect(md).toContain("- ⚠️ 4 arrivals were still queued when the phase ended");
    expect(md).toContain("- ⚠️ 1 response was a redirect (3xx), not followed: check the path");
  });

  it("gives the chart a legend and draws the threshold as a line", () => {
    // Issue 9: bars and a line with no legend, and no limit to compare them with.
    const chat = section("chat");
    expect(chat).toContain("  line [500, 500, 500, 500]");
    expect(chat).toContain(
      "<sub>latency percentiles in ms · grey bars: baseline · blue line: this run · red line: limit latency.p95 ≤ 500 ms</sub>",
    );
    // The palette's order is the series' order: baseline grey, this run blue, the limit red.
    expect(chat).toContain('"plotColorPalette": "#8c959f, #0969da, #cf222e');
  });
});
