/**
 * The round plan of a side-by-side run (`baseline_target`): the baseline target (A) and the
 * target (B) are measured in interleaved rounds, in blocks of four — A B B A or B A A B — so that
 * a drift of the machine or of a shared dependency that is linear in time falls on both sides
 * equally within every block, and the paired comparison can take per-round differences measured
 * at the same moments. Each side gets the scenario's whole `duration` of measured time.
 *
 * Why the blocks' orientation is drawn (seeded) rather than always A B B A: a fixed A B B A
 * pattern repeats every four rounds, and a drift with that period (measured on a fixture whose
 * speed follows a 20 s sine, with 5 s rounds) falls on the same side in every block: 35 % false
 * alarms in simulation. Drawing each block's orientation breaks that resonance while keeping the
 * linear-drift cancellation inside every block.
 *
 * A load shape (`load.stages`) is cut along its own time axis: pair k runs the segment
 * [offsetMs, offsetMs + durationMs) of the shape's measured timeline on both sides (sliced by
 * load/stage-slice.ts), so each side goes through the whole shape, piecewise and in order, and
 * each pair compares the two builds under the same slice of it. The cuts ignore the stage
 * boundaries on purpose: the rounds keep one length (the drift cancellation above needs it), and
 * a stage's paired comparison leaves out the rounds that only graze it (gate/paired-interval.ts).
 */
import type { LoadSpec } from "../budget/types.js";
import type { Side } from "../report/types.js";
import { sideOrder } from "./side-turns.js";

/**
 * Default length of one round's measured window, ms (capped at a quarter of the duration).
 * Short, because only drift slower than a pair of rounds cancels: on a fixture whose speed swings
 * ±15 % over 20 s, 2 s rounds keep the paired interval within a few percent, 5 s rounds do not.
 */
export const DEFAULT_ROUND_MS = 2000;
/**
 * Default round of a streamed scenario, ms: a round must hold many whole requests, and an LLM
 * stream lasts seconds (a 2 s round of 3 s streams would measure none).
 */
export const DEFAULT_STREAM_ROUND_MS = 10_000;
/**
 * Fewest rounds per side: with fewer than 2 there is no pair of pairs, so a drift cannot cancel
 * and the spread of the round differences cannot be estimated at all.
 */
export const MIN_ROUNDS_PER_SIDE = 2;
/**
 * Warm-up of every round after a side's first, at most (ms). Each round is a fresh engine that
 * opens new connections (TCP, TLS, the server's per-connection state): its first moments are
 * sent, not measured. The side's first round gets the budget's whole `warmup`, which warms the
 * server itself; later rounds only need their connections open again: a quarter second.
 */
export const LATER_ROUND_WARMUP_MS = 250;

/**
 * Warm-up of each side's first round, at least (ms), whatever the budget's `warmup`. Measured: with
 * `warmup: 0s` the run's very first round (always the baseline's) counted 29 requests where the
 * same side's later rounds counted 40–42 (2 connections, a 20 ms server, 500 ms rounds), because
 * the generator itself starts cold (first connections, JIT). A bias on one side of pair 0 only
 * would not cancel in the pairs, so both sides' first rounds send a second unmeasured.
 */
export const FIRST_ROUND_MIN_WARMUP_MS = 1000;

/** One round of the plan. */
export interface PlannedRound {
  readonly side: Side;
  /** 0-based position in the run order. */
  readonly index: number;
  /** `floor(index / 2)`: the pair, one round of each side. */
  readonly pair: number;
  /** 0-based position among this side's rounds (equal to `pair`: each pair has one of each side). */
  readonly sideIndex: number;
  /** Measured window, ms; a side's rounds sum to exactly the load's `durationMs`. */
  readonly durationMs: number;
  /**
   * Where the window starts in the side's measured timeline (`pair × roundMs`): its rounds
   * before it measured exactly this much. A load shape's round runs the segment
   * [offsetMs, offsetMs + durationMs) of the shape (stage-slice.ts), the same on both sides.
   */
  readonly offsetMs: number;
  readonly warmupMs: number;
  /**
   * Schedule seed: `seed + pair` (mod 2^32), the same for both rounds of a pair, so an open-model
   * pair sees the same arrival schedule on each side (common random numbers: the schedule's own
   * randomness then cancels in the pair's difference).
   */
  readonly seed: number;
}

/** The whole plan: rounds in run order and the nominal round length. */
export interface RoundPlan {
  /** Nominal measured length of one round, ms (`duration / roundsPerSide`, rounded). */
  readonly roundMs: number;
  readonly roundsPerSide: number;
  readonly rounds: readonly PlannedRound[];
}

/**
 * Plans the rounds of one scenario: round length `load.roundMs` (default
 * `min(DEFAULT_ROUND_MS, duration / 4)`, `DEFAULT_STREAM_ROUND_MS` when `streamed`),
 * `n = max(MIN_ROUNDS_PER_SIDE, round(duration / length))` rounds per side, each
 * `round(duration / n)` ms long but the last of each side, which takes the remainder so every
 * side measures exactly `duration`. Order: blocks of two pairs, A B B A or B A A B, each block's
 * orientation drawn from `load.seed` (reproducible). Warm-up: each side's first round
 * `max(warmup, FIRST_ROUND_MIN_WARMUP_MS)`, later rounds `min(warmup, LATER_ROUND_WARMUP_MS)`.
 * Accepts any positive `roundMs` (the budget enforces its 1 s minimum).
 */
export function planRounds(load: LoadSpec, streamed = false): RoundPlan {
  const durationMs = load.durationMs;
  const lengthMs =
    load.roundMs ?? Math.min(streamed ? DEFAULT_STREAM_ROUND_MS : DEFAULT_ROUND_MS, durationMs / 4);
  const n = Math.max(MIN_ROUNDS_PER_SIDE, Math.round(durationMs / Math.max(lengthMs, 1)));
  // Rounding up could leave the last round nothing (tiny rounds): then round down instead.
  const rounded = Math.round(durationMs / n);
  const eachMs = rounded * (n - 1) < durationMs ? rounded : Math.floor(durationMs / n);
  const lastMs = durationMs - eachMs * (n - 1);
  const rounds: PlannedRound[] = [];
  // The drawn block orientations, shared with the capacity searches' turns (side-turns.ts).
  const sides = sideOrder(load.seed);
  for (let pair = 0; pair < n; pair++) {
    const order: readonly Side[] = [sides.next().value as Side, sides.next().value as Side];
    for (const side of order) {
      rounds.push({
        side,
        index: rounds.length,
        pair,
        sideIndex: pair,
        durationMs: pair === n - 1 ? lastMs : eachMs,
        offsetMs: pair * eachMs,
        warmupMs:
          pair === 0
            ? Math.max(load.warmupMs, FIRST_ROUND_MIN_WARMUP_MS)
            : Math.min(load.warmupMs, LATER_ROUND_WARMUP_MS),
        seed: (load.seed + pair) >>> 0,
      });
    }
  }
  return { roundMs: eachMs, roundsPerSide: n, rounds };
}
