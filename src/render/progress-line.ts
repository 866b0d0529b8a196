import type { LiveProgress } from "../load/types.js";
import { formatDurationMs, formatRate, formatSeconds, NO_DATA } from "./format.js";

/**
 * One live status line for a running scenario, without a newline (the CLI rewrites it in place
 * on a TTY, or prints it every few seconds in CI):
 * `chat  measure 12.0s/30.0s  48.7 req/s  p95 231.4 ms  errors 0`; a streamed scenario also shows
 * its time to first token: `… p95 1.35 s  ttft p95 219.1 ms  errors 0`.
 */
export function renderProgressLine(p: LiveProgress): string {
  const p95 = p.p95Ms === null ? NO_DATA : formatDurationMs(p.p95Ms);
  return [
    p.name,
    `${p.phase} ${formatSeconds(p.elapsedMs)}/${formatSeconds(p.totalMs)}`,
    `${formatRate(p.rps)} req/s`,
    `p95 ${p95}`,
    ...(p.ttftP95Ms === undefined
      ? []
      : [`ttft p95 ${p.ttftP95Ms === null ? NO_DATA : formatDurationMs(p.ttftP95Ms)}`]),
    `errors ${p.errors}`,
  ].join("  ");
}
