import type { Report } from "../report/types.js";
import { createPaint } from "./ansi.js";
import { stoppedEarlyWarning } from "./scenario-notes.js";
import { renderScenarioSection } from "./scenario-section.js";
import { renderNotRunLines } from "./trust-text.js";
import { terminalVerdictLine } from "./verdict-text.js";

/** Options of `renderTerminalReport`. */
export interface TerminalReportOptions {
  /** Emit ANSI colors; the caller decides from the TTY and NO_COLOR / FORCE_COLOR. */
  readonly color: boolean;
}

/**
 * The end-of-run report for a terminal or a CI log. First the gate's verdict and its reason as
 * recorded in the report (`verdict: FAIL  2 regressions: …`: the one verdict line; nothing here
 * decides it), the gate's warnings and whether the run was interrupted; then per scenario a
 * table like autocannon's (latency percentiles, req/s, bytes/s, requests and errors), for a
 * streamed scenario a second table of TTFT/ITL/TPOT/TTFB with token rates and goodput, warnings,
 * and every threshold with PASS/FAIL, actual and limit; last, the scenarios that never ran with
 * their thresholds. No escape codes unless `options.color`. Returns text ending in a newline.
 */
export function renderTerminalReport(report: Report, options: TerminalReportOptions): string {
  const paint = createPaint(options.color);
  const head = [terminalVerdictLine(report, paint)];
  for (const w of report.warnings ?? []) head.push(paint.yellow(`warning: ${w.replace(/\r?\n/g, " ")}`));
  const stopped = stoppedEarlyWarning(report);
  if (stopped !== null) head.push(paint.yellow(`warning: ${stopped}`));
  const baselineOf = (name: string) => report.side_by_side?.scenarios.find((b) => b.name === name);
  const sections = report.scenarios.map((s) =>
    renderScenarioSection(s, report.budget, paint, baselineOf(s.name)).join("\n"),
  );
  const notRun = renderNotRunLines(report, report.budget, paint);
  return `${[head.join("\n"), ...sections, ...(notRun.length > 0 ? [notRun.join("\n")] : [])].join("\n\n")}\n`;
}
