import { beforeAll, describe, expect, it } from "vitest";
import type { GateResult } from "../../src/gate/types.js";
import { createPaint } from "../../src/render/ansi.js";
import { renderMarkdownSummary } from "../../src/render/markdown-summary.js";
import { commentMarker, renderComment } from "../../src/render/pr-comment.js";
import { renderRegressionSection } from "../../src/render/regression-section.js";
import type { Report } from "../../src/report/types.js";
import { sampleBaseline, sampleGate, withVerdict } from "./sample-gate.js";
import {
  historyGate,
  INCONCLUSIVE_NOTE,
  sideBySideGate,
  withInconclusive,
  withSideA,
} from "./sample-modes.js";
import { sampleReport } from "./sample-report.js";
import { sampleStreamBaseline, sampleStreamReport } from "./sample-stream.js";

const MARKER = commentMarker("perf-budget.yml");
const plain = createPaint(false);
const SIDE_BY_SIDE =
  "measured side by side, 12 rounds per side against `http://127.0.0.1:8081` (rounds interleaved A B B A …, compared in pairs)";
const HISTORY = "compared with the last 5 runs on main (newest: run 1234 at abc1234)";
const NOTE_TEXT = INCONCLUSIVE_NOTE.replace(/^inconclusive: /, "");

let head: Report;
let baseline: Report;
/** `head` with `baseline`'s scenarios embedded as side A (the side-by-side report). */
let sideBySide: Report;

beforeAll(async () => {
  baseline = await sampleBaseline();
  head = withVerdict(await sampleReport(), "fail", "1 of 4 thresholds failed, 1 regression");
  sideBySide = withSideA(head, baseline);
});

/** The cells of the table row starting with `metric` and containing `part`. */
function row(text: string, metric: string, part: string): string[] {
  const line = text.split("\n").find((l) => l.startsWith(`| \`${metric}\``) && l.includes(part)) ?? "";
  return line
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => c.trim());
}

