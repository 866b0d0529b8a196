import type { LoadSpec, RequestSpec, Slo, Step, Threshold, TransportSpec } from "../budget/types.js";
import type { DataSet } from "../data/types.js";
import type { AbortCarry } from "./abort-carry.js";
import type { LoadPart } from "./part.js";

/** Everything the engine needs to run one scenario. Built from the budget by the caller. */
export interface ScenarioPlan {
  readonly name: string;
  /** Absolute URL of the request (target + path), http: or https:. */
  readonly url: URL;
  readonly request: RequestSpec;
  readonly load: LoadSpec;
  /** Per-request objectives: the engine counts ok requests that meet them all (goodput). */
  readonly slo?: Slo;
  /**
   * The target's base URL, whose path prefixes every request's path (templated and step paths
   * are joined to it per request). Absent: `url`'s origin.
   */
  readonly base?: URL;
  /** Multi-step scenarios: the steps of an iteration (`request` is then the first step's). */
  readonly steps?: readonly Step[];
  /** Rows for `{{ row.* }}`. */
  readonly data?: DataSet;
  /** Values the scenario's `setup:` captured, for `{{ setup.* }}`. */
  readonly setupValues?: Readonly<Record<string, string>>;
  /**
   * The next iteration number (`{{ seq }}`), shared by the runs of one side of a side-by-side
   * run so rounds continue the sequence; absent: from 0.
   */
  readonly sequence?: { next: number };
  /** Unique to the run: starts every `unique_prefix` marker. Absent: a random one. */
  readonly nonce?: string;
  /**
   * The part of the scenario's load this engine runs (a worker thread's, a shard's: see
   * part.ts); `load` stays the WHOLE scenario's (its rate draws the whole schedule). Absent: all of it.
   */
  readonly part?: LoadPart;
  /** How connections are made (TLS, h2, proxy: `Scenario.transport`). Absent: plain. */
  readonly transport?: TransportSpec;
}

/** A snapshot of a running scenario, for the live line. Never written to the report. */
export interface LiveProgress {
  readonly name: string;
  readonly phase: "warmup" | "measure" | "drain";
  /** Time since the phase began and its planned length. */
  readonly elapsedMs: number;
  readonly totalMs: number;
  /** Measured-phase counts so far. */
  readonly ok: number;
  readonly errors: number;
  /** Completions per second over the last progress interval. */
  readonly rps: number;
  /** p95 latency so far (ms), or null before the first ok response. */
  readonly p95Ms: number | null;
  /**
   * Streamed scenarios only: p95 time to first token so far (ms), or null before the first token.
   * Absent for scenarios that do not stream.
   */
  readonly ttftP95Ms?: number | null;
  /**
   * Set when the scenario runs in this many worker threads (> 1): the counts and the rate are
   * the workers' sums, and `p95Ms` / `ttftP95Ms` the largest of the workers' p95s — an upper
   * bound of the p95 of all their requests (worker-progress.ts). Absent: one thread, exact.
   */
  readonly workers?: number;
}

/** Hooks into a run: stop it early, or watch it. */
export interface RunControl {
  /** Aborting ends the run early; the result is then marked incomplete. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: LiveProgress) => void;
  /** How often `onProgress` is called; default 1000 ms. */
  readonly progressIntervalMs?: number;
  /**
   * `abort: true` thresholds: checked every `ABORT_CHECK_MS` of the measured phase; the first
   * breached beyond doubt stops the run (`ScenarioResult.aborted`). See abort-watch.ts.
   */
  readonly abortOn?: readonly Threshold[];
  /**
   * With `abortOn`: what earlier runs of the same side measured (side by side, the target's
   * earlier rounds), judged together with this run's data. Absent: this run's data alone.
   */
  readonly abortCarry?: AbortCarry;
  /**
   * The run's t0 on this thread's `performance.now()` clock, when the caller waited for a start
   * shared with other parts (worker threads): the engine's schedule counts from it, not from
   * when the engine happened to be built. Absent: now.
   */
  readonly startAtMs?: number;
}
