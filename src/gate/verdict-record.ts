import type { VerdictRecord } from "../report/types.js";
import type { GateResult } from "./types.js";

/**
 * The gate's decision in report.json's words, for `recordVerdict`: the run's verdict and reason,
 * the thresholds-only verdict, the counts, what never ran, the warnings, and per scenario its
 * checks, verdict and trust.
 */
export function verdictRecord(gate: GateResult): VerdictRecord {
  return {
    verdict: gate.verdict,
    verdict_reason: gate.reason,
    thresholds_verdict: gate.thresholdsVerdict,
    gate: {
      fail_on: gate.failOn,
      failed_checks: gate.failedChecks,
      regressions: gate.regressions,
      inconclusive: gate.inconclusive,
      baseline_mode: gate.baselineMode,
      untrusted_scenarios: gate.untrustedScenarios,
      baseline: gate.baseline?.description ?? null,
    },
    not_run: gate.notRun,
    warnings: gate.warnings,
    scenarios: gate.scenarios.map((s) => ({
      name: s.name,
      checks: s.thresholds,
      verdict: s.verdict,
      thresholds_verdict: s.thresholdsVerdict,
      trust: s.trust,
    })),
  };
}
