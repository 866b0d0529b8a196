import type { RegressionRule } from "../budget/types.js";
import type { Check, Report, Verdict } from "../report/types.js";

export type { RegressionRule };

/**
 * How one metric compares with the baseline:
 * - `pass`: within tolerance (or better)
 * - `regression`: beyond tolerance AND the confidence interval of the change excludes "no regression"
 * - `within_noise`: beyond tolerance but not significant — shown, never fails the gate
 * - `not_compared`: no baseline value, no data, or the loads differ (see the scenario's reasons)
 */
export type RegressionStatus = "pass" | "regression" | "within_noise" | "not_compared";

/** The outcome of one regression rule. Values in the metric's report unit. */
export interface RegressionCheck {
  readonly metric: string;
  readonly baseline: number | null;
  readonly actual: number | null;
  /** actual − baseline, in the metric's unit (null when either side is missing). */
  readonly change: number | null;
  /** (actual − baseline) / baseline (null when the baseline is 0 or missing). */
  readonly changeRelative: number | null;
  /** Confidence interval of `change` (same unit), or null when it was not computed. */
  readonly interval: { readonly low: number; readonly high: number; readonly confidence: number } | null;
  readonly status: RegressionStatus;
  /** The rule as written and its budget line. */
  readonly source: string;
  readonly line: number;
  /** Why, in words, when the status needs one (e.g. "within noise: 95% CI −3.1 … +9.8 ms"). */
  readonly note?: string;
}

/** A scenario compared with the same-named scenario of the baseline report. */
export interface ScenarioComparison {
  readonly name: string;
  /** False when the baseline ran a different load or target: shown, never gated. */
  readonly comparable: boolean;
  /** Why the scenario is not comparable (each difference in words), empty when comparable. */
  readonly reasons: readonly string[];
  readonly checks: readonly RegressionCheck[];
}

/** Where the baseline came from, for the summary ("run 1234 on main at abc1234", or a path). */
export interface BaselineSource {
  readonly description: string;
  readonly runId?: number;
  readonly commit?: string;
  readonly path?: string;
}

/** The gate's decision over a whole run: thresholds and regressions, per scenario and overall. */
export interface GateResult {
  readonly verdict: Verdict;
  /** Failed threshold checks, over all scenarios. */
  readonly failedChecks: number;
  /** Checks with status `regression`, over all scenarios. */
  readonly regressions: number;
  readonly baseline: BaselineSource | null;
  /** Non-fatal conditions to show (no baseline, foreign baseline, …). */
  readonly warnings: readonly string[];
  readonly scenarios: readonly {
    readonly name: string;
    readonly thresholds: readonly Check[];
    readonly comparison: ScenarioComparison | null;
  }[];
}

/** The inputs of `evaluateGate`: this run, an optional baseline, and what fails the gate. */
export interface GateInput {
  readonly head: Report;
  readonly baseline: Report | null;
  readonly baselineSource: BaselineSource | null;
  /** Per scenario name, the regression rules of the budget. */
  readonly rules: ReadonlyMap<string, readonly RegressionRule[]>;
  /** `any`: thresholds and regressions fail; `thresholds`: only thresholds; `never`. */
  readonly failOn: "any" | "thresholds" | "never";
}
