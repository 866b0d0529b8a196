/**
 * The step after the load, shared by the CLI and the GitHub Action: the gate decides the verdict
 * over what was measured (thresholds, trust, regressions, interruption), and the report records
 * it. Every output is then rendered from the same `Report` and `GateResult`, so the terminal,
 * the summary, the comment, the action's outputs, report.json and the exit code cannot disagree.
 */
import type { Budget, RegressionRule, Threshold } from "./budget/types.js";
import { evaluateGate } from "./gate/evaluate-gate.js";
import type { BaselineSource, GateInput, GateResult } from "./gate/types.js";
import { verdictRecord } from "./gate/verdict-record.js";
import { recordVerdict } from "./report/record-verdict.js";
import { transportWarnings } from "./report/transport-warnings.js";
import type { FailOn, MeasuredReport, NotRunScenario, Report } from "./report/types.js";

/**
 * The values of `--fail-on` and the action's `fail-on`, default first: `any` (thresholds,
 * regressions, untrusted runs), `strict` (those and inconclusive checks), `thresholds`, `never`.
 */
export const FAIL_ON_MODES = ["any", "strict", "thresholds", "never"] as const satisfies readonly FailOn[];

/** What `judgeRun` weighs besides the measured report. */
export interface JudgeOptions {
  readonly thresholds: ReadonlyMap<string, readonly Threshold[]>;
  readonly rules: ReadonlyMap<string, readonly RegressionRule[]>;
  /** The newest baseline (null: none, or a side-by-side head compared with its embedded side). */
  readonly baseline: Report | null;
  readonly baselineSource: BaselineSource | null;
  /** Older baselines of the history window, newest first; absent or empty: one baseline at most. */
  readonly history?: readonly Report[];
  /** Per scenario name, the `creep:` rules (checked against the oldest baseline of the window). */
  readonly creep?: ReadonlyMap<string, readonly RegressionRule[]>;
  readonly failOn: GateInput["failOn"];
  readonly notRun?: readonly NotRunScenario[];
  readonly interruptedBy?: string;
  /** Shown before the gate's own warnings (why the baseline was not used, budget notes). */
  readonly warnings?: readonly string[];
}

/** The report with the gate's verdict recorded, and the gate's result behind it. */
export interface Judged {
  readonly report: Report;
  readonly gate: GateResult;
}

/** Gates `measured` and records the verdict in it. Pure. */
export function judgeRun(measured: MeasuredReport, options: JudgeOptions): Judged {
  const evaluated = evaluateGate({
    head: measured,
    thresholds: options.thresholds,
    rules: options.rules,
    baseline: options.baseline,
    baselineSource: options.baselineSource,
    ...(options.history && options.history.length > 0 ? { history: options.history } : {}),
    ...(options.creep ? { creep: options.creep } : {}),
    failOn: options.failOn,
    ...(options.notRun ? { notRun: options.notRun } : {}),
    ...(options.interruptedBy ? { interruptedBy: options.interruptedBy } : {}),
  });
  // An unverified TLS run says so in every output (terminal, summary, comment, report.json).
  const extra = [...transportWarnings(measured), ...(options.warnings ?? [])];
  const gate = extra.length === 0 ? evaluated : { ...evaluated, warnings: [...extra, ...evaluated.warnings] };
  return { report: recordVerdict(measured, verdictRecord(gate)), gate };
}

/** Per scenario name, the budget's thresholds. */
export function thresholdsOf(budget: Budget): ReadonlyMap<string, readonly Threshold[]> {
  return new Map(budget.scenarios.map((s) => [s.name, s.thresholds]));
}

/** Per scenario name, the budget's `regression:` rules. */
export function rulesOf(budget: Budget): ReadonlyMap<string, readonly RegressionRule[]> {
  return new Map(budget.scenarios.map((s) => [s.name, s.regression]));
}

/** Per scenario name, the budget's `creep:` rules (an empty list where a scenario has none). */
export function creepOf(budget: Budget): ReadonlyMap<string, readonly RegressionRule[]> {
  return new Map(budget.scenarios.map((s) => [s.name, s.creep]));
}

/**
 * The thresholds recorded in a report's checks (and its never-run scenarios' thresholds are
 * not needed: they have no data): what `compare` evaluates again without the budget.
 */
export function recordedThresholds(report: Report): ReadonlyMap<string, readonly Threshold[]> {
  return new Map(
    report.scenarios.map((s) => [
      s.name,
      s.checks.map((c) => ({ metric: c.metric, op: c.op, limit: c.limit, source: c.source, line: c.line })),
    ]),
  );
}
