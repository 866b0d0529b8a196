/**
 * The job summary (and `--markdown` file): GitHub-flavoured markdown, verdict first, then per
 * scenario the table of thresholds and regression rules against the baseline. Pure
 * `(report, gate) → string`; the report is already redacted, and nothing else is printed.
 */
import type { GateResult } from "../gate/types.js";
import type { Report } from "../report/types.js";
import { renderScenarioMarkdown } from "./markdown-scenario.js";
import { code } from "./markdown-values.js";

/** Options of `renderMarkdownSummary`. */
export interface SummaryOptions {
  /**
   * The baseline report the gate compared against. Optional: it only adds the baseline column of
   * threshold rows (regression rows carry their own values) and the baseline bars of the charts.
   */
  readonly baseline?: Report | null;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Counts the headline and the comment share. */
export interface GateCounts {
  readonly thresholds: number;
  readonly failedChecks: number;
  readonly rules: number;
  readonly regressions: number;
  readonly withinNoise: number;
}

/** Totals over every scenario of the gate. */
export function countGate(gate: GateResult): GateCounts {
  const rules = gate.scenarios.flatMap((s) => s.comparison?.checks ?? []);
  return {
    thresholds: gate.scenarios.reduce((n, s) => n + s.thresholds.length, 0),
    failedChecks: gate.failedChecks,
    rules: rules.length,
    regressions: gate.regressions,
    withinNoise: rules.filter((c) => c.status === "within_noise").length,
  };
}

/**
 * The verdict in one line, without markdown heading marks:
 * `❌ perf-gate failed: 1 of 4 thresholds failed · 2 regressions`.
 */
export function verdictHeadline(gate: GateResult): string {
  const n = countGate(gate);
  const parts: string[] = [];
  if (n.thresholds === 0) parts.push("no thresholds");
  else if (n.failedChecks === 0) parts.push(`${n.thresholds} of ${plural(n.thresholds, "threshold")} passed`);
  else parts.push(`${n.failedChecks} of ${plural(n.thresholds, "threshold")} failed`);
  if (gate.baseline === null) parts.push("no baseline");
  else if (n.rules === 0) parts.push("no regression rules");
  else parts.push(n.regressions === 0 ? "no regressions" : plural(n.regressions, "regression"));
  if (n.withinNoise > 0) parts.push(`${n.withinNoise} within noise`);
  const word = gate.verdict === "pass" ? "✅ perf-gate passed" : "❌ perf-gate failed";
  return `${word}: ${parts.join(" · ")}`;
}

function baselineLine(gate: GateResult): string {
  if (gate.baseline === null)
    return "**Baseline:** none, so regressions were not checked; the thresholds still gate.";
  const rules = countGate(gate).rules;
  const tail = rules === 0 ? " (the budget has no `regression:` rules, so nothing was compared)" : "";
  return `**Baseline:** ${gate.baseline.description}${tail}`;
}

function warningBlock(report: Report, gate: GateResult): string[] {
  const warnings = [...gate.warnings];
  if (report.incomplete) warnings.push("the run was interrupted: this report is incomplete");
  if (warnings.length === 0) return [];
  // GitHub renders `> [!WARNING]` as a highlighted alert; elsewhere it is a plain quote.
  return ["> [!WARNING]", ...warnings.map((w) => `> - ${w.replace(/\r?\n/g, " ")}`), ""];
}

/** The report's formulas of the streamed-response metrics, collapsed; none when it has none. */
function definitionsBlock(report: Report): string[] {
  const entries = Object.entries(report.definitions ?? {});
  if (entries.length === 0) return [];
  return [
    "<details><summary>How the streaming metrics are measured</summary>",
    "",
    ...entries.map(([name, text]) => `- ${code(name)}: ${text.replace(/\r?\n/g, " ")}`),
    "",
    "</details>",
    "",
  ];
}

/**
 * Renders the whole summary: the verdict headline with counts, budget, target and where the
 * baseline came from (or that there was none), run-wide warnings, then one section per scenario
 * (see `renderScenarioMarkdown`), the formulas of the streaming metrics when the run streamed, and
 * a legend of the status markers. Ends with a newline.
 */
export function renderMarkdownSummary(
  report: Report,
  gate: GateResult,
  options: SummaryOptions = {},
): string {
  const byName = new Map(gate.scenarios.map((s) => [s.name, s]));
  const baselineByName = new Map((options.baseline?.scenarios ?? []).map((s) => [s.name, s]));
  const lines = [
    `## ${verdictHeadline(gate)}`,
    "",
    `**Budget:** ${code(report.budget)} · **target:** ${code(report.target)} · perf-gate ${report.tool.version} · ${report.startedAt}`,
    "",
    baselineLine(gate),
    "",
    ...warningBlock(report, gate),
    ...(report.scenarios.length === 0 ? ["No scenario ran.", ""] : []),
    ...report.scenarios.flatMap((s) =>
      renderScenarioMarkdown(s, byName.get(s.name), baselineByName.get(s.name) ?? null),
    ),
    ...definitionsBlock(report),
    "<sub>✅ pass · ❌ threshold failed · 🔺 regression (beyond tolerance and significant) · 〰️ beyond tolerance but within noise (does not fail) · ➖ not compared</sub>",
  ];
  return `${lines.join("\n")}\n`;
}
