import type { Arrival } from "../budget/types.js";

/**
 * The open model's absolute schedule: arrival i is due at `t0 + offset(i)`. Offsets come from the
 * rate alone (constant) or from a seeded PRNG (Poisson), never from when earlier requests finished,
 * which is what keeps the open model free of coordinated omission.
 */
export interface ArrivalSchedule {
  /** Offset of the next arrival from t0, in ms; each call advances the schedule by one arrival. */
  next(): number;
  /**
   * Passes over every arrival `next()` would still return with an offset below `limitMs`, and
   * returns how many there were: how a generator that fell behind counts the arrivals it cannot
   * send, in bounded time whatever the rate (O(1) for a constant schedule; for Poisson, at most a
   * few thousand draws, then the count of the rest drawn from its distribution).
   */
  skipBelow(limitMs: number): number;
}

/** Poisson draws `skipBelow` makes one by one before it draws the count of the rest at once. */
const MAX_SKIP_DRAWS = 4096;

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
  return arrival === "constant" ? constantSchedule(ratePerSec) : poissonSchedule(ratePerSec, seed);
}

function constantSchedule(ratePerSec: number): ArrivalSchedule {
  let i = 0;
  const offset = (k: number): number => (k * 1000) / ratePerSec;
  return {
    next: () => offset(i++),
    skipBelow: (limitMs) => {
      // The first index at or past the limit, by the very formula `next` uses (no rounding drift).
      let j = Math.max(i, Math.ceil((limitMs * ratePerSec) / 1000));
      while (j > i && offset(j - 1) >= limitMs) j--;
      while (offset(j) < limitMs) j++;
      const skipped = j - i;
      i = j;
      return skipped;
    },
  };
}

function poissonSchedule(ratePerSec: number, seed: number): ArrivalSchedule {
  const meanGapMs = 1000 / ratePerSec;
  const random = mulberry32(seed);
  // 1 - u lies in (0, 1], so the logarithm is finite.
  const gap = (): number => -Math.log(1 - random()) * meanGapMs;
  let upcomingMs = gap();
  return {
    next: () => {
      const offset = upcomingMs;
      upcomingMs += gap();
      return offset;
    },
    skipBelow: (limitMs) => {
      let skipped = 0;
      while (upcomingMs < limitMs) {
        if (skipped >= MAX_SKIP_DRAWS && (limitMs - upcomingMs) / meanGapMs > MAX_SKIP_DRAWS) break;
        upcomingMs += gap();
        skipped++;
      }
      if (upcomingMs >= limitMs) return skipped;
      // Still far behind: the upcoming arrival, plus a Poisson count of arrivals in the rest of
      // the stretch; the process is memoryless, so the next one is one gap after the limit.
      skipped += 1 + poissonCount((limitMs - upcomingMs) / meanGapMs, random);
      upcomingMs = limitMs + gap();
      return skipped;
    },
  };
}

/**
 * A draw from Poisson(mean): the normal approximation (mean > `MAX_SKIP_DRAWS` here, where it is
 * within a fraction of a percent), by Box–Muller from the schedule's own PRNG so the seed still decides.
 */
function poissonCount(mean: number, random: () => number): number {
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
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
