import type { Report } from "../report/types.js";
import { createPaint, type Paint } from "./ansi.js";
import { renderScenarioSection } from "./scenario-section.js";

/** Options of `renderTerminalReport`. */
export interface TerminalReportOptions {
  /** Emit ANSI colors; the caller decides from the TTY and NO_COLOR / FORCE_COLOR. */
  readonly color: boolean;
}

function verdictLine(report: Report, paint: Paint): string {
  const all = report.scenarios.flatMap((s) => s.checks.map((c) => ({ scenario: s.name, check: c })));
  const failed = all.filter((x) => !x.check.pass);
  const word = report.verdict === "pass" ? paint.green(paint.bold("PASS")) : paint.red(paint.bold("FAIL"));
  let detail: string;
  if (report.scenarios.length === 0) detail = "no scenario ran";
  else if (failed.length === 0) detail = `${all.length} of ${all.length} thresholds passed`;
  else {
    const names = failed.map((x) => `${x.scenario} ${x.check.metric}`).join(", ");
    detail = `${failed.length} of ${all.length} thresholds failed: ${names}`;
  }
  return `verdict: ${word}  ${detail}`;
}

/**
 * The end-of-run report for a terminal or a CI log: per scenario a table like autocannon's
 * (latency percentiles, req/s, bytes/s, requests and errors), for a streamed scenario a second
 * table of TTFT/ITL/TPOT/TTFB with token rates and goodput, warnings, and every threshold
 * with PASS/FAIL, actual and limit; then the overall verdict as the last line. No escape codes
 * unless `options.color`. Returns text ending in a newline.
 */
export function renderTerminalReport(report: Report, options: TerminalReportOptions): string {
  const paint = createPaint(options.color);
  const sections = report.scenarios.map((s) => renderScenarioSection(s, report.budget, paint).join("\n"));
  const tail: string[] = [];
  if (report.incomplete)
    tail.push(paint.yellow("warning: the run was interrupted; this report is incomplete"));
  tail.push(verdictLine(report, paint));
  return `${[...sections, tail.join("\n")].join("\n\n")}\n`;
}