describe("side by side", () => {
  it("says where the baseline came from: measured side by side, N rounds, in summary, comment and terminal", () => {
    const gate = sideBySideGate(sideBySide);
    expect(renderMarkdownSummary(sideBySide, gate)).toContain(`\n**Baseline:** ${SIDE_BY_SIDE}\n`);
    const comment = renderComment(sideBySide, gate, { marker: MARKER });
    // Above the collapsed details, once.
    expect(comment.split("<details>")[0]).toContain(`\n**Baseline:** ${SIDE_BY_SIDE}\n`);
    expect(comment.split("**Baseline:**")).toHaveLength(2);
    expect(renderRegressionSection(sideBySide, gate, plain)[0]).toBe(
      "regressions, measured side by side, 12 rounds per side against http://127.0.0.1:8081 (rounds interleaved A B B A …, compared in pairs):",
    );
  });

  it("never says 'no baseline' when the gate had no artifact but compared with side A", () => {
    // The gate's `baseline` source is null side by side: the mode decides, not the source.
    const gate = sideBySideGate(sideBySide);
    expect(gate.baseline).toBeNull();
    const md = renderMarkdownSummary(sideBySide, gate);
    expect(md).not.toContain("no baseline");
    expect(md.split("\n")[2]).toBe("**Checked:** 1 of 4 thresholds failed · 1 regression · 1 within noise");
    expect(renderRegressionSection(sideBySide, gate, plain)).not.toContain(
      "regressions: not checked (no baseline)",
    );
  });

  it("labels the baseline column as side by side and fills it with side A's values from the report", () => {
    const md = renderMarkdownSummary(sideBySide, sideBySideGate(sideBySide));
    expect(md).toContain("| metric | baseline (side by side) | this run | change | limit | status |");
    // The threshold row's baseline is side A's p95 (760.3 ms: 8..800 ms step 8), no artifact passed.
    expect(row(md, "latency.p95", "≤ 500 ms")).toEqual([
      "`latency.p95`",
      "760.3 ms",
      "950.3 ms",
      "+190.0 ms (+25.0 %)",
      "≤ 500 ms",
      "❌ fail",
    ]);
    // …and the chart's grey bars are side A's percentiles.
    const a = baseline.scenarios[0]?.latency;
    expect(md).toContain(`  bar [${a?.p50}, ${a?.p90}, ${a?.p95}, ${a?.p99}]`);
  });

  it("the comment's streaming digest compares with side A when no artifact was passed", () => {
    const stream = withVerdict(sampleStreamReport({ tokens: "mixed" }), "fail", "1 regression");
    const sbs = withSideA(stream, sampleStreamBaseline());
    const gate: GateResult = { ...sideBySideGate(sbs), scenarios: [] };
    const top = renderComment(sbs, gate, { marker: MARKER }).split("<details>")[0] ?? "";
    expect(top).toContain("| streaming (vs baseline) | TTFT p95 |");
    // TTFT p95 300 → 380 ms on side A, as against the artifact of the same numbers.
    expect(top).toContain("| `chat-stream` | 380.0 ms (+26.7 %) |");
  });

  it("without rounds recorded still says side by side and against which target", () => {
    const gate: GateResult = { ...sideBySideGate(sideBySide), roundPairs: undefined };
    expect(renderMarkdownSummary(sideBySide, gate)).toContain(
      "**Baseline:** measured side by side against `http://127.0.0.1:8081` (rounds interleaved A B B A …, compared in pairs)",
    );
  });

  it("an artifact baseline reads as before, with a plain baseline column", () => {
    const md = renderMarkdownSummary(head, sampleGate(head), { baseline });
    expect(md).toContain("\n**Baseline:** run 1234 on main at abc1234\n");
    expect(md).toContain("| metric | baseline | this run |");
    expect(renderRegressionSection(head, sampleGate(head), plain)[0]).toBe(
      "regressions vs run 1234 on main at abc1234:",
    );
  });
});

