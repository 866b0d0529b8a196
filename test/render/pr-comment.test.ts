import { beforeAll, describe, expect, it } from "vitest";
import type { GateResult } from "../../src/gate/types.js";
import { TRUNCATION_NOTE } from "../../src/render/comment-truncate.js";
import { commentMarker, GITHUB_COMMENT_MAX_CHARS, renderComment } from "../../src/render/pr-comment.js";
import type { Report } from "../../src/report/types.js";
import { sampleBaseline, sampleGate, sampleStreamGate, withVerdict } from "./sample-gate.js";
import { historyGate, withInconclusive } from "./sample-modes.js";
import { sampleReport } from "./sample-report.js";
import { sampleStreamBaseline, sampleStreamReport } from "./sample-stream.js";

const MARKER = commentMarker("perf-budget.yml");
const REASON = "1 of 4 thresholds failed, 1 regression: chat latency.p95";
const VERDICT = `### ❌ perf-gate failed — ${REASON}`;

let report: Report;
let baseline: Report;
let gate: GateResult;
let body: string;

beforeAll(async () => {
  // As the gate with the baseline recorded it.
  report = withVerdict(await sampleReport(), "fail", REASON);
  baseline = await sampleBaseline();
  gate = sampleGate(report);
  body = renderComment(report, gate, { marker: MARKER, baseline });
});

/** `count` copies of the sample's scenarios, renamed, in the report and `base` (the sample gate) alike. */
function manyScenarios(count: number, base: GateResult = gate): { report: Report; gate: GateResult } {
  const names = Array.from({ length: count }, (_, i) => `scenario-${String(i).padStart(3, "0")}`);
  const pick = <T extends { readonly name: string }>(list: readonly T[], i: number): T => {
    const item = list[i % list.length];
    if (!item) throw new Error("empty list");
    return { ...item, name: names[i] ?? "" };
  };
  return {
    report: {
      ...report,
      verdict_reason: `${count / 2} of ${count * 2} thresholds failed, ${count / 2} regressions`,
      scenarios: names.map((_, i) => pick(report.scenarios, i)),
    },
    gate: {
      ...base,
      failedChecks: count / 2,
      regressions: count / 2,
      inconclusive: base.inconclusive * (count / 2),
      scenarios: names.map((name, i) => {
        const s = pick(base.scenarios, i);
        return { ...s, comparison: s.comparison && { ...s.comparison, name } };
      }),
    },
  };
}

describe("commentMarker", () => {
  it.each([
    ["perf-budget.yml", "<!-- perf-gate:perf-budget.yml -->"],
    ["ci/budgets/api.yml", "<!-- perf-gate:ci/budgets/api.yml -->"],
    // `-->` inside the path would end the HTML comment and show the rest in the PR.
    ["a-->b.yml", "<!-- perf-gate:a-\\-&gt;b.yml -->"],
  ])("%s → %s", (path, marker) => {
    expect(commentMarker(path)).toBe(marker);
  });
});

