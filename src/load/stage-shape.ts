/**
 * Where a load shape (`load.stages`) stands at a moment of the run: the open model's rate curve
 * (for its schedule) and the closed model's loop target. Times are offsets from the run's t0 in
 * ms; the stages begin after the warm-up, which runs at the shape's starting value.
 */
import type { LoadSpec, StageSpec } from "../budget/types.js";
import { RateCurve, type RateSegment } from "./staged-schedule.js";

/** The open model's rate curve: warm-up at `start_rate`, then each stage's linear ramp. */
export function rateCurveOf(load: LoadSpec): RateCurve {
  const start = load.startRatePerSec ?? 0;
  const segments: RateSegment[] = [];
  if (load.warmupMs > 0)
    segments.push({ startMs: 0, durationMs: load.warmupMs, fromPerSec: start, toPerSec: start });
  let at = load.warmupMs;
  let from = start;
  for (const stage of load.stages ?? []) {
    const to = stage.ratePerSec ?? 0;
    segments.push({ startMs: at, durationMs: stage.durationMs, fromPerSec: from, toPerSec: to });
    at += stage.durationMs;
    from = to;
  }
  return new RateCurve(segments);
}

/** Closed-model stages ramp from one loop. */
export const START_LOOPS = 1;

/**
 * The closed model's loop target `sinceMeasureMs` into the measured phase (negative: the
 * warm-up, which runs the start count): linear across each stage from the previous target, the
 * first from `startLoops` (`START_LOOPS` unless a side-by-side round runs a slice of the shape).
 */
export function loopTarget(
  stages: readonly StageSpec[],
  sinceMeasureMs: number,
  startLoops: number = START_LOOPS,
): number {
  let from = startLoops;
  let at = 0;
  if (sinceMeasureMs < 0) return Math.max(1, Math.round(startLoops));
  for (const stage of stages) {
    const to = stage.connections ?? from;
    if (sinceMeasureMs < at + stage.durationMs) {
      return Math.max(1, Math.round(from + ((to - from) * (sinceMeasureMs - at)) / stage.durationMs));
    }
    at += stage.durationMs;
    from = to;
  }
  // A slice cut inside a ramp ends on a fractional count.
  return Math.max(1, Math.round(from));
}

/** The stage a moment `sinceMeasureMs` into the measured phase falls in (index), clamped to the ends. */
export function stageIndexAt(stages: readonly StageSpec[], sinceMeasureMs: number): number {
  let at = 0;
  for (let i = 0; i < stages.length; i++) {
    at += stages[i]?.durationMs ?? 0;
    if (sinceMeasureMs < at) return i;
  }
  return Math.max(0, stages.length - 1);
}
