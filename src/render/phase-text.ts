/**
 * One compact line of a scenario's phase timings for the terminal and the summary:
 * `connect 0.12 / 0.31 (8 conns) · tls 1.20 / 2.00 · ttfb 100.3 / 101.2 · body 150.2 / 151.0`
 * (p50 / p95, ms). Short on purpose: the full blocks are in report.json.
 */
import type { LatencySummary, ScenarioReport } from "../report/types.js";
import { formatCount, formatMs, NO_DATA } from "./format.js";

/** The label of the line, naming its statistics and unit. */
export const PHASE_LABEL = "phases p50/p95 ms";

function pair(summary: LatencySummary): string {
  if (summary.count === 0) return NO_DATA;
  return `${formatMs(summary.p50)} / ${formatMs(summary.p95)}`;
}

/**
 * The phases `s` has, p50 / p95 each; `connect` with its count of connections (a sample is a
 * new connection). A streamed scenario's ttfb is left out (its table shows it). `name` styles a
 * phase's name (markdown: as code). Null when the report has no phase block (written before them).
 */
export function phaseText(s: ScenarioReport, name: (text: string) => string = (t) => t): string | null {
  const parts: string[] = [];
  if (s.connect !== undefined) {
    const n = s.connect.count;
    parts.push(`${name("connect")} ${pair(s.connect)} (${formatCount(n)} conn${n === 1 ? "" : "s"})`);
  }
  if (s.tls !== undefined) parts.push(`${name("tls")} ${pair(s.tls)}`);
  if (s.ttfb !== undefined && s.stream === undefined) parts.push(`${name("ttfb")} ${pair(s.ttfb)}`);
  if (s.body !== undefined) parts.push(`${name("body")} ${pair(s.body)}`);
  return parts.length === 0 ? null : parts.join(" · ");
}