describe("renderComment", () => {
  it("matches the representative comment", () => {
    expect(body).toMatchSnapshot();
  });

  it("starts with the marker, then the one-line verdict", () => {
    const lines = body.split("\n");
    expect(lines[0]).toBe(MARKER);
    expect(lines[1]).toBe(VERDICT);
  });

  it("lists what failed and what regressed, with baseline, this run, change and interval", () => {
    const lines = body.split("\n");
    // The metric failed its threshold and regressed: one line says both.
    expect(lines).toContain(
      "- ❌ `chat` `latency.p95`: 950.3 ms, limit ≤ 500 ms (line 14); 🔺 regression: 760.0 ms → 950.0 ms, +190.0 ms (+25.0 %), 95 % CI +150.0 … +230.0 ms (rule `+10 %`, line 18)",
    );
    // Within noise does not fail, so it is not in the short list.
    expect(body.split("<details>")[0]).not.toContain("latency.p99");
  });

  it("puts the full summary inside <details> after the list", () => {
    const open = body.indexOf("<details><summary>Full report: 2 scenarios</summary>");
    expect(open).toBeGreaterThan(body.indexOf("- ❌ `chat` `latency.p95`"));
    expect(body.trimEnd().endsWith("</details>")).toBe(true);
    const details = body.slice(open);
    expect(details).toContain("| metric | baseline | this run | change | limit | status |");
    expect(details).toContain("```mermaid");
    expect(details).not.toContain(TRUNCATION_NOTE);
  });

  it("says the verdict and each failure once: the details repeat neither", () => {
    // Issue 9: the list above the details and the summary inside them both listed every failure.
    expect(body.split(VERDICT.slice(4))).toHaveLength(2);
    expect(body.split("`chat` `latency.p95`: 950.3 ms")).toHaveLength(2);
    expect(body).not.toContain("**What failed:**");
  });

  it("shows untrusted and not-run scenarios in the list, never as a pass", async () => {
    const bad = withVerdict(
      await sampleReport({
        untrusted: {
          reasons: ["nothing answered at http://127.0.0.1:8080: 61,201 connections refused (ECONNREFUSED)"],
          policy: "fail",
        },
        notRun: [{ name: "items", thresholds: [{ metric: "latency.p95", source: "250ms", line: 30 }] }],
      }),
      "untrusted",
      "chat is untrusted: nothing answered at http://127.0.0.1:8080",
      { chat: "untrusted" },
    );
    const lines = renderComment(bad, sampleGate(bad, { baseline: false }), { marker: MARKER }).split("\n");
    expect(lines[1]).toBe(
      "### 🚫 perf-gate: untrusted run — chat is untrusted: nothing answered at http://127.0.0.1:8080",
    );
    expect(lines.slice(3, 6)).toEqual([
      "- 🚫 `chat` untrusted: nothing answered at http://127.0.0.1:8080: 61,201 connections refused (ECONNREFUSED)",
      "- ❌ `chat` `latency.p95`: 950.3 ms, limit ≤ 500 ms (line 14)",
      "- ⏹️ `items` not run (interrupted); its thresholds were not evaluated: `latency.p95 ≤ 250 ms` (line 30)",
    ]);
  });

  it("a passing gate has the verdict, where the baseline came from, and no list", async () => {
    const passing: GateResult = {
      ...gate,
      verdict: "pass",
      failedChecks: 0,
      regressions: 0,
      scenarios: gate.scenarios.map((s) => ({
        ...s,
        thresholds: s.thresholds.map((c) => ({ ...c, pass: true })),
        comparison: s.comparison && {
          ...s.comparison,
          checks: s.comparison.checks.map((c) => ({ ...c, status: "pass" as const })),
        },
      })),
    };
    const passed = withVerdict(report, "pass", "4 of 4 thresholds passed, no regressions");
    const text = renderComment(passed, passing, { marker: MARKER });
    // Where the baseline came from sits above the collapsed details, once.
    expect(text.split("\n").slice(0, 6)).toEqual([
      MARKER,
      "### ✅ perf-gate passed — 4 of 4 thresholds passed, no regressions",
      "",
      "**Baseline:** run 1234 on main at abc1234",
      "",
      "<details><summary>Full report: 2 scenarios</summary>",
    ]);
    expect(text.split("**Baseline:**")).toHaveLength(2);
  });

  it("300 scenarios: stays within 65,536 characters, keeps marker, verdict and list, notes the cut", () => {
    const big = manyScenarios(300);
    const full = renderComment(big.report, big.gate, { marker: MARKER, maxChars: Number.MAX_SAFE_INTEGER });
    expect(full.length).toBeGreaterThan(GITHUB_COMMENT_MAX_CHARS);
    const text = renderComment(big.report, big.gate, { marker: MARKER });
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_CHARS);
    expect(text.length).toBeGreaterThan(GITHUB_COMMENT_MAX_CHARS - 2_000);
    const lines = text.split("\n");
    expect(lines[0]).toBe(MARKER);
    expect(lines[1]).toBe("### ❌ perf-gate failed — 150 of 600 thresholds failed, 150 regressions");
    // 150 failing metrics (each threshold + regression on one line), 10 listed.
    expect(lines).toContain("- …and 140 more (see the details below)");
    expect(text).toContain(TRUNCATION_NOTE);
    expect(text.trimEnd().endsWith("</details>")).toBe(true);
    // Every fence opened is closed, so the closing tag is not swallowed by a code block.
    expect((text.match(/^```/gm) ?? []).length % 2).toBe(0);
    // The cut falls between lines: what precedes the note is a prefix of the full body, line by line.
    const kept = text.slice(0, text.indexOf(TRUNCATION_NOTE)).split("\n").slice(0, -3);
    expect(full.startsWith(kept.join("\n"))).toBe(true);
  });

  it("300 scenarios with creep rows, trend charts and inconclusive rules: within 65,536 characters, lists capped", () => {
    const big = manyScenarios(300, withInconclusive(historyGate(report)));
    const full = renderComment(big.report, big.gate, { marker: MARKER, maxChars: Number.MAX_SAFE_INTEGER });
    expect(full).toContain("creep vs the oldest of the last 5 runs on main");
    expect(full).toContain('  title "scenario-000: latency.p95 (ms)"');
    const text = renderComment(big.report, big.gate, { marker: MARKER });
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_CHARS);
    const top = text.split("<details>")[0] ?? "";
    // 150 chat copies, one inconclusive rule each: 10 listed, the rest counted, and what they do.
    expect(top).toContain(
      "**❔ 150 inconclusive checks** (too noisy to decide at the rule's tolerance) — does not fail the gate",
    );
    expect(top).toContain("- …and 140 more (see the details below)");
    expect(top).toContain(
      "**Baseline:** compared with the last 5 runs on main (newest: run 1234 at abc1234)",
    );
    expect(text).toContain(TRUNCATION_NOTE);
    expect((text.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect((text.match(/<details>/g) ?? []).length).toBe((text.match(/<\/details>/g) ?? []).length);
    expect(text.trimEnd().endsWith("</details>")).toBe(true);
  });

  it.each([2_000, 1_000, 400])("maxChars %i: never over, marker and verdict survive", (maxChars) => {
    const big = manyScenarios(20);
    const text = renderComment(big.report, big.gate, { marker: MARKER, maxChars });
    expect(text.length).toBeLessThanOrEqual(maxChars);
    expect(text.startsWith(`${MARKER}\n### ❌ perf-gate failed`)).toBe(true);
  });

  it("refuses a maxChars too small for the marker and the verdict", () => {
    expect(() => renderComment(report, gate, { marker: MARKER, maxChars: 50 })).toThrow(RangeError);
  });

  it("a streamed run: the verdict, the regression, then the streaming digest before the details", () => {
    const head = withVerdict(
      sampleStreamReport({ tokens: "mixed" }),
      "fail",
      "1 regression: chat-stream ttft.p95",
      { "chat-stream": "fail" },
    );
    const text = renderComment(head, sampleStreamGate(head), {
      marker: MARKER,
      baseline: sampleStreamBaseline(),
    });
    const top = text.split("<details>")[0] ?? "";
    expect(top.split("\n").slice(0, 2)).toEqual([
      MARKER,
      "### ❌ perf-gate failed — 1 regression: chat-stream ttft.p95",
    ]);
    expect(top).toContain(
      "| `chat-stream` | 380.0 ms (+26.7 %) 🔺 | 48.0 ms (+20.0 %) | 26.0 ms (+8.3 %, partly estimated) | 1,600.0 tok/s (-5.9 %, partly estimated) | 9.0 req/s (-5.3 %) |",
    );
    expect(top.indexOf("| streaming")).toBeGreaterThan(top.indexOf("- 🔺 `chat-stream` `ttft.p95`"));
    expect(text).toMatchSnapshot();
  });

  it("300 streamed scenarios: stays within 65,536 characters with the digest cut to 10 rows", () => {
    const head = sampleStreamReport();
    const [chat, embed] = head.scenarios;
    if (!chat || !embed) throw new Error("sampleStreamReport has two scenarios");
    const names = Array.from({ length: 300 }, (_, i) => `s-${i}`);
    const big: Report = { ...head, scenarios: names.map((name, i) => ({ ...(i % 2 ? embed : chat), name })) };
    const gate = sampleStreamGate(head);
    const [chatGate, embedGate] = gate.scenarios;
    if (!chatGate || !embedGate) throw new Error("sampleStreamGate has two scenarios");
    const bigGate: GateResult = {
      ...gate,
      scenarios: names.map((name, i) => ({ ...(i % 2 ? embedGate : chatGate), name })),
    };
    const text = renderComment(big, bigGate, { marker: MARKER, baseline: sampleStreamBaseline() });
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_CHARS);
    expect(text).toContain("…and 140 more streamed scenarios in the details below.");
    expect(text).toContain(TRUNCATION_NOTE);
    expect((text.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect(text.trimEnd().endsWith("</details>")).toBe(true);
  });
});
