/**
 * The words and marks of a verdict, the same in the terminal, the job summary and the PR comment.
 * The verdict itself is the gate's, read from the report (`report.verdict`, `verdict_reason`,
 * per scenario `verdict`): nothing here decides pass or fail, it only names what was decided.
 */
import type { Report, ScenarioReport, Verdict } from "../report/types.js";
import type { Paint } from "./ansi.js";

/** The terminal's word per verdict. `untrusted` and `incomplete` never borrow the word of a pass. */
export const VERDICT_WORD: Readonly<Record<Verdict, string>> = {
  pass: "PASS",
  fail: "FAIL",
  untrusted: "UNTRUSTED",
  incomplete: "INCOMPLETE",
};

/** The markdown mark per verdict (and `not run` for a scenario that never started). */
export const VERDICT_MARK: Readonly<Record<Verdict | "not_run", string>> = {
  pass: "✅",
  fail: "❌",
  untrusted: "🚫",
  incomplete: "⏹️",
  not_run: "⏹️",
};

/** The markdown headline's words per verdict, after its mark. */
const HEADLINE: Readonly<Record<Verdict, string>> = {
  pass: "perf-gate passed",
  fail: "perf-gate failed",
  untrusted: "perf-gate: untrusted run",
  incomplete: "perf-gate: incomplete run",
};

/** The verdict word styled for a terminal: green for a pass, red for a fail, yellow otherwise. */
export function paintVerdict(verdict: Verdict, paint: Paint): string {
  const word = paint.bold(VERDICT_WORD[verdict]);
  if (verdict === "pass") return paint.green(word);
  return verdict === "fail" ? paint.red(word) : paint.yellow(word);
}

/** The report's reason, or a stand-in for a report written before perf-gate recorded one. */
function reasonOf(report: Report): string {
  const reason = report.verdict_reason?.replace(/\r?\n/g, " ").trim();
  if (reason) return reason;
  return report.scenarios.length === 0 ? "no scenario ran" : "no reason recorded";
}

/** The terminal's one verdict line: `verdict: FAIL  2 regressions: chat latency.p95, chat ttft.p95`. */
export function terminalVerdictLine(report: Report, paint: Paint): string {
  return `verdict: ${paintVerdict(report.verdict, paint)}  ${reasonOf(report)}`;
}

/** The markdown headline without heading marks: `❌ perf-gate failed — 1 of 4 thresholds failed`. */
export function markdownHeadline(report: Report): string {
  return `${VERDICT_MARK[report.verdict]} ${HEADLINE[report.verdict]} — ${reasonOf(report)}`;
}

/**
 * A scenario's mark in the summary: its own verdict's, except 🔺 for a scenario that failed only
 * on regressions (its thresholds held), and ❔ for one that failed only on inconclusive rules
 * (`fail-on: strict`), which tells a reviewer where to look.
 */
export function scenarioMark(s: ScenarioReport, regressed: boolean, inconclusive = false): string {
  if (s.verdict === "fail" && s.thresholds_verdict === "pass") {
    if (regressed) return "🔺";
    if (inconclusive) return "❔";
  }
  return VERDICT_MARK[s.verdict] ?? VERDICT_MARK.fail;
}
