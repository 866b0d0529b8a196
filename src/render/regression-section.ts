/**
 * The terminal's view of the gate, printed after the per-scenario report: the regression rules
 * against the baseline (or why none were checked), the gate's warnings, and the gate's verdict,
 * which counts regressions as well as thresholds.
 */
import type { GateResult, RegressionStatus, ScenarioComparison } from "../gate/types.js";
import type { Paint } from "./ansi.js";
import { verdictHeadline } from "./markdown-summary.js";
import { formatChange, formatValue } from "./markdown-values.js";
import { renderColumns } from "./table.js";

const INDENT = "  ";

const LABEL: Record<RegressionStatus, string> = {
  pass: "PASS",
  regression: "REGRESSION",
  within_noise: "NOISE",
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
  const rows = c.checks.map((check) => [
    LABEL[check.status],
    check.metric,
    `${formatValue(check.metric, check.baseline)} → ${formatValue(check.metric, check.actual)}`,
    // The table cell's line break becomes a separator on one terminal line.
    formatChange(check.metric, check.change, check.changeRelative, check.interval).replace("<br>", "  "),
    `rule ${check.source}`,
    `${budgetFile}:${check.line}`,
  ]);
  const lines = renderColumns(rows, {
    indent: INDENT + INDENT,
    style: (text, row, col) => {
      if (col === 0) return style(c.checks[row]?.status, text, paint);
      return col === 5 ? paint.dim(text) : text;
    },
  });
  return [head, ...lines];
}

/** The headline without its emoji, which a terminal may not render. */
function gateLine(gate: GateResult, paint: Paint): string {
  const text = verdictHeadline(gate).replace(/^\S+ perf-gate (passed|failed): /, "");
  const word = gate.verdict === "pass" ? paint.green(paint.bold("PASS")) : paint.red(paint.bold("FAIL"));
  return `gate: ${word}  ${text}`;
}

/**
 * Lines (no newlines) for the terminal after `renderTerminalReport`: `regressions vs <baseline>:`
 * with one row per rule (status, metric, baseline → this run, change and interval, the rule as
 * written, its budget line), or a line saying there was no baseline; then the gate's warnings
 * and `gate: PASS|FAIL` with the counts of failed thresholds and regressions.
 */
export function renderRegressionSection(gate: GateResult, budgetFile: string, paint: Paint): string[] {
  const out: string[] = [];
  if (gate.baseline === null) {
    out.push("regressions: not checked (no baseline)");
  } else {
    out.push(`regressions vs ${gate.baseline.description}:`);
    const comparisons = gate.scenarios.flatMap((s) => (s.comparison ? [s.comparison] : []));
    if (comparisons.length === 0) out.push(`${INDENT}no scenario of this run is in the baseline`);
    for (const c of comparisons) out.push(...comparisonLines(c, budgetFile, paint));
  }
  for (const w of gate.warnings) out.push(paint.yellow(`warning: ${w}`));
  out.push(gateLine(gate, paint));
  return out;
}
