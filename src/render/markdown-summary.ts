/**
 * The job summary (and `--markdown` file): GitHub-flavoured markdown, the gate's verdict and its
 * reason first (as recorded in the report), then the list of what failed, then per scenario the
 * table of thresholds and regression rules against the baseline, and the scenarios that never
 * ran. Pure `(report, gate) → string`; the report is already redacted, and nothing else is printed.
 */
import type { GateResult } from "../gate/types.js";
import { WORKLOAD_METRIC_DEFINITIONS } from "../report/definitions.js";
import type { Report } from "../report/types.js";
import {
  baselineColumn,
  baselineModeOf,
  baselineScenarios,
  describeBaseline,
  describeWindow,
} from "./baseline-text.js";
import { listFailures } from "./failure-list.js";
import { inconclusiveChecks, renderInconclusiveMarkdown } from "./inconclusive-text.js";
import { renderScenarioMarkdown } from "./markdown-scenario.js";
import { code } from "./markdown-values.js";
import { stoppedEarlyWarning } from "./scenario-notes.js";
import { renderNotRunMarkdown } from "./trust-text.js";
import { markdownHeadline } from "./verdict-text.js";

/** Options of `renderMarkdownSummary`. */
export interface SummaryOptions {
  /**
   * The baseline report the gate compared against. Optional: it only adds the baseline column of
   * threshold rows (regression rows carry their own values) and the baseline bars of the charts.
   */
  readonly baseline?: Report | null;
  /**
   * Start with the list of failures and of inconclusive checks (default true). The PR comment
   * shows both above its collapsed details and passes false, so each is listed once.
   */
  readonly failureList?: boolean;
  /** Say where the baseline came from (default true); the comment says it above its details. */
  readonly baselineLine?: boolean;
  /** Start with the `## <verdict>` headline (default true); the comment has its own above. */
  readonly headline?: boolean;
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
  readonly inconclusive: number;
}

/** Totals over every scenario of the gate. */
export function countGate(gate: GateResult): GateCounts {
  const rules = gate.scenarios.flatMap((s) => [
    ...(s.comparison?.checks ?? []),
    ...(s.comparison?.creep ?? []),
  ]);
  return {
    thresholds: gate.scenarios.reduce((n, s) => n + s.thresholds.length, 0),
    failedChecks: gate.failedChecks,
    rules: rules.length,
    regressions: gate.regressions,
    withinNoise: rules.filter((c) => c.status === "within_noise").length,
    // The gate's count; a result without one (built before it existed) is counted here.
    inconclusive: gate.inconclusive ?? inconclusiveChecks(gate).length,
  };
}

/**
 * What the gate checked, in counts (never a verdict: that is the headline's):
 * `1 of 4 thresholds failed · 2 regressions · 1 within noise · 1 inconclusive · 1 untrusted scenario`.
 */
export function describeCounts(report: Report, gate: GateResult): string {
  const n = countGate(gate);
  const parts: string[] = [];
  if (n.thresholds === 0) parts.push("no thresholds");
  else if (n.failedChecks === 0) parts.push(`${n.thresholds} of ${plural(n.thresholds, "threshold")} passed`);
  else parts.push(`${n.failedChecks} of ${plural(n.thresholds, "threshold")} failed`);
  if (baselineModeOf(gate) === "none") parts.push("no baseline");
  else if (n.rules === 0) parts.push("no regression rules");
  else parts.push(n.regressions === 0 ? "no regressions" : plural(n.regressions, "regression"));
  if (n.withinNoise > 0) parts.push(`${n.withinNoise} within noise`);
  if (n.inconclusive > 0) parts.push(`${n.inconclusive} inconclusive`);
  const untrusted = report.scenarios.filter((s) => s.trust !== undefined && !s.trust.trusted).length;
  if (untrusted > 0) parts.push(plural(untrusted, "untrusted scenario"));
  const notRun = report.not_run?.length ?? 0;
  if (notRun > 0) parts.push(`${plural(notRun, "scenario")} not run`);
  return parts.join(" · ");
}

/**
 * `**Baseline:** measured side by side, 12 rounds per side against `http://…` (…)`, the history
 * window or the artifact's source, or that there was none (see `describeBaseline`).
 */
