/**
 * A window of a load shape as a load shape of its own. Side by side, each pair of rounds runs one
 * segment [from, to) of the shape's measured timeline (rounds.ts), so that each side goes through
 * the whole shape piecewise and a pair compares the two builds under the same slice of it. The
 * engine runs any `load.stages`, so a segment is run by handing it the stages that draw exactly
 * that stretch of the curve: the stages the window overlaps, cut to it, with the curve's value at
 * the cut as the new start. The curve is piecewise linear, so linear interpolation at a cut point
 * reproduces it exactly: the sliced curve equals the whole one, shifted by `from`, at every moment
 * of the window — for the open model's rate and the closed model's loop count alike.
 */
import type { LoadSpec, StageSpec } from "../budget/types.js";
import { START_LOOPS } from "./stage-shape.js";

/** A window of a shape: its stages (names kept, partial ones too) and where the curve starts. */
export interface StageSlice {
  readonly stages: readonly StageSpec[];
  /** Open model: the rate at the window's start (the sliced shape's `start_rate`). */
  readonly startRatePerSec?: number;
  /** Closed model: the loop count at the window's start (fractional at a cut inside a ramp). */
  readonly startConnections?: number;
}

/** The stage's target (rate or loops) and the model it belongs to. */
function targetOf(stage: StageSpec): number {
  return stage.ratePerSec ?? stage.connections ?? 0;
}

/**
 * The stages and start value that reproduce the shape `stages` (starting from `startRatePerSec`,
 * open model, or from `START_LOOPS` loops, closed model) over `[fromMs, toMs)` of its measured
 * timeline. A stage cut by the window keeps its name and ends at the curve's value at the cut
 * (linear interpolation); stages outside the window are left out. The window is clamped to the
 * shape; an empty window gives no stages.
 */
export function sliceStages(
  stages: readonly StageSpec[],
  startRatePerSec: number | undefined,
  fromMs: number,
  toMs: number,
): StageSlice {
  const open = stages.some((s) => s.ratePerSec !== undefined);
  let before = open ? (startRatePerSec ?? 0) : START_LOOPS;
  let at = 0;
  let start: number | undefined;
  const sliced: StageSpec[] = [];
  for (const stage of stages) {
    const end = at + stage.durationMs;
    const to = targetOf(stage);
    // The curve inside this stage: `before` at `at`, `to` at `end`.
    const valueAt = (t: number): number =>
      stage.durationMs === 0 ? to : before + ((to - before) * (t - at)) / stage.durationMs;
    const lo = Math.max(at, fromMs);
    const hi = Math.min(end, toMs);
    if (hi > lo) {
      start ??= valueAt(lo);
      const value = hi === end ? to : valueAt(hi);
      sliced.push({
        name: stage.name,
        durationMs: hi - lo,
        ...(open ? { ratePerSec: value } : { connections: value }),
      });
    }
    at = end;
    before = to;
  }
  const first = start ?? before;
  return { stages: sliced, ...(open ? { startRatePerSec: first } : { startConnections: first }) };
}

/**
 * `load` with its shape cut to `[fromMs, toMs)` (see `sliceStages`), keeping the invariants of a
 * shaped `LoadSpec`: `durationMs` the sliced stages' sum, `ratePerSec` their peak (the start
 * included), and for the closed model `connections` their highest loop count (rounded up: the
 * pool must hold every loop the curve reaches). A window that stays at 0/s keeps the whole
 * shape's `ratePerSec`: the engine reads a rate as "open model" and sizes its queue by it, and a
 * window that sends nothing needs only some positive bound. A load without stages is returned as is.
 */
export function sliceLoad(load: LoadSpec, fromMs: number, toMs: number): LoadSpec {
  if (load.stages === undefined) return load;
  const slice = sliceStages(load.stages, load.startRatePerSec, fromMs, toMs);
  const durationMs = slice.stages.reduce((sum, s) => sum + s.durationMs, 0);
  const peak = Math.max(
    slice.startRatePerSec ?? slice.startConnections ?? 0,
    ...slice.stages.map((s) => targetOf(s)),
  );
  if (slice.startRatePerSec !== undefined) {
    return {
      ...load,
      stages: slice.stages,
      startRatePerSec: slice.startRatePerSec,
      durationMs,
      ratePerSec: peak > 0 ? peak : load.ratePerSec,
    };
  }
  return {
    ...load,
    stages: slice.stages,
    ...(slice.startConnections === undefined ? {} : { startConnections: slice.startConnections }),
    durationMs,
    connections: Math.max(1, Math.ceil(peak - 1e-9)),
  };
}
