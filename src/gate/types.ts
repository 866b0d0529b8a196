import type { RegressionRule, Threshold } from "../budget/types.js";
import type {
  AbortRecord,
  BaselineMode,
  Check,
  FailOn,
  MeasuredReport,
  NotRunScenario,
  Report,
  ThresholdsVerdict,
  TrustRecord,
  Verdict,
} from "../report/types.js";

export type { RegressionRule, Threshold };

/**
 * How one metric compares with the baseline (T = the rule's tolerance, in the metric's unit):
 * - `pass`: within tolerance (or better)
 * - `regression`: beyond tolerance AND the confidence interval of the change excludes "no regression"
 * - `within_noise`: beyond tolerance but not significant — shown, never fails the gate
 * - `inconclusive`: not a regression, and the interval reaches past −T and +T alike: at this
 *   noise the run cannot tell a change of the tolerance's size from noise. Fails only under
 *   `fail-on: strict`; its note says what would decide it.
 * - `not_compared`: no baseline value, no data, or the loads differ (see the scenario's reasons)
 */
export type RegressionStatus = "pass" | "regression" | "within_noise" | "inconclusive" | "not_compared";

/**
 * How the interval of a check was computed (see the README's "Regression gate"):
 * - `bootstrap`: sampling noise within each run (one artifact baseline)
 * - `paired_rounds`: the spread of the paired round differences (side by side)
 * - `run_to_run`: the bootstrap widened by the spread between the history's baselines
 */
export type IntervalMethod = "bootstrap" | "paired_rounds" | "run_to_run";

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
  /** How `interval` was computed; absent when there is none. */
  readonly method?: IntervalMethod;
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
  /**
   * History mode: the `creep:` rules checked against the OLDEST baseline of the window (their
   * `baseline` is that run's value). Empty otherwise.
   */
  readonly creep: readonly RegressionCheck[];
  /**
   * History mode: per metric of a regression or creep rule, its value in each baseline of the
   * window, oldest first, and in this run — the trend the summary charts. Empty otherwise.
   */
  readonly trend: readonly TrendSeries[];
  /** Side by side: the number of round pairs compared (one round of each side per pair). */
  readonly pairs?: number;
}

/** One metric over the history window and this run (null: that run had no data for it). */
export interface TrendSeries {
  readonly metric: string;
  /** Oldest baseline first, newest last. */
  readonly baselines: readonly (number | null)[];
  readonly actual: number | null;
}

/** Where the baseline came from, for the summary ("run 1234 on main at abc1234", or a path). */
export interface BaselineSource {
  readonly description: string;
  readonly runId?: number;
  readonly commit?: string;
  readonly path?: string;
}

/** The gate's decision over one scenario. */
export interface ScenarioGate {
  readonly name: string;
  /** Set when an `abort: true` threshold stopped the scenario: its verdict is then `fail`. */
  readonly aborted?: AbortRecord;
  /** Its threshold checks, evaluated by the gate, in budget order. */
  readonly thresholds: readonly Check[];
  readonly comparison: ScenarioComparison | null;
  /** Whether the run produced the asked-for load and got answers (see trust.ts). */
  readonly trust: TrustRecord;
  readonly verdict: Verdict;
  readonly thresholdsVerdict: ThresholdsVerdict;
}

/**
 * The gate's decision over a whole run: thresholds, regressions, trust and interruption, per
 * scenario and overall. This is THE verdict: report.json records it (`recordVerdict`), and the
 * terminal, the summary, the comment, the action's outputs and the exit code all read it.
 */
export interface GateResult {
  readonly verdict: Verdict;
  /** One line a user understands saying why (`2 of 5 thresholds failed, 1 regression`). */
  readonly reason: string;
  /** The thresholds alone, whatever regressions and trust say. */
  readonly thresholdsVerdict: ThresholdsVerdict;
  readonly failOn: GateInput["failOn"];
  /** Failed threshold checks, over all scenarios. */
  readonly failedChecks: number;
  /** Checks with status `regression`, over all scenarios. */
  readonly regressions: number;
  /** Scenarios whose run was untrusted (whatever their policy). */
  readonly untrustedScenarios: number;
  readonly baseline: BaselineSource | null;
  /** How the baseline was measured (decides the noise model of every interval). */
  readonly baselineMode: BaselineMode;
  /** History mode: how many baselines the window held (the newest is `baseline`). */
  readonly historyRuns?: number;
  /** Side by side: round pairs per scenario, the largest over the compared scenarios. */
  readonly roundPairs?: number;
  /** Regression and creep checks with status `inconclusive`, over all scenarios. */
  readonly inconclusive: number;
  /** Non-fatal conditions to show (no baseline, foreign baseline, untrusted under `warn`, …). */
  readonly warnings: readonly string[];
  /** Scenarios that never ran (interrupted run), with their thresholds. */
  readonly notRun: readonly NotRunScenario[];
  readonly scenarios: readonly ScenarioGate[];
}

/** The inputs of `evaluateGate`: this run, an optional baseline, and what fails the gate. */
export interface GateInput {
  /** What was measured (a recorded report works too: `compare` judges a file again). */
  readonly head: MeasuredReport;
  /** Per scenario name, the thresholds to evaluate (a missing name: none). */
  readonly thresholds: ReadonlyMap<string, readonly Threshold[]>;
  /**
   * The newest baseline report, or null. When null and `head.side_by_side` is set, the gate
   * compares with that embedded baseline side (paired over rounds).
   */
  readonly baseline: Report | null;
  readonly baselineSource: BaselineSource | null;
  /**
   * Older baselines of the history window, newest first (the newest of all is `baseline`).
   * With at least one, intervals include the run-to-run spread and `creep` rules apply.
   */
  readonly history?: readonly Report[];
  /** Per scenario name, the regression rules of the budget. */
  readonly rules: ReadonlyMap<string, readonly RegressionRule[]>;
  /** Per scenario name, the `creep:` rules (vs the oldest baseline of the history window). */
  readonly creep?: ReadonlyMap<string, readonly RegressionRule[]>;
  /**
   * `any`: thresholds, regressions and untrusted runs fail; `strict`: those and inconclusive
   * checks; `thresholds`: thresholds and untrusted runs; `never`.
   */
  readonly failOn: FailOn;
  /** Selected scenarios that never started because the run was interrupted. */
  readonly notRun?: readonly NotRunScenario[];
  /** The signal that interrupted the run, for the reason line (`SIGINT`). */
  readonly interruptedBy?: string;
}
