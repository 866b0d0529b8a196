/**
 * Untrusted scenarios and scenarios that never ran, for the terminal and the markdown summary.
 * Both are recorded by the gate in the report (`trust`, `not_run`); these only show them, first
 * and plainly, because a number measured under the wrong load must not be read as a result.
 */

import { splitLimit, toMetricUnit } from "../budget/units.js";
import { findMetric } from "../metrics/catalogue.js";
import type { NotRunScenario, Report, ScenarioReport } from "../report/types.js";
import type { Paint } from "./ansi.js";
import { code, formatCheckLimit, tableRow } from "./markdown-values.js";
import { VERDICT_MARK } from "./verdict-text.js";

/** The reasons a scenario is untrusted, one line each; empty when it is trusted. */
export function untrustedReasons(s: ScenarioReport): readonly string[] {
  if (s.trust === undefined || s.trust.trusted) return [];
  return s.trust.reasons.length > 0 ? s.trust.reasons : ["the run did not produce the asked-for load"];
}

/** Said once under the reasons when the budget downgraded an untrusted run to a warning. */
export const WARN_POLICY_NOTE =
  "`untrusted: warn` in the budget: reported as a warning, it does not fail the gate";

/** Terminal lines under a scenario's header: `UNTRUSTED  <reason>` each, then the policy note. */
export function renderTrustLines(s: ScenarioReport, paint: Paint, indent: string): string[] {
  const reasons = untrustedReasons(s);
  if (reasons.length === 0) return [];
  const warn = s.trust.policy === "warn";
  const mark = (text: string) => (warn ? paint.yellow(text) : paint.red(text));
  return [
    ...reasons.map((r) => `${indent}${mark(paint.bold("UNTRUSTED"))}  ${r.replace(/\r?\n/g, " ")}`),
    ...(warn ? [`${indent}${paint.dim(`(${WARN_POLICY_NOTE.replace(/`/g, "")})`)}`] : []),
  ];
}

/** The markdown alert under a scenario's heading: CAUTION when it fails the gate, WARNING when not. */
export function renderTrustMarkdown(s: ScenarioReport): string[] {
  const reasons = untrustedReasons(s);
  if (reasons.length === 0) return [];
  const warn = s.trust.policy === "warn";
  return [
    warn ? "> [!WARNING]" : "> [!CAUTION]",
    `> **Untrusted:** these numbers do not describe the load the budget asked for${warn ? ` (${WARN_POLICY_NOTE})` : ""}.`,
    ...reasons.map((r) => `> - ${r.replace(/\r?\n/g, " ")}`),
  ];
}

/**
 * A threshold that was never evaluated, in the one unit style: `latency.p95 ≤ 250 ms`,
 * `rps ≥ 50 req/s` (`ascii`: `<=` / `>=`, for a terminal). The report keeps it as written, so it is parsed here the way the budget
 * parser reads it; text it cannot read is shown as written.
 */
export function describeNotRunThreshold(t: NotRunScenario["thresholds"][number], ascii = false): string {
  const parts = splitLimit(t.source);
  const def = findMetric(t.metric);
  if (parts === undefined || def === undefined) return `${t.metric} ${t.source}`;
  const op = parts.op ?? (def.better === "lower" ? "<=" : ">=");
  const limit = { metric: t.metric, op, limit: toMetricUnit(parts.value, parts.unit) };
  return `${t.metric} ${formatCheckLimit(limit, ascii)}`;
}

/** Terminal lines after the scenarios: each scenario that never ran, with each of its thresholds. */
export function renderNotRunLines(report: Report, budgetFile: string, paint: Paint): string[] {
  const notRun = report.not_run ?? [];
  if (notRun.length === 0) return [];
  const out = [paint.yellow("not run (the run was interrupted before these scenarios started):")];
  for (const s of notRun) {
    out.push(`  ${paint.bold(s.name)}  ${paint.yellow("NOT RUN")}`);
    if (s.thresholds.length === 0) out.push("    thresholds: none set");
    for (const t of s.thresholds) {
      out.push(`    NOT RUN  ${describeNotRunThreshold(t, true)}  ${paint.dim(`${budgetFile}:${t.line}`)}`);
    }
  }
  return out;
}

/** A markdown section per scenario that never ran, each threshold a row marked `not run`. */
export function renderNotRunMarkdown(report: Report): string[] {
  return (report.not_run ?? []).flatMap((s) => [
    `### ${VERDICT_MARK.not_run} ${s.name}: not run`,
    "",
    "The run was interrupted before this scenario started; its thresholds were not evaluated.",
    "",
    ...(s.thresholds.length === 0
      ? ["No thresholds for this scenario."]
      : [
          "| threshold | line | status |",
          "|---|--:|---|",
          ...s.thresholds.map((t) =>
            tableRow([code(describeNotRunThreshold(t)), String(t.line), `${VERDICT_MARK.not_run} not run`]),
          ),
        ]),
    "",
  ]);
}

/** One line for the failure list: `not run (interrupted); its thresholds were not evaluated: `latency.p95 ≤ 250 ms` (line 30), …`. */
export function describeNotRun(s: NotRunScenario): string {
  const list = s.thresholds.map((t) => `${code(describeNotRunThreshold(t))} (line ${t.line})`).join(", ");
  return `not run (interrupted)${list === "" ? "" : `; its thresholds were not evaluated: ${list}`}`;
}
