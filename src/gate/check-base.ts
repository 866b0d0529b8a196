import type { RegressionRule } from "../budget/types.js";
import type { RegressionCheck } from "./types.js";

/** What every regression check of `rule` records, whatever its method decides. */
export type CheckBase = Pick<
  RegressionCheck,
  "metric" | "baseline" | "actual" | "change" | "changeRelative" | "source" | "line"
>;

/**
 * The fields every check of `rule` carries (`change` and `changeRelative` from the two values,
 * null when either is missing or the baseline is 0), and the `not_compared` check with a note.
 */
export function checkBase(
  rule: RegressionRule,
  baseline: number | null,
  actual: number | null,
): { readonly common: CheckBase; readonly notCompared: (note: string) => RegressionCheck } {
  const change = baseline !== null && actual !== null ? actual - baseline : null;
  const changeRelative = change !== null && baseline !== 0 && baseline !== null ? change / baseline : null;
  const common = {
    metric: rule.metric,
    baseline,
    actual,
    change,
    changeRelative,
    source: rule.source,
    line: rule.line,
  };
  return { common, notCompared: (note) => ({ ...common, interval: null, status: "not_compared", note }) };
}