describe("inconclusive", () => {
  it("marks the row ❔ inconclusive and shows the gate's note verbatim under the table", () => {
    const gate = withInconclusive(sideBySideGate(sideBySide));
    const md = renderMarkdownSummary(sideBySide, gate);
    expect(row(md, "latency.p99", "vs baseline")[5]).toBe("❔ inconclusive");
    expect(md).toContain(`\n- \`latency.p99\` ❔ inconclusive: ${NOTE_TEXT}\n`);
    expect(md.split("\n")[2]).toBe("**Checked:** 1 of 4 thresholds failed · 1 regression · 1 inconclusive");
    expect(md).toContain(
      "❔ inconclusive (too noisy to decide at the tolerance; fails only under fail-on: strict)",
    );
  });

  it("the comment lists it above the details and says it does not fail under the default fail-on", () => {
    const gate = withInconclusive(sideBySideGate(sideBySide));
    const top = renderComment(sideBySide, gate, { marker: MARKER }).split("<details>")[0] ?? "";
    expect(top).toContain(
      [
        "**❔ 1 inconclusive check** (too noisy to decide at the rule's tolerance) — does not fail the gate (`fail-on: any`; `fail-on: strict` would fail it):",
        "",
        `- ❔ \`chat\` \`latency.p99\` (rule \`+15 %, floor 20 ms\`, line 19): ${NOTE_TEXT}`,
      ].join("\n"),
    );
    // Not a failure: the list of failures does not name it.
    expect(top).not.toContain("- ❌ `chat` `latency.p99`");
  });

  it("under fail-on: strict the comment says it fails the gate", () => {
    const gate = withInconclusive(sideBySideGate(sideBySide), "strict");
    const top = renderComment(sideBySide, gate, { marker: MARKER }).split("<details>")[0] ?? "";
    expect(top).toContain(
      "**❔ 1 inconclusive check** (too noisy to decide at the rule's tolerance) — fails the gate (`fail-on: strict`):",
    );
  });

  it("the terminal row says INCONCLUSIVE with the note, then what it does under fail-on", () => {
    const lines = renderRegressionSection(sideBySide, withInconclusive(sideBySideGate(sideBySide)), plain);
    const line = lines.find((l) => l.includes("latency.p99")) ?? "";
    expect(line).toMatch(/^ {4}INCONCLUSIVE {2}latency\.p99 {2}792\.0 ms → 990\.0 ms .*perf-budget\.yml:19/);
    expect(line.endsWith(`— ${INCONCLUSIVE_NOTE}`)).toBe(true);
    expect(lines).toContain(
      "1 inconclusive: does not fail the gate (fail-on: any; fail-on: strict would fail it)",
    );
    const strict = renderRegressionSection(
      sideBySide,
      withInconclusive(sideBySideGate(sideBySide), "strict"),
      plain,
    );
    expect(strict).toContain("1 inconclusive: fails the gate (fail-on: strict)");
  });

  it("under fail-on: strict a scenario that failed only on an inconclusive rule is headed ❔", async () => {
    const held = await sampleReport({ verdict: "fail" });
    const [chat, health] = held.scenarios;
    if (!chat || !health) throw new Error("sampleReport has chat and health");
    const report: Report = {
      ...held,
      scenarios: [{ ...chat, verdict: "fail", thresholds_verdict: "pass", checks: [] }, health],
    };
    const gate = withInconclusive(sampleGate(report), "strict");
    const onlyInconclusive: GateResult = {
      ...gate,
      failedChecks: 0,
      regressions: 0,
      scenarios: gate.scenarios.map((s) =>
        s.name === "chat" && s.comparison
          ? {
              ...s,
              thresholds: [],
              comparison: {
                ...s.comparison,
                checks: s.comparison.checks.filter((c) => c.status === "inconclusive"),
              },
            }
          : s,
      ),
    };
    expect(renderMarkdownSummary(report, onlyInconclusive, { baseline })).toContain("\n### ❔ chat\n");
  });

  it("the summary lists it after what failed, with the fail-on words", () => {
    const md = renderMarkdownSummary(sideBySide, withInconclusive(sideBySideGate(sideBySide)));
    const failed = md.indexOf("**What failed:**");
    const inconclusive = md.indexOf("**❔ 1 inconclusive check**");
    expect(failed).toBeGreaterThan(0);
    expect(inconclusive).toBeGreaterThan(failed);
    expect(inconclusive).toBeLessThan(md.indexOf("**Budget:**"));
  });
});

