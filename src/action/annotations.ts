/**
 * Error annotations on the budget file: each failed threshold and each regression points at the
 * line that declared it, so the PR's "Files changed" view shows the failure where it is fixed.
 */
import * as core from "@actions/core";
import type { BudgetProblem } from "../errors.js";
import type { GateResult } from "../gate/types.js";
import { formatMetric } from "../render/format.js";
import { formatCheckLimit } from "../render/markdown-values.js";

/** One annotation to write: message, title and the budget line. */
export interface Annotation {
  readonly title: string;
  readonly message: string;
  readonly line: number;
}

/** The annotations of a gate result: failed thresholds, then regressions, in scenario order. */
export function gateAnnotations(gate: GateResult): Annotation[] {
  const out: Annotation[] = [];
  for (const s of gate.scenarios) {
    for (const c of s.thresholds) {
      if (c.pass) continue;
      out.push({
        title: `perf-gate: ${s.name} ${c.metric} failed`,
        message: `${s.name}: ${c.metric} was ${formatMetric(c.metric, c.actual)}, the budget allows ${formatCheckLimit(c)}`,
        line: c.line,
      });
    }
    for (const r of s.comparison?.checks ?? []) {
      if (r.status !== "regression") continue;
      const was = formatMetric(r.metric, r.baseline);
      const now = formatMetric(r.metric, r.actual);
      out.push({
        title: `perf-gate: ${s.name} ${r.metric} regressed`,
        message: `${s.name}: ${r.metric} went from ${was} to ${now}, beyond the tolerance ${r.source}${r.note ? ` (${r.note})` : ""}`,
        line: r.line,
      });
    }
  }
  return out;
}

/** Writes each annotation as `core.error` on `budgetFile` at its line. */
export function annotateBudget(budgetFile: string, annotations: readonly Annotation[]): void {
  for (const a of annotations) core.error(a.message, { title: a.title, file: budgetFile, startLine: a.line });
}

/**
 * An invalid budget: each problem as an error annotation at its file:line:col, so the PR shows
 * it on the line to fix (the step's failure message lists them all as well).
 */
export function annotateBudgetProblems(problems: readonly BudgetProblem[]): void {
  for (const p of problems) {
    const message = p.path ? `${p.path}: ${p.message}` : p.message;
    core.error(message, {
      title: "perf-gate: invalid budget",
      file: p.file,
      startLine: p.line,
      startColumn: p.col,
    });
  }
}
