/**
 * The capacity search's plan, apart from any load: which rate to try next given what the steps
 * so far measured. Geometric first (×2 from `from` until a step breaks the objectives or `to` is
 * met), then a bisection between the last rate that met and the first that broke, until the
 * bracket is within `BRACKET_TOLERANCE` of the good rate or `MAX_STEPS` steps have run in all.
 * Pure: the caller's `measure` runs a step, so the branches are table-tested with a fake.
 */

/** The bisection stops once (first bad − last good) / last good is at most this. */
export const BRACKET_TOLERANCE = 0.05;
/**
 * Steps in all after which the bisection stops. The geometric phase is not cut short by it (its
 * length, log2(to / from) + 1, is the budget's choice); it only bounds the bisection after it.
 */
export const MAX_STEPS = 10;

/** What a step told the search. */
export interface StepOutcome {
  /** Every objective held in this step. */
  readonly met: boolean;
  /** The generator could not produce the rate: the step says nothing of the server. */
  readonly generatorLimited: boolean;
}

/** Why the search ended (see `CapacitySearchRecord.stopped_by`). */
export type StopReason = "slo" | "max_rate" | "generator" | "interrupted";

/** The search's result: every step in order, the capacity and what bracketed it. */
export interface SearchResult<T extends StepOutcome> {
  readonly steps: readonly { readonly rate: number; readonly outcome: T }[];
  /** Highest rate whose step met every objective; null when none did. */
  readonly capacity: number | null;
  /** Lowest rate whose step broke an objective; null when none did. */
  readonly firstBadRate: number | null;
  readonly stoppedBy: StopReason;
}

/**
 * A bisection midpoint, rounded to 3 significant digits: rates read as written (`137/s`, not
 * `136.71875/s`), and the rounding is far inside the 5 % bracket the search aims for.
 */
export function midpoint(good: number, bad: number): number {
  const mid = (good + bad) / 2;
  const scale = 10 ** (Math.floor(Math.log10(mid)) - 2);
  const rounded = Math.round(mid / scale) * scale;
  // Never land on a bracket end (a bracket already tiny): that step would repeat a measured rate.
  return rounded > good && rounded < bad ? Number(rounded.toPrecision(3)) : mid;
}

/**
 * Runs the search. `measure(rate)` runs one step and returns its outcome, or null when the run
 * was interrupted (the search then stops as `interrupted`). A generator-limited step stops the
 * search at once: every rate above it would be limited too, so what met so far is a floor.
 */
export async function searchCapacity<T extends StepOutcome>(
  range: { readonly fromRate: number; readonly toRate: number },
  measure: (rate: number) => Promise<T | null>,
): Promise<SearchResult<T>> {
  const steps: { rate: number; outcome: T }[] = [];
  // An object, not two lets: the closure below assigns them, which narrowing would not see.
  const bracket: { good: number | null; bad: number | null } = { good: null, bad: null };
  const end = (stoppedBy: StopReason): SearchResult<T> => ({
    steps,
    capacity: bracket.good,
    firstBadRate: bracket.bad,
    stoppedBy,
  });
  /** One step: null when the search goes on, else why it stops. */
  const step = async (rate: number): Promise<StopReason | null> => {
    const outcome = await measure(rate);
    if (outcome === null) return "interrupted";
    steps.push({ rate, outcome });
    if (outcome.generatorLimited) return "generator";
    if (outcome.met) bracket.good = rate;
    else bracket.bad = rate;
    return null;
  };
  let rate = range.fromRate;
  for (;;) {
    const stop = await step(rate);
    if (stop !== null) return end(stop);
    if (bracket.bad !== null) break;
    if (rate >= range.toRate) return end("max_rate");
    rate = Math.min(rate * 2, range.toRate);
  }
  while (steps.length < MAX_STEPS) {
    const { good: lo, bad: hi } = bracket;
    // lo null: not even `from` met, there is nothing below it to bisect towards.
    if (lo === null || hi === null || (hi - lo) / lo <= BRACKET_TOLERANCE) break;
    const stop = await step(midpoint(lo, hi));
    if (stop !== null) return end(stop);
  }
  return end("slo");
}
