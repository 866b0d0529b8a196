/**
 * The gate's decision over a whole run — the one place a verdict is decided. Per scenario: its
 * thresholds, its trust (did the run produce the asked-for load and get answers?) and its
 * regressions against a baseline report; over the run: those, weighed by `failOn`, and whether
 * the run was interrupted. Pure: a failed gate is a value, never an exception.
 */
import type { BaselineMode, MeasuredScenario, TrustRecord } from "../report/types.js";
import { type ChosenBaseline, chooseBaseline } from "./choose-baseline.js";
import { type CompareOptions, compareScenario } from "./compare-scenario.js";
import { evaluateThresholds, verdictOf } from "./evaluate-thresholds.js";
import { assessTrust } from "./trust.js";
import type { GateInput, GateResult, RegressionCheck, ScenarioComparison, ScenarioGate } from "./types.js";
import { verdictReason } from "./verdict-reason.js";

/**
 * Evaluates the gate. A scenario's verdict is `incomplete` when it was interrupted, else
 * `untrusted` when its run was untrusted under policy `fail`, else `fail` when a threshold failed
 * (or, under `failOn: any`, a regression was found), else `pass`. The run's verdict is
 * `incomplete` when it was interrupted or a selected scenario never ran, else the worst scenario
 * verdict (untrusted before fail: numbers that do not describe the asked-for load decide nothing),
 * and `fail` when no scenario ran at all (an empty run proves nothing).
 *
 * `failOn`: `any` fails on thresholds, regressions and untrusted runs; `strict` on those and on
 * inconclusive checks; `thresholds` on thresholds and untrusted runs; `never` fails on nothing
 * (interruption still reads `incomplete`). `within_noise` and `not_compared` never fail,
 * `inconclusive` only under `strict`. An untrusted run under policy `warn` is a warning.
 * Regressions count the `creep:` checks too (against the oldest baseline of a history window).
 */
export function evaluateGate(input: GateInput, options: CompareOptions = {}): GateResult {
  const warnings: string[] = [];
  const chosen = chooseBaseline(input, warnings);
  const scenarios = input.head.scenarios.map((head) => {
    const base = chosen?.report.scenarios.find((s) => s.name === head.name);
    // Side by side, the baseline side's trust bears on the comparison and on the scenario's trust.
    const sideTrust = chosen?.mode === "side_by_side" && base ? assessTrust(base) : undefined;
    const comparison = chosen
      ? compareWithBaseline(head, base, chosen, input, options, warnings, sideTrust)
      : null;
    return judgeScenario(head, input, comparison, warnings, sideTrust);
  });
  const failedChecks = scenarios.reduce((n, s) => n + s.thresholds.filter((c) => !c.pass).length, 0);
  const count = (status: RegressionCheck["status"]) =>
    scenarios.reduce(
      (n, s) => n + comparisonChecks(s.comparison).filter((c) => c.status === status).length,
      0,
    );
  const notRun = input.notRun ?? [];
  const verdict = runVerdict(input, scenarios, notRun.length > 0);
  const mode: BaselineMode = chosen?.mode ?? "none";
  const pairs = scenarios.map((s) => s.comparison?.pairs ?? 0);
  const result = {
    verdict,
    thresholdsVerdict: failedChecks > 0 ? ("fail" as const) : ("pass" as const),
    failOn: input.failOn,
    failedChecks,
    regressions: count("regression"),
    untrustedScenarios: scenarios.filter((s) => !s.trust.trusted).length,
    baseline: chosen?.source ?? null,
    baselineMode: mode,
    ...(mode === "history" && chosen ? { historyRuns: chosen.history.length + 1 } : {}),
    ...(mode === "side_by_side" ? { roundPairs: Math.max(0, ...pairs) } : {}),
    inconclusive: count("inconclusive"),
    warnings,
    notRun,
    scenarios,
  };
  return { ...result, reason: verdictReason(result, input.interruptedBy) };
}

/** A comparison's regression checks and creep checks. */
function comparisonChecks(comparison: ScenarioComparison | null): readonly RegressionCheck[] {
  return comparison ? [...comparison.checks, ...comparison.creep] : [];
}

