/**
 * The list of what failed, first in the job summary and in the PR comment: one line per failing
 * thing, each once. A metric whose threshold failed AND which regressed is one line with both, an
 * untrusted scenario one line with its reasons, a scenario that never ran one line with its
 * thresholds. Words only: which verdict the run got is the report's (the gate's).
 */
import type { GateResult, RegressionCheck } from "../gate/types.js";
import type { Check, Report } from "../report/types.js";
import { describeWindow } from "./baseline-text.js";
import { creepPairs, describeCreep } from "./creep-text.js";
import {
  code,
  formatChange,
  formatCheckLimit,
  formatRuleSource,
  formatValue,
  STATUS_TEXT,
} from "./markdown-values.js";
import { describeNotRun, untrustedReasons } from "./trust-text.js";
import { VERDICT_MARK } from "./verdict-text.js";

type GateScenario = GateResult["scenarios"][number];

/** The mark of a regression, as in `STATUS_TEXT.regression`. */
const REGRESSION_MARK = "🔺";

function thresholdText(c: Check): string {
  const why = c.no_data === undefined ? "" : ` (${c.no_data})`;
  return `${formatValue(c.metric, c.actual)}${why}, limit ${formatCheckLimit(c)} (line ${c.line})`;
}

/** `760.0 ms → 950.0 ms, +190.0 ms (+25.0 %), 95 % CI … (rule `+10 %`, line 18)`. */
function regressionText(c: RegressionCheck, rule = "rule"): string {
  const change = formatChange(c.metric, c.change, c.changeRelative, c.interval).replace("<br>", ", ");
  return `${formatValue(c.metric, c.baseline)} → ${formatValue(c.metric, c.actual)}, ${change} (${rule} ${code(formatRuleSource(c.source))}, line ${c.line})`;
}

/** `creep (+9.0 % on this PR, +31.0 % over the last 5 runs on main): 725.6 ms → 950.5 ms, … (creep rule …)`. */
function creepText(creep: RegressionCheck, regression: RegressionCheck | undefined, window: string): string {
  return `creep (${describeCreep(creep, regression, window)}): ${regressionText(creep, "creep rule")}`;
}

/**
 * One line per failed metric of a scenario, in the order of its thresholds, then its regression
 * rules, then its creep rules (`window`: the history window in words).
 */
function metricLines(
  name: string,
  thresholds: readonly Check[],
  gate: GateScenario | undefined,
  window: string,
): string[] {
  const failed = thresholds.filter((c) => !c.pass);
  const regressed = [
    ...(gate?.comparison?.checks ?? [])
      .filter((c) => c.status === "regression")
      .map((c) => ({ metric: c.metric, text: regressionText(c) })),
    ...creepPairs(gate?.comparison)
      .filter(({ creep }) => creep.status === "regression")
      .map(({ creep, regression }) => ({ metric: creep.metric, text: creepText(creep, regression, window) })),
  ];
  const metrics = [...new Set([...failed.map((c) => c.metric), ...regressed.map((r) => r.metric)])];
  return metrics.map((metric) => {
    const t = failed.filter((c) => c.metric === metric).map(thresholdText);
    const r = regressed.filter((x) => x.metric === metric).map((x) => x.text);
    const mark = t.length > 0 ? VERDICT_MARK.fail : REGRESSION_MARK;
    const parts = [...t, ...r.map((text) => (t.length > 0 ? `${STATUS_TEXT.regression}: ${text}` : text))];
    return `- ${mark} ${code(name)} ${code(metric)}: ${parts.join("; ")}`;
  });
}

/**
 * Every failure of the run, failures that invalidate the numbers first: per scenario, untrusted
 * (when its policy fails the gate) then each failed metric (thresholds, regressions and creep
 * regressions); last, each scenario that never ran. Inconclusive checks are listed apart
 * (`renderInconclusiveMarkdown`), since by default they do not fail.
 * `gate` supplies the regression rules; thresholds are the gate's, else the report's.
 */
export function listFailures(report: Report, gate: GateResult): string[] {
  const byName = new Map(gate.scenarios.map((s) => [s.name, s]));
  const out: string[] = [];
  for (const s of report.scenarios) {
    const reasons = untrustedReasons(s);
    if (reasons.length > 0 && s.trust.policy !== "warn") {
      out.push(`- ${VERDICT_MARK.untrusted} ${code(s.name)} untrusted: ${reasons.join("; ")}`);
    }
    const g = byName.get(s.name);
    out.push(...metricLines(s.name, g?.thresholds ?? s.checks, g, describeWindow(gate)));
  }
  for (const s of report.not_run ?? []) {
    out.push(`- ${VERDICT_MARK.not_run} ${code(s.name)} ${describeNotRun(s)}`);
  }
  return out;
}

/** `listFailures` cut to `max` lines, with a last line counting the rest. */
export function listFailuresUpTo(report: Report, gate: GateResult, max: number): string[] {
  const all = listFailures(report, gate);
  if (all.length <= max) return all;
  return [...all.slice(0, max), `- …and ${all.length - max} more (see the details below)`];
}
