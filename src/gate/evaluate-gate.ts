/**
 * The gate's decision over a whole run: the absolute thresholds already evaluated in each
 * scenario report, plus regressions against a baseline report, weighed by `failOn`.
 * Pure: a failed gate is a value, never an exception.
 */
import type { Report, ScenarioReport } from "../report/types.js";
import { type CompareOptions, compareScenario } from "./compare-scenario.js";
import type { GateInput, GateResult, ScenarioComparison } from "./types.js";

/**
 * Evaluates the gate. Per scenario of `head`: its threshold checks as reported, and a comparison
 * with the same-named baseline scenario under that scenario's rules (null when there is no usable
 * baseline or the baseline lacks the scenario, with a warning). A baseline written for another
 * budget file is not used (warning); the thresholds still gate.
 *
 * Verdict by `failOn`: `any` fails on a failed threshold or a regression, `thresholds` only on
 * a failed threshold, `never` always passes. `within_noise` and `not_compared` never fail.
 */
export function evaluateGate(input: GateInput, options: CompareOptions = {}): GateResult {
  const warnings: string[] = [];
  const baseline = usableBaseline(input, warnings);
  const scenarios = input.head.scenarios.map((head) => {
    const comparison = baseline ? compareWithBaseline(head, baseline, input, options, warnings) : null;
    return { name: head.name, thresholds: head.checks, comparison };
  });
  const failedChecks = scenarios.reduce((n, s) => n + s.thresholds.filter((c) => !c.pass).length, 0);
  const regressions = scenarios.reduce(
    (n, s) => n + (s.comparison?.checks.filter((c) => c.status === "regression").length ?? 0),
    0,
  );
  const failed =
    input.failOn === "any"
      ? failedChecks > 0 || regressions > 0
      : input.failOn === "thresholds" && failedChecks > 0;
  return {
    verdict: failed ? "fail" : "pass",
    failedChecks,
    regressions,
    baseline: baseline ? input.baselineSource : null,
    warnings,
    scenarios,
  };
}

function usableBaseline(input: GateInput, warnings: string[]): Report | null {
  const { baseline, head } = input;
  if (baseline === null) {
    // Only worth saying when there was something to check: a budget without `regression:` rules
    // (or a push that saves the baseline) has no use for one.
    const hasRules = [...input.rules.values()].some((rules) => rules.length > 0);
    if (hasRules) warnings.push("no baseline: regressions not checked");
    return null;
  }
  if (baseline.budget !== head.budget) {
    warnings.push(
      `baseline is from another budget file ("${baseline.budget}", this run "${head.budget}"): regressions not checked`,
    );
    return null;
  }
  return baseline;
}

function compareWithBaseline(
  head: ScenarioReport,
  baseline: Report,
  input: GateInput,
  options: CompareOptions,
  warnings: string[],
): ScenarioComparison | null {
  const base = baseline.scenarios.find((s) => s.name === head.name);
  if (!base) {
    warnings.push(`scenario "${head.name}" is not in the baseline: regressions not checked`);
    return null;
  }
  return compareScenario(head, base, input.rules.get(head.name) ?? [], options);
}
