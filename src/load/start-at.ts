/**
 * `--start-at`: the one instant at which the shards of a split start, when no matrix starts them
 * together (shards on several machines, a scheduler that queues jobs). Each process reads its
 * budget, files and setup first, then waits for the instant and starts its first scenario's
 * schedule from it, so arrival k of the one schedule is due at the same moment in every shard.
 *
 * Time here is wall-clock epoch ms read on the monotonic clock (`performance.timeOrigin +
 * performance.now()`), the clock `started_at_ms` is recorded on: the shards line up as their
 * machines' clocks do (NTP keeps runners within milliseconds).
 */
import { performance } from "node:perf_hooks";
import { InputError } from "../errors.js";
import { untilWallClock, wallNowMs } from "./wall-clock.js";

/**
 * How far past the instant a shard may still start (at once, from then): 1 s, the start spread
 * `perf-gate merge` lets pass without a warning (check-shards.ts), so a shard that was that
 * little late merges as if on time. Later, the instant is an error: the shards would not overlap
 * as the user planned.
 */
export const START_AT_LATE_MS = 1000;

/**
 * The longest wait: 1 h. Getting every shard ready takes seconds to minutes; an instant hours
 * ahead is a typo or a time-zone slip (local time written with `Z` is off by whole hours), and a
 * runner waiting for it is billed all along.
 */
export const START_AT_MAX_AHEAD_MS = 3_600_000;

/** The flag's name in the CLI's messages. */
export const START_AT_FLAG = "--start-at";

/** An instant to start at (epoch ms) and what to call it in a message (`--start-at`, `input 'start-at'`). */
export interface StartAt {
  readonly atMs: number;
  readonly label: string;
}

/** What a shard does between its start and the instant: the `doing` of `checkStartAt` then. */
export const GETTING_READY = "this shard got ready (budget, data files, setup requests)";

/**
 * ISO 8601 date and time with minutes, optional seconds and fraction, and a zone (`Z`, `+01:00`).
 * A space may stand for the `T`, as RFC 3339 allows and `date --rfc-3339=seconds` writes it.
 */
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
/**
 * The largest epoch ms a date can hold (±10⁸ days, ECMA-262's time value range): past it,
 * `new Date(ms)` is Invalid Date and every message that shows the instant would throw.
 */
const MAX_EPOCH_MS = 8.64e15;
/** The same without a zone, to say what is missing. */
const ISO_LOCAL = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/i;

/** `2026-12-01T21:30:00.000Z`. */
function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Why the date and time fields name no instant, or null when they do (V8 reads 2026-02-30 as 2
 * March). ISO 8601's 24:00 (the end of a day) and a leap second's :60 are real forms, but have no
 * epoch millisecond of their own: the message says what to write instead.
 */
function notARealDate(match: RegExpExecArray): string | null {
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((v) => Number(v ?? 0));
  const days = new Date(Date.UTC(year ?? 0, month ?? 0, 0)).getUTCDate();
  const real =
    (month ?? 0) >= 1 &&
    (month ?? 0) <= 12 &&
    (day ?? 0) >= 1 &&
    (day ?? 0) <= days &&
    (hour ?? 0) <= 23 &&
    (minute ?? 0) <= 59 &&
    (second ?? 0) <= 59;
  if (real) return null;
  if (hour === 24 && minute === 0 && (second ?? 0) === 0)
    return "there is no such date or time (24:00 is the end of the day: write 00:00 of the next day)";
  if (second === 60 && (hour ?? 0) <= 23 && (minute ?? 0) <= 59)
    return "there is no such date or time (a leap second :60 has no epoch millisecond: write the next second)";
  return "there is no such date or time";
}

/**
 * Parses `value`: an ISO 8601 instant with its zone, or epoch milliseconds. `label` names the
 * flag (`--start-at`). The limits against now are `checkStartAt`'s.
 * @throws InputError, one line: what it expects, what it got, and why that is not it
 */