describe("history and creep", () => {
  it("says the window: compared with the last K runs on <branch> (newest: run … at …)", () => {
    const gate = historyGate(head);
    expect(renderMarkdownSummary(head, gate, { baseline })).toContain(`\n**Baseline:** ${HISTORY}\n`);
    expect(renderComment(head, gate, { marker: MARKER, baseline }).split("<details>")[0]).toContain(
      `\n**Baseline:** ${HISTORY}\n`,
    );
    expect(renderRegressionSection(head, gate, plain)[0]).toBe(`regressions, ${HISTORY}:`);
  });

  it("a history source the action did not describe still names the count and the newest run", () => {
    const gate: GateResult = {
      ...historyGate(head),
      baseline: { description: "baselines/r5.json", path: "baselines/r5.json" },
    };
    expect(renderMarkdownSummary(head, gate)).toContain(
      "**Baseline:** compared with the last 5 runs (newest: baselines/r5.json)",
    );
  });

  it("shows a creep check's change on this PR and over the window together", () => {
    const md = renderMarkdownSummary(head, historyGate(head), { baseline });
    expect(md).toContain(
      "\n- `latency.p95` creep 🔺 regression: +9.0 % on this PR, +31.0 % over the last 5 runs on main (creep rule `+25 %`, line 23); 95 % CI +150.0 … +300.0 ms\n",
    );
    // A rate's two changes in percentage points, never +96 % of 1 %.
    expect(md).toContain(
      "\n- `error_rate` creep ✅ pass: +1.96 pp on this PR, +0.96 pp over the last 5 runs on main (creep rule `+1 pp`, line 24)\n",
    );
  });

  it("has a table row per creep check against the oldest run of the window, regressions marked 🔺", () => {
    const md = renderMarkdownSummary(head, historyGate(head), { baseline });
    expect(row(md, "latency.p95", "creep")).toEqual([
      "`latency.p95`",
      "725.6 ms",
      "950.5 ms",
      "+224.9 ms (+31.0 %)<br>95 % CI +150.0 … +300.0 ms",
      "creep vs the oldest of the last 5 runs on main `+25 %`",
      "🔺 regression",
    ]);
    expect(row(md, "error_rate", "creep")[5]).toBe("✅ pass");
  });

  it("lists a creep regression as a failure with both changes, and heads its scenario 🔺 when thresholds held", async () => {
    const md = renderMarkdownSummary(head, historyGate(head), { baseline });
    expect(md).toContain(
      "- ❌ `chat` `latency.p95`: 950.3 ms, limit ≤ 500 ms (line 14); 🔺 regression: creep (+9.0 % on this PR, +31.0 % over the last 5 runs on main): 725.6 ms → 950.5 ms, +224.9 ms (+31.0 %), 95 % CI +150.0 … +300.0 ms (creep rule `+25 %`, line 23)",
    );
    // A run whose thresholds all held and whose only regression is a creep one.
    const held = await sampleReport({ verdict: "fail" });
    const chat = held.scenarios[0];
    if (!chat) throw new Error("sampleReport has chat");
    const creepOnly: Report = {
      ...held,
      scenarios: [
        { ...chat, verdict: "fail", thresholds_verdict: "pass", checks: [] },
        ...held.scenarios.slice(1),
      ],
    };
    const gate = historyGate(creepOnly);
    const noThresholds: GateResult = {
      ...gate,
      failedChecks: 0,
      scenarios: gate.scenarios.map((s) => (s.name === "chat" ? { ...s, thresholds: [] } : s)),
    };
    expect(renderMarkdownSummary(creepOnly, noThresholds, { baseline })).toContain("\n### 🔺 chat\n");
  });

  it("the terminal has a creep row with both changes", () => {
    const line =
      renderRegressionSection(head, historyGate(head), plain).find(
        (l) => l.includes("creep rule") && l.includes("latency.p95"),
      ) ?? "";
    expect(line).toMatch(
      /^ {4}REGRESSION {2}latency\.p95 {2}725\.6 ms → 950\.5 ms {2}\+224\.9 ms \(\+31\.0 %\) {2}95 % CI \+150\.0 … \+300\.0 ms {2}creep rule \+25 % +perf-budget\.yml:23 {2}— \+9\.0 % on this PR, \+31\.0 % over the last 5 runs on main$/,
    );
  });

  it("charts the trend of each metric with at least 2 baselines, and none of a single baseline", () => {
    const md = renderMarkdownSummary(head, historyGate(head), { baseline });
    expect(md).toContain(
      [
        "```mermaid",
        '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#0969da"}}}}%%',
        "xychart-beta",
        '  title "chat: latency.p95 (ms)"',
        '  x-axis ["-5", "-4", "-3", "-2", "-1", "this run"]',
        '  y-axis "ms" 0 --> 1000',
        "  line [725.56, 760, 800, 845, 872, 950.48]",
        "```",
      ].join("\n"),
    );
    expect(md).toContain('  title "chat: error_rate (%)"');
    // latency.p99 has one baseline in the window: no chart.
    expect(md).not.toContain('title "chat: latency.p99 (ms)"');
  });
});
