/**
 * The gate's decision over a whole run — the one place a verdict is decided. Per scenario: its
 * thresholds, its trust (did the run produce the asked-for load and get answers?) and its
 * regressions against a baseline report; over the run: those, weighed by `failOn`, and whether
 * the run was interrupted. Pure: a failed gate is a value, never an exception.
 */
import type { MeasuredScenario, Report } from "../report/types.js";
import { type CompareOptions, compareScenario } from "./compare-scenario.js";
import { evaluateThresholds, verdictOf } from "./evaluate-thresholds.js";
import { assessTrust } from "./trust.js";
import type { GateInput, GateResult, ScenarioComparison, ScenarioGate } from "./types.js";
import { verdictReason } from "./verdict-reason.js";

/**
 * Evaluates the gate. A scenario's verdict is `incomplete` when it was interrupted, else
 * `untrusted` when its run was untrusted under policy `fail`, else `fail` when a threshold failed
 * (or, under `failOn: any`, a regression was found), else `pass`. The run's verdict is
 * `incomplete` when it was interrupted or a selected scenario never ran, else the worst scenario
 * verdict (untrusted before fail: numbers that do not describe the asked-for load decide nothing),
 * and `fail` when no scenario ran at all (an empty run proves nothing).
 *
 * `failOn`: `any` fails on thresholds, regressions and untrusted runs; `thresholds` on thresholds
 * and untrusted runs; `never` fails on nothing (interruption still reads `incomplete`).
 * `within_noise` and `not_compared` never fail. An untrusted run under policy `warn` is a warning.
 */
export function evaluateGate(input: GateInput, options: CompareOptions = {}): GateResult {
  const warnings: string[] = [];
  const baseline = usableBaseline(input, warnings);
  const scenarios = input.head.scenarios.map((head) => {
    const comparison = baseline ? compareWithBaseline(head, baseline, input, options, warnings) : null;
    return judgeScenario(head, input, comparison, warnings);
  });
  const failedChecks = scenarios.reduce((n, s) => n + s.thresholds.filter((c) => !c.pass).length, 0);
  const regressions = scenarios.reduce(
    (n, s) => n + (s.comparison?.checks.filter((c) => c.status === "regression").length ?? 0),
    0,
  );
  const notRun = input.notRun ?? [];
  const verdict = runVerdict(input, scenarios, notRun.length > 0);
  const result = {
    verdict,
    thresholdsVerdict: failedChecks > 0 ? ("fail" as const) : ("pass" as const),
    failOn: input.failOn,
    failedChecks,
    regressions,
    untrustedScenarios: scenarios.filter((s) => !s.trust.trusted).length,
    baseline: baseline ? input.baselineSource : null,
    baselineMode: baseline ? ("artifact" as const) : ("none" as const),
    inconclusive: 0,
    warnings,
    notRun,
    scenarios,
  };
  return { ...result, reason: verdictReason(result, input.interruptedBy) };
}

function judgeScenario(
  head: MeasuredScenario,
  input: GateInput,
  comparison: ScenarioComparison | null,
  warnings: string[],
): ScenarioGate {
  const thresholds = evaluateThresholds(head, input.thresholds.get(head.name) ?? []);
  const trust = assessTrust(head);
  const thresholdsVerdict = verdictOf(thresholds);
  if (!trust.trusted && (trust.policy === "warn" || input.failOn === "never")) {
    const why = trust.policy === "warn" ? "untrusted: warn" : "fail-on: never";
    for (const reason of trust.reasons)
      warnings.push(`scenario "${head.name}" untrusted (${why}): ${reason}`);
  }
  const regressed = comparison?.checks.some((c) => c.status === "regression") ?? false;
  const verdict = head.incomplete
    ? "incomplete"
    : input.failOn === "never"
      ? "pass"
      : !trust.trusted && trust.policy === "fail"
        ? "untrusted"
        : thresholdsVerdict === "fail" || (input.failOn === "any" && regressed)
          ? "fail"
          : "pass";
  return { name: head.name, thresholds, comparison, trust, verdict, thresholdsVerdict };
}

function runVerdict(
  input: GateInput,
  scenarios: readonly ScenarioGate[],
  someNotRun: boolean,
): GateResult["verdict"] {
  if (input.head.incomplete || someNotRun || scenarios.some((s) => s.verdict === "incomplete")) {
    return "incomplete";
  }
  if (scenarios.length === 0) return input.failOn === "never" ? "pass" : "fail";
  if (scenarios.some((s) => s.verdict === "untrusted")) return "untrusted";
  return scenarios.some((s) => s.verdict === "fail") ? "fail" : "pass";
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
  head: MeasuredScenario,
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