export function parseStartAt(value: string, label: string): number {
  const text = value.trim();
  const expected = `${label}: expected the instant every shard starts at, ISO 8601 with its zone (2026-12-01T21:30:00Z) or epoch milliseconds (1796160600000); got ${JSON.stringify(value)}`;
  if (/^\d{1,16}$/.test(text)) {
    const ms = Number(text);
    if (ms > MAX_EPOCH_MS)
      throw new InputError(
        `${expected}: that is past the last instant a date can hold (${MAX_EPOCH_MS}); epoch milliseconds now have 13 digits`,
      );
    return ms;
  }
  const match = ISO_INSTANT.exec(text);
  if (match === null) {
    if (ISO_LOCAL.test(text))
      throw new InputError(
        `${expected}: it has no zone, and each machine would read it in its own; add Z for UTC (or an offset like +01:00)`,
      );
    throw new InputError(expected);
  }
  const ms = Date.parse(text.toUpperCase().replace(" ", "T"));
  const why = notARealDate(match) ?? (Number.isNaN(ms) ? "there is no such date or time" : null);
  if (why !== null) throw new InputError(`${expected}: ${why}`);
  return ms;
}

/** `12.3 s` or `2.5 h`: a distance in time as a message says it. */
function distance(ms: number): string {
  return ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(1)} h` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Refuses an instant more than `START_AT_LATE_MS` past or `START_AT_MAX_AHEAD_MS` ahead of
 * `nowMs` (epoch ms). `doing` says what the process was doing when the instant passed (checked
 * again right before the wait, after the budget and the setup requests).
 * @throws InputError, one line: the instant, how far off it is, and what to give instead
 */
export function checkStartAt(startAtMs: number, label: string, nowMs: number, doing?: string): void {
  const at = `${label} ${iso(startAtMs)}`;
  const now = `now ${iso(nowMs)}`;
  if (nowMs - startAtMs > START_AT_LATE_MS) {
    const seconds =
      startAtMs < 1e11 ? ` (${startAtMs} reads as epoch seconds? ${label} takes milliseconds)` : "";
    const when = doing ? ` while ${doing}` : ` (${now})`;
    throw new InputError(
      `${at}: that instant passed ${distance(nowMs - startAtMs)} ago${when}${seconds}; expected one every shard reaches before it: give them all the same instant, far enough ahead for each to get ready (a minute, say)`,
    );
  }
  if (startAtMs - nowMs > START_AT_MAX_AHEAD_MS) {
    // 16 digits: epoch microseconds (what some clocks print) read as ms, some 50,000 years ahead.
    const micro =
      startAtMs >= 1e14 ? ` (${startAtMs} reads as epoch microseconds? ${label} takes milliseconds)` : "";
    throw new InputError(
      `${at}: that instant is ${distance(startAtMs - nowMs)} ahead (${now})${micro}; expected one within ${START_AT_MAX_AHEAD_MS / 3_600_000} h, the longest a shard waits: a typo or a time zone slip? write it in UTC with Z`,
    );
  }
}

/**
 * Waits until `start.atMs` (epoch ms; never returns before it, within microseconds after), or
 * until `signal` aborts. Returns the t0 for the engine on this thread's `performance.now()`
 * clock: the instant itself, or now when it passed by at most `START_AT_LATE_MS` (a late shard
 * starts at once rather than sending its already-due arrivals in one burst, measured late).
 * @throws InputError when the instant passed by more than that while the process got ready
 */
export async function waitForStart(start: StartAt, signal?: AbortSignal): Promise<number> {
  const startAtMs = start.atMs;
  checkStartAt(startAtMs, start.label, wallNowMs(), GETTING_READY);
  if (wallNowMs() >= startAtMs) return performance.now();
  // Interrupted while waiting: the run stops at once, incomplete.
  if (!(await untilWallClock(startAtMs, signal))) return performance.now();
  return startAtMs - performance.timeOrigin;
}
