/**
 * The regression and creep rules of a scenario in the markdown summary: a table row per rule
 * (baseline, this run, change with its interval, the rule, the status) and, under the table, why a
 * rule was not a plain pass (the gate's note, verbatim) and each creep check's two changes.
 */
import type { RegressionCheck, ScenarioComparison } from "../gate/types.js";
import type { MeasuredScenario, ScenarioReport } from "../report/types.js";
import { creepPairs, describeCreep } from "./creep-text.js";
import { labelledValue } from "./markdown-stream.js";
import {
  code,
  formatChange,
  formatInterval,
  formatRuleSource,
  ruleNote,
  STATUS_TEXT,
  tableRow,
} from "./markdown-values.js";

/** The status cell: the marker and word, and a pass beyond the tolerance says why (its floor). */
function statusCell(check: RegressionCheck): string {
  const note = check.status === "pass" ? ruleNote(check) : null;
  return `${STATUS_TEXT[check.status]}${note ? ` — ${note}` : ""}`;
}

/**
 * A rule's row. `limit` is the rule's cell (`vs baseline `+10 %``); a creep row's baseline is the
 * oldest run of the window, which its limit cell names.
 */
function ruleRow(
  check: RegressionCheck,
  limit: string,
  s: ScenarioReport,
  baseline: MeasuredScenario | null,
): string {
  return tableRow([
    code(check.metric),
    labelledValue(check.metric, check.baseline, baseline),
    labelledValue(check.metric, check.actual, s),
    formatChange(check.metric, check.change, check.changeRelative, check.interval),
    limit,
    statusCell(check),
  ]);
}

/**
 * The table rows of a comparison: regression rules (regressions first), then creep rules
 * (regressions first) against the oldest run of `window` (`the last 5 runs on main`).
 */
export function ruleRows(
  comparison: ScenarioComparison | null,
  s: ScenarioReport,
  baseline: MeasuredScenario | null,
  window: string,
): string[] {
  const failedFirst = (list: readonly RegressionCheck[]) => [
    ...list.filter((c) => c.status === "regression"),
    ...list.filter((c) => c.status !== "regression"),
  ];
  return [
    ...failedFirst(comparison?.checks ?? []).map((c) =>
      ruleRow(c, `vs baseline ${code(formatRuleSource(c.source))}`, s, baseline),
    ),
    ...failedFirst(comparison?.creep ?? []).map((c) =>
      ruleRow(c, `creep vs the oldest of ${window} ${code(formatRuleSource(c.source))}`, s, baseline),
    ),
  ];
}

/** A rule's reason in words: the gate's note without its leading status (the marker says it). */
function why(check: RegressionCheck): string | undefined {
  const text = check.note ?? (check.interval ? formatInterval(check.metric, check.interval) : undefined);
  return text
    ?.replace(/\r?\n/g, " ")
    .replace(/^(regression|within noise|inconclusive|not compared)\s*:\s*/i, "");
}

/**
 * Lines under the table: per rule that is not a plain pass, `- `metric` <status>: <why>` (an
 * inconclusive rule's note says what would decide it); then per creep check
 * `- `metric` creep <status>: +9.0 % on this PR, +31.0 % over the last 5 runs on main (…)`.
 */
export function ruleNotes(comparison: ScenarioComparison | null, window: string): string[] {
  const out: string[] = [];
  for (const c of comparison?.checks ?? []) {
    // A pass's note (its floor) is in its status cell.
    if (c.status === "pass") continue;
    const text = why(c);
    if (text) out.push(`- ${code(c.metric)} ${STATUS_TEXT[c.status]}: ${text}`);
  }
  for (const { creep, regression } of creepPairs(comparison)) {
    const detail = creep.status === "pass" ? undefined : why(creep);
    const rule = `creep rule ${code(formatRuleSource(creep.source))}, line ${creep.line}`;
    out.push(
      `- ${code(creep.metric)} creep ${STATUS_TEXT[creep.status]}: ${describeCreep(creep, regression, window)} (${rule})${detail ? `; ${detail}` : ""}`,
    );
  }
  return out;
}