export function baselineLine(report: Report, gate: GateResult): string {
  const where = describeBaseline(report, gate, code);
  if (where === null)
    return "**Baseline:** none, so regressions were not checked; the thresholds still gate.";
  const rules = countGate(gate).rules;
  const tail = rules === 0 ? " (the budget has no `regression:` rules, so nothing was compared)" : "";
  return `**Baseline:** ${where}${tail}`;
}

/** The report's warnings and the gate's, each once, and whether the run was interrupted. */
function warningBlock(report: Report, gate: GateResult): string[] {
  const warnings = [...new Set([...(report.warnings ?? []), ...gate.warnings])];
  const stopped = stoppedEarlyWarning(report);
  if (stopped !== null) warnings.push(stopped);
  if (warnings.length === 0) return [];
  // GitHub renders `> [!WARNING]` as a highlighted alert; elsewhere it is a plain quote.
  return ["> [!WARNING]", ...warnings.map((w) => `> - ${w.replace(/\r?\n/g, " ")}`), ""];
}

/**
 * The report's formulas (streamed-response metrics, and steps, iterations and pass rates),
 * collapsed; none when it has none.
 */
function definitionsBlock(report: Report): string[] {
  const entries = Object.entries(report.definitions ?? {});
  if (entries.length === 0) return [];
  const streamingOnly = entries.every(([name]) => !(name in WORKLOAD_METRIC_DEFINITIONS));
  return [
    `<details><summary>How the ${streamingOnly ? "streaming " : ""}metrics are measured</summary>`,
    "",
    ...entries.map(([name, text]) => `- ${code(name)}: ${text.replace(/\r?\n/g, " ")}`),
    "",
    "</details>",
    "",
  ];
}

/** The markers' legend, last. */
export const STATUS_LEGEND =
  "<sub>✅ pass · ❌ threshold failed · 🔺 regression (beyond tolerance and significant) · 〰️ beyond tolerance but within noise (does not fail) · ❔ inconclusive (too noisy to decide at the tolerance; fails only under fail-on: strict) · ➖ not compared · 🚫 untrusted (the asked-for load was not produced) · ⏹️ interrupted / not run</sub>";

/**
 * Renders the whole summary: `## <mark> <verdict words>: <report.verdict_reason>`, the counts,
 * the list of failures (see `listFailures`) and of inconclusive checks with what they do under
 * `fail-on` (unless `options.failureList` is false), budget, target and where the baseline came
 * from (or that there was none; see `baselineLine`), run-wide warnings, one
 * section per scenario (see `renderScenarioMarkdown`), one per scenario that never ran, the
 * formulas of the streaming metrics when the run streamed, and a legend. Ends with a newline.
 */
export function renderMarkdownSummary(
  report: Report,
  gate: GateResult,
  options: SummaryOptions = {},
): string {
  const byName = new Map(gate.scenarios.map((s) => [s.name, s]));
  const baselineByName = baselineScenarios(report, gate, options.baseline);
  const failures = options.failureList === false ? [] : listFailures(report, gate);
  const inconclusive = options.failureList === false ? [] : renderInconclusiveMarkdown(gate);
  const scenarioOptions = { baselineColumn: baselineColumn(gate), window: describeWindow(gate) };
  const lines = [
    ...(options.headline === false ? [] : [`## ${markdownHeadline(report)}`, ""]),
    `**Checked:** ${describeCounts(report, gate)}`,
    "",
    ...(failures.length > 0 ? ["**What failed:**", "", ...failures, ""] : []),
    ...(inconclusive.length > 0 ? [...inconclusive, ""] : []),
    `**Budget:** ${code(report.budget)} · **target:** ${code(report.target)} · perf-gate ${report.tool.version} · ${report.startedAt}`,
    "",
    ...(options.baselineLine === false ? [] : [baselineLine(report, gate), ""]),
    ...warningBlock(report, gate),
    ...(report.scenarios.length === 0 ? ["No scenario ran.", ""] : []),
    ...report.scenarios.flatMap((s) =>
      renderScenarioMarkdown(s, byName.get(s.name), baselineByName.get(s.name) ?? null, scenarioOptions),
    ),
    ...renderNotRunMarkdown(report),
    ...definitionsBlock(report),
    STATUS_LEGEND,
  ];
  return `${lines.join("\n")}\n`;
}
