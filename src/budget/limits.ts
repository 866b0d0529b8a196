/**
 * The largest load a budget may ask for: beyond these values the engine cannot honour the budget
 * (it would spin, hang or overflow a timer instead of measuring), so the budget refuses them with
 * a located error. One place, so the schema, the engine and the docs cite the same numbers.
 */
import { HIGHEST_TRACKABLE_US } from "../metrics/histogram.js";

/** One bound: its value in the unit of the typed budget, as a user would write it, and why. */
export interface Bound {
  readonly max: number;
  /** The bound as written in a budget (`100,000`, `24h`). */
  readonly written: string;
  /** Why the engine cannot go beyond it, in a clause that follows the bound in messages. */
  readonly why: string;
}

/** Bounds of `load:` and of the request timeouts, in the typed budget's units (req/s, count, ms). */
export const LOAD_LIMITS = {
  /** `load.rate`, arrivals per second. */
  ratePerSec: {
    max: 100_000,
    written: "100,000",
    why: "one generator process cannot keep an absolute schedule faster than that on one core; split a higher rate across shards",
  },
  /** `load.connections`: each one is a socket (a file descriptor) and a client object. */
  connections: {
    max: 50_000,
    written: "50,000",
    why: "each connection is a socket, a file descriptor and a client object of the generator; split more across shards",
  },
  /** `load.seed`: the Poisson schedule's generator (mulberry32) takes 32 bits. */
  seed: {
    max: 2 ** 32 - 1,
    written: "4294967295",
    why: "the schedule's generator takes a 32-bit seed: a larger one would silently repeat a smaller one's schedule",
  },
  /** `load.duration` + `load.warmup`, ms: one run is bounded to a day. */
  runMs: {
    max: 24 * 3_600_000,
    written: "24h",
    why: "a gate run is bounded to a day: Node's timers overflow past 2^31-1 ms and the report keeps a per-second timeline",
  },
  /** `timeout`, `defaults.timeout` and `idle_timeout`, ms: the histograms track up to 1 h. */
  timeoutMs: {
    max: HIGHEST_TRACKABLE_US / 1000,
    written: "1h",
    why: "the latency histograms track up to 1h",
  },
} as const satisfies Readonly<Record<string, Bound>>;

/**
 * Shortest `load.round` (ms): a round is a fresh engine run whose connections have just opened,
 * and a round of less than a second holds too few requests at a typical rate for its statistics
 * (the paired comparison's input) to mean anything.
 */
export const MIN_ROUND_MS = 1000;

/** `expected at most <bound> <unit> (<why>)`: the wording of every bound's problem. */
export function boundError(bound: Bound, unit: string): string {
  return `expected at most ${bound.written}${unit === "" ? "" : ` ${unit}`} (${bound.why})`;
}
