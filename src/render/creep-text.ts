/**
 * Slow creep in words: a metric's change on this PR (vs the newest baseline) next to its change
 * over the whole history window (vs the oldest), so a reviewer sees "+9 % here, +31 % since five
 * runs ago" — the second is what a per-PR tolerance never catches.
 */
import type { RegressionCheck, ScenarioComparison } from "../gate/types.js";
import { findMetric } from "../metrics/catalogue.js";
import { formatDelta, formatRelative } from "./markdown-values.js";

/**
 * `+9.0 %` when the change has a relative value, else the change in the unit; null without one.
 * A rate (`error_rate`) always in percentage points: +96 % of 1 % reads as a catastrophe.
 */
function changeWords(check: RegressionCheck): string | null {
  const fraction = findMetric(check.metric)?.unit === "fraction";
  if (check.changeRelative !== null && !fraction) return formatRelative(check.changeRelative);
  return check.change === null ? null : formatDelta(check.metric, check.change);
}

/**
 * `+9.0 % on this PR, +31.0 % over the last 5 runs on main` for a creep check and the regression
 * check of the same metric (when the budget has one); `window` is `describeWindow(gate)`.
 */
export function describeCreep(
  creep: RegressionCheck,
  regression: RegressionCheck | undefined,
  window: string,
): string {
  const pr = regression ? changeWords(regression) : null;
  const total = changeWords(creep);
  return [
    ...(pr === null ? [] : [`${pr} on this PR`]),
    total === null ? `no change computable over ${window}` : `${total} over ${window}`,
  ].join(", ");
}

/** Each creep check of a comparison with the regression check of the same metric, if any. */
export function creepPairs(
  comparison: ScenarioComparison | null | undefined,
): { creep: RegressionCheck; regression: RegressionCheck | undefined }[] {
  const checks = comparison?.checks ?? [];
  return (comparison?.creep ?? []).map((creep) => ({
    creep,
    regression: checks.find((c) => c.metric === creep.metric),
  }));
}