function judgeScenario(
  head: MeasuredScenario,
  input: GateInput,
  comparison: ScenarioComparison | null,
  warnings: string[],
  sideTrust?: TrustRecord,
): ScenarioGate {
  const thresholds = evaluateThresholds(head, input.thresholds.get(head.name) ?? []);
  const trust = withBaselineSide(assessTrust(head), sideTrust);
  const thresholdsVerdict = verdictOf(thresholds);
  if (!trust.trusted && (trust.policy === "warn" || input.failOn === "never")) {
    const why = trust.policy === "warn" ? "untrusted: warn" : "fail-on: never";
    for (const reason of trust.reasons)
      warnings.push(`scenario "${head.name}" untrusted (${why}): ${reason}`);
  }
  const failing = input.failOn === "strict" ? ["regression", "inconclusive"] : ["regression"];
  const regressed = comparisonChecks(comparison).some((c) => failing.includes(c.status));
  // An abort is a limit breached beyond doubt: the run was stopped on purpose, so it fails
  // rather than reading "incomplete".
  const verdict = head.aborted
    ? input.failOn === "never"
      ? "pass"
      : "fail"
    : head.incomplete
      ? "incomplete"
      : input.failOn === "never"
        ? "pass"
        : !trust.trusted && trust.policy === "fail"
          ? "untrusted"
          : thresholdsVerdict === "fail" ||
              ((input.failOn === "any" || input.failOn === "strict") && regressed)
            ? "fail"
            : "pass";
  return {
    name: head.name,
    ...(head.aborted ? { aborted: head.aborted } : {}),
    thresholds,
    comparison,
    trust,
    verdict,
    thresholdsVerdict,
  };
}

/**
 * Side by side, the baseline target's run is half of the measurement: when it could not produce
 * the asked-for load or got no answers, the scenario is untrusted too (its reasons prefixed
 * `baseline target:`), under the scenario's own policy.
 */
function withBaselineSide(trust: TrustRecord, base: TrustRecord | undefined): TrustRecord {
  if (!base || base.trusted) return trust;
  return {
    trusted: false,
    reasons: [...trust.reasons, ...base.reasons.map((r) => `baseline target: ${r}`)],
    policy: trust.policy,
  };
}

function runVerdict(
  input: GateInput,
  scenarios: readonly ScenarioGate[],
  someNotRun: boolean,
): GateResult["verdict"] {
  // An aborted scenario stopped the run on purpose: the scenarios after it never ran, and the
  // run fails on the breach, not "incomplete".
  if (scenarios.some((s) => s.aborted !== undefined)) return input.failOn === "never" ? "pass" : "fail";
  if (input.head.incomplete || someNotRun || scenarios.some((s) => s.verdict === "incomplete")) {
    return "incomplete";
  }
  if (scenarios.length === 0) return input.failOn === "never" ? "pass" : "fail";
  if (scenarios.some((s) => s.verdict === "untrusted")) return "untrusted";
  return scenarios.some((s) => s.verdict === "fail") ? "fail" : "pass";
}

function compareWithBaseline(
  head: MeasuredScenario,
  base: MeasuredScenario | undefined,
  chosen: ChosenBaseline,
  input: GateInput,
  options: CompareOptions,
  warnings: string[],
  sideTrust: TrustRecord | undefined,
): ScenarioComparison | null {
  if (!base) {
    const where =
      chosen.mode === "side_by_side" ? "was not measured on the baseline target" : "is not in the baseline";
    warnings.push(`scenario "${head.name}" ${where}: regressions not checked`);
    return null;
  }
  const rules = input.rules.get(head.name) ?? [];
  if (chosen.mode === "side_by_side") {
    const comparison = compareScenario(head, base, rules, options, {
      kind: "paired",
      rounds: head.rounds ?? [],
    });
    const trust = sideTrust ?? assessTrust(base);
    // Under `untrusted: warn` the user asked for the numbers anyway (the warning says why).
    if (trust.trusted || trust.policy === "warn") return comparison;
    // Numbers from a baseline that got no answers, or not the asked-for load, decide nothing.
    const reasons = trust.reasons.map((r) => `the baseline target's run is untrusted: ${r}`);
    return {
      ...comparison,
      comparable: false,
      reasons: [...comparison.reasons, ...reasons],
      checks: comparison.checks.map((c) => ({
        ...c,
        interval: null,
        status: "not_compared" as const,
        note: "not compared: the baseline target's run is untrusted",
      })),
    };
  }
  if (chosen.mode === "artifact") return compareScenario(head, base, rules, options);
  const window = chosen.window(head);
  const noise = { kind: "history" as const, window };
  const comparison = compareScenario(head, base, rules, options, noise);
  if (window.length < 2) return comparison;
  const creepRules = input.creep?.get(head.name) ?? [];
  const oldest = window[window.length - 1] as MeasuredScenario;
  const creep = creepRules.length > 0 ? compareScenario(head, oldest, creepRules, options, noise).checks : [];
  return { ...comparison, creep, trend: chosen.trend(head, [...rules, ...creepRules], window) };
}
