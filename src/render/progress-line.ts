import type { LiveProgress } from "../load/types.js";
import type { MeasuredScenario } from "../report/types.js";
import { formatDurationMs, formatRate, formatSeconds, NO_DATA } from "./format.js";
import { formatThousands } from "./scenario-notes.js";

/** `12.0/30.0 s`: elapsed of planned, the unit once. */
function elapsed(p: LiveProgress): string {
  return `${(p.elapsedMs / 1000).toFixed(1)}/${(p.totalMs / 1000).toFixed(1)} s`;
}

function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_DATA : formatDurationMs(value);
}

/** Whole milliseconds, for the narrowest forms: `231 ms`. */
function wholeMs(value: number | null | undefined): string {
  return value === null || value === undefined ? NO_DATA : `${Math.round(value)} ms`;
}

/**
 * The forms of the line from the fullest to the narrowest; the printer takes the first that fits.
 * Each keeps the name, the phase's progress, the rate, p95 and errors, in that order of need; the
 * TTFT of a streamed scenario goes first when room is short.
 */
function forms(p: LiveProgress): string[][] {
  // Several workers: the largest of their p95s, an upper bound of the p95 of all (worker-progress.ts).
  const le = p.workers === undefined || p.p95Ms === null ? "" : "≤";
  const ttftLe = p.workers === undefined || p.ttftP95Ms === null ? "" : "≤";
  const ttft = p.ttftP95Ms === undefined ? [] : [`ttft p95 ${ttftLe}${ms(p.ttftP95Ms)}`];
  const shortTtft = p.ttftP95Ms === undefined ? [] : [`ttft ${ttftLe}${wholeMs(p.ttftP95Ms)}`];
  const phase = SHORT_PHASE[p.phase];
  const rate = `${formatRate(p.rps)} req/s`;
  const p95 = `p95 ${le}${wholeMs(p.p95Ms)}`;
  return [
    [p.name, `${p.phase} ${elapsed(p)}`, rate, `p95 ${le}${ms(p.p95Ms)}`, ...ttft, `errors ${p.errors}`],
    [p.name, `${p.phase} ${elapsed(p)}`, rate, p95, ...shortTtft, `err ${p.errors}`],
    [p.name, `${phase} ${elapsed(p)}`, rate, p95, ...shortTtft, `err ${p.errors}`],
    [p.name, `${phase} ${elapsed(p)}`, `${Math.round(p.rps)} req/s`, p95, `err ${p.errors}`],
    [
      p.name,
      `${phase} ${Math.round(p.elapsedMs / 1000)}/${Math.round(p.totalMs / 1000)}s`,
      `${Math.round(p.rps)}/s`,
      p95,
    ],
  ];
}

/** The phase in a word of at most five letters, for narrow terminals. */
const SHORT_PHASE: Readonly<Record<LiveProgress["phase"], string>> = {
  warmup: "warm",
  measure: "run",
  drain: "drain",
};

/** Characters as a terminal counts them for plain text (code points, not UTF-16 units). */
function width(text: string): number {
  return [...text].length;
}

/** `text` cut to `max` characters, the last one an ellipsis when anything was cut. */
function cut(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return max <= 0 ? "" : `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * One live status line for a running scenario, without a newline (the CLI rewrites it in place
 * on a TTY, or prints it every few seconds in CI):
 * `chat  measure 12.0/30.0 s  48.7 req/s  p95 231.4 ms  errors 0`; a streamed scenario also
 * shows its time to first token (`… p95 1350.0 ms  ttft p95 219.1 ms  errors 0`). A scenario run by
 * several workers shows `p95 ≤231.4 ms`: the largest of the workers' p95s, a bound (LiveProgress.workers).
 *
 * With `columns` (the terminal's width) the line never reaches the last column: a line as wide
 * as the terminal wraps, and `\r` then rewrites only its last row, so rewrites pile up. Narrower
 * forms are tried first (single spaces, whole ms, no TTFT), then the scenario name is cut.
 */
export function renderProgressLine(p: LiveProgress, columns?: number): string {
  const all = forms(p);
  const full = all[0]?.join("  ") ?? "";
  if (columns === undefined || !(columns > 0)) return full;
  // One column spare: some terminals wrap as soon as the last column is written.
  const max = Math.max(1, Math.floor(columns) - 1);
  if (width(full) <= max) return full;
  for (const parts of all) {
    const line = parts.join(" ");
    if (width(line) <= max) return line;
  }
  const narrowest = all.at(-1) ?? [p.name];
  const rest = narrowest.slice(1).join(" ");
  // Keep the numbers and cut the name, down to a few characters; then cut whatever is left.
  const room = max - width(rest) - 1;
  if (room >= 4) return `${cut(p.name, room)} ${rest}`;
  return cut(narrowest.join(" "), max);
}

/**
 * The one-line total printed when a scenario ends (terminal and CI alike):
 * `chat: done — 1,204 requests in 10.0 s (120.4 req/s), 0 errors, p95 12.3 ms`, with the dropped
 * arrivals when there were any. Requests are those started in the measured phase; req/s is the
 * report's `rps` (responses completed inside the window), so a run nobody answered says 0.0.
 */
export function renderScenarioDoneLine(s: MeasuredScenario): string {
  const r = s.requests;
  const p95 = s.latency.count === 0 ? NO_DATA : formatDurationMs(s.latency.p95);
  // A multi-step scenario's unit is the iteration: say so, not "requests".
  const [unit, rate] = s.steps === undefined ? ["requests", "req/s"] : ["iterations", "iterations/s"];
  const parts = [
    `${formatThousands(r.total)} ${unit} in ${formatSeconds(s.duration_ms)} (${formatRate(s.rps)} ${rate})`,
    `${formatThousands(r.failed)} error${r.failed === 1 ? "" : "s"}`,
    ...(r.dropped > 0 ? [`${formatThousands(r.dropped)} dropped`] : []),
    `p95 ${p95}`,
  ];
  return `${s.name}: ${s.incomplete ? "stopped" : "done"} — ${parts.join(", ")}`;
}
