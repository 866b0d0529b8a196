/**
 * The open model's schedule when the rate changes over time (`load.stages`): the rate moves
 * linearly across each stage from the previous stage's rate to its own (the first from
 * `start_rate`), k6's ramping-arrival-rate semantics. Arrivals stay on an ABSOLUTE schedule, so
 * due-time latency (no coordinated omission) holds while the rate changes.
 *
 * Both spacings are the constant-rate ones run through a change of clock: with Λ(t) the expected
 * arrivals by offset t (the integral of the rate), constant arrivals are due at Λ⁻¹(k), k = 0, 1, …,
 * and Poisson arrivals at Λ⁻¹(S_k) for a unit-rate Poisson process S (time rescaling), so Poisson
 * arrivals follow the changing rate and the seed still decides them.
 */
import type { Arrival } from "../budget/types.js";
import { type ArrivalSchedule, mulberry32 } from "./schedule.js";

/** One stretch of the rate curve: from `startMs` for `durationMs`, rate `fromPerSec` → `toPerSec`. */
export interface RateSegment {
  readonly startMs: number;
  readonly durationMs: number;
  readonly fromPerSec: number;
  readonly toPerSec: number;
}

/** Where the curve stands at each segment's start: expected arrivals before it. */
interface Knot extends RateSegment {
  readonly arrivalsBefore: number;
  readonly arrivals: number;
}

/** The rate curve, integrated once. Offsets past its end have no arrival (`Infinity`). */
export class RateCurve {
  private readonly knots: Knot[] = [];
  /** Expected arrivals over the whole curve. */
  readonly total: number;

  constructor(segments: readonly RateSegment[]) {
    let before = 0;
    for (const s of segments) {
      const arrivals = ((s.fromPerSec + s.toPerSec) / 2) * (s.durationMs / 1000);
      this.knots.push({ ...s, arrivalsBefore: before, arrivals });
      before += arrivals;
    }
    this.total = before;
  }

  /** Λ(t): expected arrivals before offset `tMs`. */
  arrivalsBefore(tMs: number): number {
    for (const k of this.knots) {
      if (tMs >= k.startMs + k.durationMs) continue;
      if (tMs <= k.startMs) return k.arrivalsBefore;
      const tau = (tMs - k.startMs) / 1000;
      const slope = (k.toPerSec - k.fromPerSec) / (k.durationMs / 1000);
      return k.arrivalsBefore + k.fromPerSec * tau + (slope * tau * tau) / 2;
    }
    return this.total;
  }

  /** Λ⁻¹(n): the offset (ms) by which `n` arrivals are expected; Infinity past the curve's end. */
  offsetOf(n: number): number {
    for (const k of this.knots) {
      // An arrival on a knot's end belongs to the next knot's start: the same offset where the
      // rate goes on, but after a stretch at 0/s, that stretch's end (a 0/s stage sends nothing).
      if (n >= k.arrivalsBefore + k.arrivals || k.arrivals === 0) continue;
      const d = n - k.arrivalsBefore;
      const a = (k.toPerSec - k.fromPerSec) / (k.durationMs / 1000) / 2;
      const b = k.fromPerSec;
      // τ solves a·τ² + b·τ = d; this form stays exact when a is 0 or negative (a ramp down).
      const root = Math.sqrt(Math.max(0, b * b + 4 * a * d));
      const tau = b + root === 0 ? 0 : (2 * d) / (b + root);
      return k.startMs + tau * 1000;
    }
    return Number.POSITIVE_INFINITY;
  }
}

/** A schedule following `curve`: constant spacing or seeded Poisson (see the file's comment). */
export function stagedSchedule(curve: RateCurve, arrival: Arrival, seed: number): ArrivalSchedule {
  if (arrival === "constant") {
    let k = 0;
    return {
      next: () => curve.offsetOf(k++),
      skipBelow: (limitMs) => {
        let skipped = 0;
        // Arrivals before the limit: those whose k is below Λ(limit) (counted, not looped over).
        const end = Math.max(k, Math.ceil(curve.arrivalsBefore(limitMs)));
        skipped = end - k;
        k = end;
        while (curve.offsetOf(k) < limitMs) {
          k++;
          skipped++;
        }
        return skipped;
      },
    };
  }
  const random = mulberry32(seed);
  const gap = (): number => -Math.log(1 - random());
  let unit = gap();
  return {
    next: () => {
      const offset = curve.offsetOf(unit);
      unit += gap();
      return offset;
    },
    skipBelow: (limitMs) => {
      const limitUnit = curve.arrivalsBefore(limitMs);
      let skipped = 0;
      while (unit < limitUnit && curve.offsetOf(unit) < limitMs) {
        unit += gap();
        skipped++;
      }
      return skipped;
    },
  };
}
