/**
 * The terminal's view of the regression rules, printed after the per-scenario report: each rule
 * against the baseline (or why none were checked), why a rule beyond its tolerance still passed
 * (its floor), and the gate's warnings the report does not already show. It prints no verdict:
 * the report's verdict line (first in `renderTerminalReport`) is the gate's, and there is one.
 */
import type { GateResult, RegressionCheck, RegressionStatus, ScenarioComparison } from "../gate/types.js";
import type { Report } from "../report/types.js";
import type { Paint } from "./ansi.js";
import { baselineModeOf, describeBaseline, describeWindow } from "./baseline-text.js";
import { creepPairs, describeCreep } from "./creep-text.js";
import { inconclusiveChecks, inconclusiveEffectPlain } from "./inconclusive-text.js";
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

/** One row's cells: status, metric, baseline → this run, change and interval, rule, line, why. */
function row(check: RegressionCheck, rule: string, budgetFile: string, why: string | null): string[] {
  return [
    LABEL[check.status],
    check.metric,
    `${formatValue(check.metric, check.baseline)} → ${formatValue(check.metric, check.actual)}`,
    // The table cell's line break becomes a separator on one terminal line.
    formatChange(check.metric, check.change, check.changeRelative, check.interval).replace("<br>", "  "),
    `${rule} ${formatRuleSource(check.source)}`,
    `${budgetFile}:${check.line}`,
    why === null ? "" : `— ${why}`,
  ];
}

function comparisonLines(c: ScenarioComparison, budgetFile: string, window: string, paint: Paint): string[] {
  const head = c.comparable
    ? `${INDENT}${paint.bold(c.name)}`
    : `${INDENT}${paint.bold(c.name)}  ${paint.yellow(`not gated: the baseline ran a different load (${c.reasons.join("; ")})`)}`;
  if (c.checks.length === 0 && c.creep.length === 0) return [head, `${INDENT}${INDENT}no regression rules`];
  // An inconclusive rule's note (what would decide it) is the gate's, shown verbatim.
  const checks = c.checks.map((check) => ({ check, cells: row(check, "rule", budgetFile, ruleNote(check)) }));
  // A creep row's baseline is the oldest run of the window; its note says both changes.
  const creep = creepPairs(c).map(({ creep: check, regression }) => {
    const why = [describeCreep(check, regression, window), ruleNote(check)].filter((w) => w !== null);
    return { check, cells: row(check, "creep rule", budgetFile, why.join("; ")) };
  });
  const all = [...checks, ...creep];
  const lines = renderColumns(
    all.map((r) => r.cells),
    {
      indent: INDENT + INDENT,
      style: (text, i, col) => {
        if (col === 0) return style(all[i]?.check.status, text, paint);
        return col === 5 ? paint.dim(text) : text;
      },
    },
  );
  return [head, ...lines];
}

/** `regressions vs run 1234 on main at abc1234:`, or the side-by-side / history words. */
function sectionHead(report: Report, gate: GateResult): string {
  const where = describeBaseline(report, gate) ?? "";
  return baselineModeOf(gate) === "artifact" ? `regressions vs ${where}:` : `regressions, ${where}:`;
}

/**
 * Lines (no newlines) for the terminal after `renderTerminalReport(report)`: `regressions vs
 * <baseline>:` (or `regressions, measured side by side, 12 rounds per side against …:` /
 * `regressions, compared with the last 5 runs on main (…):`) with one row per rule (status,
 * metric, baseline → this run, change and interval, the rule in the one unit style, its budget
 * line, and why: a floor that made it pass, the gate's note on an inconclusive rule), then one
 * per creep rule with both changes (`+9.0 % on this PR, +31.0 % over the last 5 runs on main`),
 * and what inconclusive rules do under `fail-on`; or a line saying there was no baseline; then
 * the gate's warnings that `report.warnings` does not hold.
 */
export function renderRegressionSection(report: Report, gate: GateResult, paint: Paint): string[] {
  const out: string[] = [];
  if (baselineModeOf(gate) === "none") {
    out.push("regressions: not checked (no baseline)");
  } else {
    out.push(sectionHead(report, gate));
    const comparisons = gate.scenarios.flatMap((s) => (s.comparison ? [s.comparison] : []));
    if (comparisons.length === 0) out.push(`${INDENT}no scenario of this run is in the baseline`);
    for (const c of comparisons) out.push(...comparisonLines(c, report.budget, describeWindow(gate), paint));
    const inconclusive = inconclusiveChecks(gate).length;
    if (inconclusive > 0) {
      out.push(paint.yellow(`${inconclusive} inconclusive: ${inconclusiveEffectPlain(gate.failOn)}`));
    }
  }
  const shown = new Set(report.warnings ?? []);
  for (const w of gate.warnings) if (!shown.has(w)) out.push(paint.yellow(`warning: ${w}`));
  return out;
}
