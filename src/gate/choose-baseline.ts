/**
 * Which baseline the gate compares with, and so how it measures noise: the baseline side of a
 * side-by-side run (embedded in the head report), one artifact report, or a history of them.
 */
import type { RegressionRule } from "../budget/types.js";
import type { BaselineMode, MeasuredScenario, Report } from "../report/types.js";
import { loadDifferences } from "./comparability.js";
import { metricValue } from "./metric-value.js";
import type { BaselineSource, GateInput, TrendSeries } from "./types.js";

/** The baseline the gate uses, with what its mode needs. */
export interface ChosenBaseline {
  readonly mode: Exclude<BaselineMode, "none">;
  /** The scenarios compared with (the newest baseline, or the side-by-side baseline side). */
  readonly report: { readonly scenarios: readonly MeasuredScenario[] };
  readonly source: BaselineSource | null;
  /** History mode: the older baselines kept, newest first (empty otherwise). */
  readonly history: readonly Report[];
  /**
   * History mode: the scenario in each baseline of the window, newest first — the compared one
   * first, then the older ones that ran the same load (another load is not the same noise).
   */
  window(head: MeasuredScenario): readonly MeasuredScenario[];
  /** Per metric of `rules` (first occurrence), its values over `window` oldest first and in `head`. */
  trend(
    head: MeasuredScenario,
    rules: readonly RegressionRule[],
    window: readonly MeasuredScenario[],
  ): TrendSeries[];
}

/**
 * Decides the baseline. An explicit baseline wins over a side-by-side head (with a warning);
 * a baseline or history report from another budget file is left out with a warning; `creep:`
 * rules without a history are a warning too. Null when there is nothing to compare with.
 */
export function chooseBaseline(input: GateInput, warnings: string[]): ChosenBaseline | null {
  const { baseline, head } = input;
  const hasCreep = [...(input.creep?.values() ?? [])].some((rules) => rules.length > 0);
  const chosen = baseline === null ? sideBySide(input, warnings) : artifact(input, baseline, warnings);
  if (hasCreep && chosen?.mode !== "history") {
    warnings.push(
      "creep rules need several baselines (baseline-history, or several --baseline): creep not checked",
    );
  }
  if (baseline !== null && chosen && head.side_by_side) {
    warnings.push(
      `this run was measured side by side with ${head.side_by_side.baseline_target}, but a baseline was given: compared with the baseline instead`,
    );
  }
  return chosen;
}

function sideBySide(input: GateInput, warnings: string[]): ChosenBaseline | null {
  const sbs = input.head.side_by_side;
  if (!sbs) {
    // Only worth saying when there was something to check: a budget without `regression:` rules
    // (or a push that saves the baseline) has no use for one.
    const hasRules = [...input.rules.values()].some((rules) => rules.length > 0);
    if (hasRules) warnings.push("no baseline: regressions not checked");
    return null;
  }
  return {
    ...NO_HISTORY,
    mode: "side_by_side",
    report: sbs,
    source: input.baselineSource ?? { description: `side by side with ${sbs.baseline_target}` },
  };
}

function artifact(input: GateInput, baseline: Report, warnings: string[]): ChosenBaseline | null {
  const { head } = input;
  if (baseline.budget !== head.budget) {
    warnings.push(
      `baseline is from another budget file ("${baseline.budget}", this run "${head.budget}"): regressions not checked`,
    );
    return null;
  }
  const history = (input.history ?? []).filter((report) => {
    if (report.budget === head.budget) return true;
    warnings.push(
      `a baseline of the history (started ${report.startedAt}) is from another budget file ("${report.budget}"): left out`,
    );
    return false;
  });
  if (history.length === 0)
    return { ...NO_HISTORY, mode: "artifact", report: baseline, source: input.baselineSource };
  const reports = [baseline, ...history];
  return {
    mode: "history",
    report: baseline,
    source: input.baselineSource,
    history,
    window(scenario) {
      const found: (MeasuredScenario | undefined)[] = reports.map((r) =>
        r.scenarios.find((s) => s.name === scenario.name),
      );
      const [newest, ...older] = found;
      const same = older.filter(
        (s): s is MeasuredScenario =>
          s !== undefined && !s.incomplete && loadDifferences(scenario, s).length === 0,
      );
      return newest === undefined ? same : [newest, ...same];
    },
    trend: trendOf,
  };
}

const NO_HISTORY = {
  history: [],
  window: () => [],
  trend: () => [],
} as const satisfies Pick<ChosenBaseline, "history" | "window" | "trend">;

function trendOf(
  head: MeasuredScenario,
  rules: readonly RegressionRule[],
  window: readonly MeasuredScenario[],
): TrendSeries[] {
  const metrics = [...new Set(rules.map((r) => r.metric))];
  const oldestFirst = [...window].reverse();
  return metrics.map((metric) => ({
    metric,
    baselines: oldestFirst.map((s) => metricValue(s, metric)),
    actual: metricValue(head, metric),
  }));
}
