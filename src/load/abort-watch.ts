/**
 * Early abort (`abort: true` thresholds): while a scenario runs, its measurements so far are
 * checked against those limits, and the run stops once one is breached BEYOND DOUBT — so a
 * 10-minute budget against a server broken from the start ends in seconds, and a noisy first
 * second never stops a healthy run. "Beyond doubt" is a one-sided 99.9 % bound (z = 3.09):
 * - `error_rate`: the lower Wilson bound of failed / completed is above the limit (after at
 *   least `MIN_REQUESTS` completed);
 * - a quantile `pQ` of a latency or stream timing family: the distribution-free lower bound of
 *   that quantile — the sample value at rank q − z·√(q(1−q)/n) — is above the limit (after at
 *   least `MIN_REQUESTS` values); `max`: any value above the limit.
 */
import type { Histogram } from "hdr-histogram-js";
import type { Threshold } from "../budget/types.js";
import { ABORT_QUANTILES } from "../metrics/abortable.js";
import { STREAM_TIME_FAMILIES } from "../metrics/catalogue.js";
import { holdsLimit } from "../metrics/limit.js";
import type { MetricsRecorder } from "../metrics/recorder.js";
import type { StreamRecorder } from "../metrics/stream-recorder.js";
import { wilsonInterval } from "../metrics/wilson.js";

/** Requests (or values) measured before any abort can be decided. */
export const MIN_REQUESTS = 20;
/** One-sided 99.9 % normal quantile. */
const Z = 3.09;

/** The stream timing families the stream recorder holds; `ttfb` is the recorder's, streamed or not. */
export type StreamOnlyFamily = Exclude<(typeof STREAM_TIME_FAMILIES)[number], "ttfb">;

/** A limit breached beyond doubt: which threshold, the value measured so far, when. */
export interface AbortHit {
  readonly threshold: Threshold;
  /** In the metric's report unit (ms, or a fraction for error_rate). */
  readonly actual: number;
  /** Time since the measured phase began, ms. */
  readonly atMs: number;
}

/**
 * What the watch reads: the scenario's counts and latency and, when it streams, its stream
 * histograms — the running engine's recorders, or those plus earlier rounds' (abort-carry.ts).
 */
export interface WatchedRun {
  readonly recorder: Pick<MetricsRecorder, "ok" | "failed" | "latency"> &
    Partial<Pick<MetricsRecorder, "ttfb">>;
  readonly stream: Pick<StreamRecorder, StreamOnlyFamily> | null;
}

/** The first of `rules` breached beyond doubt by what `run` measured so far, or null. */
export function findBreach(rules: readonly Threshold[], run: WatchedRun, atMs: number): AbortHit | null {
  for (const threshold of rules) {
    const actual = breachValue(threshold, run);
    if (actual !== null) return { threshold, actual, atMs };
  }
  return null;
}

/** The value so far when `threshold` is breached beyond doubt, else null. Limits are "at most". */
function breachValue(threshold: Threshold, run: WatchedRun): number | null {
  const { recorder } = run;
  if (threshold.metric === "error_rate") {
    const n = recorder.ok + recorder.failed;
    if (n < MIN_REQUESTS) return null;
    const low = wilsonInterval({ x: recorder.failed, n }, Z).low;
    return beyond(low, threshold) ? recorder.failed / n : null;
  }
  const [family, stat] = threshold.metric.split(".");
  const histogram = familyHistogram(family ?? "", run);
  if (histogram === null || stat === undefined) return null;
  const n = histogram.totalCount;
  if (n === 0) return null;
  // Histograms hold integer µs; limits are ms.
  if (stat === "max") {
    const max = histogram.maxValue / 1000;
    return beyond(max, threshold) ? max : null;
  }
  const q = ABORT_QUANTILES[stat];
  if (q === undefined || n < MIN_REQUESTS) return null;
  const lowRank = q - Z * Math.sqrt((q * (1 - q)) / n);
  if (lowRank <= 0) return null;
  const low = histogram.getValueAtPercentile(100 * lowRank) / 1000;
  return beyond(low, threshold) ? histogram.getValueAtPercentile(100 * q) / 1000 : null;
}

/** True when `value` breaks the limit, by the thresholds' own rule (equality within float noise). */
function beyond(value: number, threshold: Threshold): boolean {
  return !holdsLimit(value, threshold.op, threshold.limit);
}

function familyHistogram(family: string, run: WatchedRun): Histogram | null {
  if (family === "latency") return run.recorder.latency;
  // Every scenario's ttfb is its recorder's phase histogram (a streamed request's is recorded
  // there only), with earlier rounds' added by abort-carry.ts.
  if (family === "ttfb") return run.recorder.ttfb ?? null;
  // The stream recorder's histograms carry the families' own names (ttft, itl, tpot).
  const stream = run.stream;
  if (stream === null || !(STREAM_TIME_FAMILIES as readonly string[]).includes(family)) return null;
  return stream[family as StreamOnlyFamily];
}
