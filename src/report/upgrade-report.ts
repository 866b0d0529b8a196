/**
 * Version-1 reports written before the gate recorded its verdict (no `verdict_reason`,
 * `thresholds_verdict`, `gate`, `not_run`, `warnings`, per-scenario `trust`) are still baselines
 * people have: an artifact saved on main by the previous perf-gate must not turn every PR's
 * comparison into "no baseline". Their `verdict` was the thresholds' alone, and nothing judged
 * their trust, so they read as they were gated then: trusted, with no regressions counted.
 * Only absent fields are filled; anything present is left for the schema to check.
 */

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `scenario` with the per-scenario verdict fields filled in when it predates them. */
export function upgradeScenario(scenario: unknown): unknown {
  if (!isObject(scenario)) return scenario;
  return {
    ...scenario,
    thresholds_verdict: scenario.thresholds_verdict ?? scenario.verdict,
    trust: scenario.trust ?? { trusted: true, reasons: [], policy: "fail" },
  };
}

function failedChecks(scenarios: unknown): number {
  if (!Array.isArray(scenarios)) return 0;
  let failed = 0;
  for (const scenario of scenarios) {
    const checks = isObject(scenario) ? scenario.checks : undefined;
    if (Array.isArray(checks)) failed += checks.filter((c) => isObject(c) && c.pass === false).length;
  }
  return failed;
}

/** `report` with the report-level verdict fields filled in when it predates them. */
export function upgradeReport(report: unknown): unknown {
  if (!isObject(report)) return report;
  return {
    ...report,
    verdict_reason: report.verdict_reason ?? "",
    thresholds_verdict: report.thresholds_verdict ?? report.verdict,
    gate: report.gate ?? {
      fail_on: "any",
      failed_checks: failedChecks(report.scenarios),
      regressions: 0,
      untrusted_scenarios: 0,
      baseline: null,
    },
    not_run: report.not_run ?? [],
    warnings: report.warnings ?? [],
  };
}
