import type { Arrival } from "../budget/types.js";

/**
 * The open model's absolute schedule: arrival i is due at `t0 + offset(i)`. Offsets come from the
 * rate alone (constant) or from a seeded PRNG (Poisson), never from when earlier requests finished,
 * which is what keeps the open model free of coordinated omission.
 */
export interface ArrivalSchedule {
  /** Offset of the next arrival from t0, in ms; each call advances the schedule by one arrival. */
  next(): number;
}

/**
 * Mulberry32: a tiny, fast 32-bit PRNG with a good enough spread for exponential gaps. Returns
 * floats in [0, 1). Same seed, same sequence, on every platform (integer maths only).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A schedule of `ratePerSec` arrivals per second.
 * - `constant`: offset(i) = i × 1000 / rate, computed by multiplication so rounding never
 *   accumulates over a long run; the first arrival is due at t0.
 * - `poisson`: gaps drawn from an exponential distribution of mean 1000 / rate ms, seeded, so the
 *   same seed gives the same offsets; the first arrival comes after one gap.
 */
export function createSchedule(ratePerSec: number, arrival: Arrival, seed: number): ArrivalSchedule {
  const meanGapMs = 1000 / ratePerSec;
  if (arrival === "constant") {
    let i = 0;
    return { next: () => (i++ * 1000) / ratePerSec };
  }
  const random = mulberry32(seed);
  let offsetMs = 0;
  return {
    next: () => {
      // 1 - u lies in (0, 1], so the logarithm is finite.
      offsetMs += -Math.log(1 - random()) * meanGapMs;
      return offsetMs;
    },
  };
}

/** The first `count` offsets (ms) of a schedule; for tests and for inspecting a seed. */
export function scheduleOffsetsMs(
  ratePerSec: number,
  arrival: Arrival,
  seed: number,
  count: number,
): number[] {
  const schedule = createSchedule(ratePerSec, arrival, seed);
  return Array.from({ length: count }, () => schedule.next());
}
