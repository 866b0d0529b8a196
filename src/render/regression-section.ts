/**
 * The terminal's view of the regression rules, printed after the per-scenario report: each rule
 * against the baseline (or why none were checked), why a rule beyond its tolerance still passed
 * (its floor), and the gate's warnings the report does not already show. It prints no verdict:
 * the report's verdict line (first in `renderTerminalReport`) is the gate's, and there is one.
 */
import type { GateResult, RegressionStatus, ScenarioComparison } from "../gate/types.js";
import type { Report } from "../report/types.js";
import type { Paint } from "./ansi.js";
import { formatChange, formatRuleSource, formatValue, ruleNote } from "./markdown-values.js";
import { renderColumns } from "./table.js";

const INDENT = "  ";

const LABEL: Record<RegressionStatus, string> = {
  pass: "PASS",
  regression: "REGRESSION",
  within_noise: "NOISE",
  inconclusive: "INCONCLUSIVE",
  not_compared: "N/A",
};

function style(status: RegressionStatus | undefined, text: string, paint: Paint): string {
  if (status === "regression") return paint.red(paint.bold(text));
  if (status === "pass") return paint.green(text);
  return paint.yellow(text);
}

function comparisonLines(c: ScenarioComparison, budgetFile: string, paint: Paint): string[] {
  const head = c.comparable
    ? `${INDENT}${paint.bold(c.name)}`
    : `${INDENT}${paint.bold(c.name)}  ${paint.yellow(`not gated: the baseline ran a different load (${c.reasons.join("; ")})`)}`;
  if (c.checks.length === 0) return [head, `${INDENT}${INDENT}no regression rules`];
  const rows = c.checks.map((check) => {
    const note = ruleNote(check);
    return [
      LABEL[check.status],
      check.metric,
      `${formatValue(check.metric, check.baseline)} → ${formatValue(check.metric, check.actual)}`,
      // The table cell's line break becomes a separator on one terminal line.
      formatChange(check.metric, check.change, check.changeRelative, check.interval).replace("<br>", "  "),
      `rule ${formatRuleSource(check.source)}`,
      `${budgetFile}:${check.line}`,
      note === null ? "" : `— ${note}`,
    ];
  });
  const lines = renderColumns(rows, {
    indent: INDENT + INDENT,
    style: (text, row, col) => {
      if (col === 0) return style(c.checks[row]?.status, text, paint);
      return col === 5 ? paint.dim(text) : text;
    },
  });
  return [head, ...lines];
}

/**
 * Lines (no newlines) for the terminal after `renderTerminalReport(report)`: `regressions vs
 * <baseline>:` with one row per rule (status, metric, baseline → this run, change and interval,
 * the rule in the one unit style, its budget line, and why when a floor made it pass), or a line
 * saying there was no baseline; then the gate's warnings that `report.warnings` does not hold.
 */
export function renderRegressionSection(report: Report, gate: GateResult, paint: Paint): string[] {
  const out: string[] = [];
  if (gate.baseline === null) {
    out.push("regressions: not checked (no baseline)");
  } else {
    out.push(`regressions vs ${gate.baseline.description}:`);
    const comparisons = gate.scenarios.flatMap((s) => (s.comparison ? [s.comparison] : []));
    if (comparisons.length === 0) out.push(`${INDENT}no scenario of this run is in the baseline`);
    for (const c of comparisons) out.push(...comparisonLines(c, report.budget, paint));
  }
  const shown = new Set(report.warnings ?? []);
  for (const w of gate.warnings) if (!shown.has(w)) out.push(paint.yellow(`warning: ${w}`));
  return out;
}
