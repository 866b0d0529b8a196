/**
 * Warnings about how a scenario ran, in words shared by the terminal and the markdown summary:
 * a lagging generator, dropped arrivals (with their real cause), redirects, an early stop. Each
 * says what it means for the numbers and, where there is one, the fix.
 */
import type { ScenarioReport } from "../report/types.js";
import { formatDurationMs, formatSeconds, groupThousands } from "./format.js";

/** A count with thousands separators: `61,201`. */
export function formatThousands(n: number): string {
  return groupThousands(String(Math.round(n)));
}

function plural(n: number, one: string, many: string): string {
  return `${formatThousands(n)} ${n === 1 ? one : many}`;
}

/** What to change when the client could not send what was due: the budget's two load keys. */
function loadFix(s: ScenarioReport): string {
  const rate = s.load.rate === undefined ? "" : ` (${s.load.rate} req/s)`;
  return `raise connections (${s.load.connections}) or lower rate${rate}`;
}

/**
 * Dropped arrivals by cause: the client queue was full when they were due, or they were still
 * queued (no free connection) when the phase ended. A report without the split gets one line.
 */
export function droppedWarnings(s: ScenarioReport): string[] {
  const r = s.requests;
  if (r.dropped <= 0) return [];
  const full = r.dropped_queue_full ?? 0;
  const atEnd = r.dropped_at_end ?? 0;
  if (full + atEnd === 0) {
    return [
      `${plural(r.dropped, "arrival", "arrivals")} dropped: the client could not send them; ${loadFix(s)}`,
    ];
  }
  const out: string[] = [];
  if (full > 0) {
    out.push(
      `${plural(full, "arrival", "arrivals")} dropped because the client queue was full: ${loadFix(s)}`,
    );
  }
  if (atEnd > 0) {
    out.push(
      `${plural(atEnd, "arrival was", "arrivals were")} still queued when the phase ended (no connection came free in time), so never sent: ${loadFix(s)}`,
    );
  }
  return out;
}

/** The redirect note: a wrong path often answers 3xx, which counts ok unless `expect_status` says otherwise. */
export function redirectWarnings(s: ScenarioReport): string[] {
  const n = s.redirects ?? 0;
  if (n <= 0) return [];
  return [
    `${plural(n, "response was a redirect", "responses were redirects")} (3xx), not followed: check the path`,
  ];
}

/**
 * Every warning about how the scenario ran, text only (the caller marks and styles them): the
 * generator's lag, dropped arrivals, redirects, an interrupted measurement.
 */
export function scenarioWarnings(s: ScenarioReport): string[] {
  const out: string[] = [];
  const g = s.generator;
  if (g.lagged) {
    out.push(
      `the load generator lagged (event-loop delay p99 ${formatDurationMs(g.event_loop_delay_p99_ms)}, max ${formatDurationMs(g.event_loop_delay_max_ms)}): latencies include the client's own delay`,
    );
  }
  out.push(...droppedWarnings(s), ...redirectWarnings(s));
  if (s.aborted) {
    out.push(
      `${s.aborted.reason} (line ${s.aborted.line}, abort: true): stopped after ${formatSeconds(s.duration_ms)} of ${formatSeconds(s.load.duration_ms)}`,
    );
  } else if (s.incomplete) {
    out.push(
      `incomplete: stopped after ${formatSeconds(s.duration_ms)} of ${formatSeconds(s.load.duration_ms)}`,
    );
  }
  return out;
}

/**
 * The run-level warning of a report cut short: aborted on an `abort: true` threshold (naming it),
 * or interrupted; null when the run went to its end.
 */
export function stoppedEarlyWarning(
  report: Pick<ScenarioReportsOf, "incomplete" | "scenarios">,
): string | null {
  const aborted = report.scenarios.find((s) => s.aborted !== undefined);
  if (aborted?.aborted) {
    return `the run was aborted: ${aborted.aborted.reason} in scenario "${aborted.name}"; later scenarios did not run`;
  }
  return report.incomplete ? "the run was interrupted; this report is incomplete" : null;
}

/** What `stoppedEarlyWarning` reads of a report. */
interface ScenarioReportsOf {
  readonly incomplete: boolean;
  readonly scenarios: readonly ScenarioReport[];
}
