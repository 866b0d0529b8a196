/**
 * Annotations on the budget file: each failed threshold and each regression (or creep
 * regression) is an error at the line that declared it, so the PR's "Files changed" view shows
 * the failure where it is fixed; an inconclusive rule is a notice there, since by default it does
 * not fail (an error under `fail-on: strict`, where it does).
 */
import * as core from "@actions/core";
import type { BudgetProblem } from "../errors.js";
import type { GateResult } from "../gate/types.js";
import { describeWindow } from "../render/baseline-text.js";
import { formatMetric } from "../render/format.js";
import { inconclusiveEffectPlain, inconclusiveWhy } from "../render/inconclusive-text.js";
import { formatCheckLimit } from "../render/markdown-values.js";

/** One annotation to write: its level, message, title and the budget line. */
export interface Annotation {
  /** `error`: a failure; `notice`: an inconclusive rule that does not fail (not `fail-on: strict`). */
  readonly level: "error" | "notice";
  readonly title: string;
  readonly message: string;
  readonly line: number;
}

/**
 * The annotations of a gate result, in scenario order: failed thresholds, regressions and creep
 * regressions (errors), then inconclusive rules (notices with the gate's note on what would
 * decide them).
 */
export function gateAnnotations(gate: GateResult): Annotation[] {
  const out: Annotation[] = [];
  const window = describeWindow(gate);
  for (const s of gate.scenarios) {
    for (const c of s.thresholds) {
      if (c.pass) continue;
      out.push({
        level: "error",
        title: `perf-gate: ${s.name} ${c.metric} failed`,
        message: `${s.name}: ${c.metric} was ${formatMetric(c.metric, c.actual)}, the budget allows ${formatCheckLimit(c)}`,
        line: c.line,
      });
    }
    const rules = [
      ...(s.comparison?.checks ?? []).map((r) => ({ r, creep: false })),
      ...(s.comparison?.creep ?? []).map((r) => ({ r, creep: true })),
    ];
    for (const { r, creep } of rules) {
      if (r.status !== "regression") continue;
      const was = formatMetric(r.metric, r.baseline);
      const now = formatMetric(r.metric, r.actual);
      const over = creep ? ` over ${window}` : "";
      out.push({
        level: "error",
        title: `perf-gate: ${s.name} ${r.metric} ${creep ? "crept" : "regressed"}`,
        message: `${s.name}: ${r.metric} went from ${was} to ${now}${over}, beyond the ${creep ? "creep " : ""}tolerance ${r.source}${r.note ? ` (${r.note})` : ""}`,
        line: r.line,
      });
    }
    for (const { r, creep } of rules) {
      if (r.status !== "inconclusive") continue;
      out.push({
        // Under strict it fails the job, and a failure is an error where it is fixed.
        level: gate.failOn === "strict" ? "error" : "notice",
        title: `perf-gate: ${s.name} ${r.metric} inconclusive`,
        message: `${s.name}: ${r.metric} ${creep ? "creep " : ""}rule ${r.source} is inconclusive: ${inconclusiveWhy(r)}. This ${inconclusiveEffectPlain(gate.failOn)}.`,
        line: r.line,
      });
    }
  }
  return out;
}

/** Writes each annotation on `budgetFile` at its line: `core.error` or `core.notice` by its level. */
export function annotateBudget(budgetFile: string, annotations: readonly Annotation[]): void {
  for (const a of annotations) {
    const write = a.level === "notice" ? core.notice : core.error;
    write(a.message, { title: a.title, file: budgetFile, startLine: a.line });
  }
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
