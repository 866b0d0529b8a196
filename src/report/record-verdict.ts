import type { MeasuredReport, Report, VerdictRecord } from "./types.js";

/**
 * Writes the gate's decision into the measured report: the run's verdict, its one-line reason,
 * the thresholds-only verdict, the gate's counts, the scenarios that never ran and the gate's
 * warnings, and per scenario its checks, verdict and trust. The report records; it never decides
 * (the gate does, in `evaluateGate`). Scenarios are matched by position and checked by name, so
 * a record built for another report cannot be written into this one.
 * @throws Error when `record` does not describe `measured` (a bug, not a user error)
 */
export function recordVerdict(measured: MeasuredReport, record: VerdictRecord): Report {
  if (record.scenarios.length !== measured.scenarios.length) {
    throw new Error(
      `recordVerdict: ${record.scenarios.length} scenario verdicts for ${measured.scenarios.length} scenarios`,
    );
  }
  const scenarios = measured.scenarios.map((scenario, i) => {
    const decided = record.scenarios[i];
    if (decided === undefined || decided.name !== scenario.name) {
      throw new Error(`recordVerdict: scenario ${i} is "${scenario.name}", the verdict is for another`);
    }
    const { name: _name, ...verdictFields } = decided;
    return { ...scenario, ...verdictFields };
  });
  return {
    ...measured,
    verdict: record.verdict,
    verdict_reason: record.verdict_reason,
    thresholds_verdict: record.thresholds_verdict,
    gate: record.gate,
    not_run: record.not_run,
    warnings: record.warnings,
    scenarios,
  };
}
