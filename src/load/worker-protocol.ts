/**
 * What the main thread and a load worker say to each other (structured-clone plain data only).
 * The main thread hands each worker its first `WorkerJob` as its `workerData` and every later one
 * (the next round or step of the same scenario run: the thread is reused) as a `job` message; for
 * each job the worker reads the budget, builds its part's plan and says `ready`; the main thread
 * then posts one `start` with a common wall-clock t0 so every part's measured phase starts at the
 * same moment (one absolute schedule); the worker posts `progress` while it runs and one `result`
 * or `failed` at the end, then waits for its next job. `stop` (Ctrl-C, another part's abort) may
 * arrive at any time. `start` and `stop` name their job's nonce: a worker ignores one of another
 * job, so a late stop of round k can never stop round k + 1.
 */
import type { BudgetOrigin, LoadSpec } from "../budget/types.js";
import type { WireCarry } from "./abort-carry.js";
import type { LoadPart } from "./part.js";
import type { LiveProgress } from "./types.js";
import type { WireResult } from "./worker-codec.js";

/** Marks a thread's `workerData` as a perf-gate load worker's job. */
export const WORKER_KIND = "perf-gate-load-worker";

/** One worker's job: which scenario of which budget, which part of its load, and the run's shared values. */
export interface WorkerJob {
  readonly kind: typeof WORKER_KIND;
  readonly origin: BudgetOrigin;
  /** The scenario's name (unique in a budget). */
  readonly scenario: string;
  readonly part: LoadPart;
  /** What the scenario's `setup:` captured in the main thread (it runs once, not per worker). */
  readonly setupValues?: Readonly<Record<string, string>>;
  /** The run's `unique_prefix` nonce: one for all workers, so markers stay unique across them. */
  readonly nonce: string;
  /** Period of `progress` messages, ms; absent: none. */
  readonly progressIntervalMs?: number;
  /** Watch the scenario's `abort: true` thresholds on this part's own measurements. */
  readonly watchAbort: boolean;
  /**
   * With `watchAbort`, this part's earlier rounds (side by side): the watch judges them with the
   * running round, as one thread's watch judges the side's earlier rounds (load/abort-carry.ts).
   */
  readonly abortCarry?: WireCarry;
  /**
   * The load this run has instead of the scenario's own: a capacity search's step (its rate,
   * length and warm-up), a side-by-side round (its length, warm-up, seed and slice of a shape).
   * The worker runs its part of it. Absent: the scenario's load.
   */
  readonly load?: LoadSpec;
  /** Run against the budget's `baseline_target` (the baseline side of a side-by-side run). */
  readonly side?: "baseline";
  /**
   * Where this worker's iteration count starts (its local count: iteration j·N + w is its j-th):
   * a side-by-side side's rounds go on with the sequence where its last round left it. Absent: 0.
   */
  readonly sequenceStart?: number;
}

/** One capacity-search step's load: what it changes in the scenario's `load`. */
export interface StepLoad {
  readonly ratePerSec: number;
  readonly durationMs: number;
  readonly warmupMs: number;
}

/**
 * Main thread → worker. `nonce`: the job's (`WorkerJob.nonce`, one per run); `t0WallMs`: epoch ms
 * (fractional) at which the run starts.
 */
export type ToWorker =
  | { readonly type: "start"; readonly nonce: string; readonly t0WallMs: number }
  | { readonly type: "stop"; readonly nonce: string }
  | { readonly type: "job"; readonly nonce: string; readonly job: WorkerJob };

/** Worker → main thread. */
export type FromWorker =
  | { readonly type: "ready" }
  | { readonly type: "progress"; readonly progress: LiveProgress }
  | { readonly type: "result"; readonly result: WireResult; readonly sequenceNext: number }
  | { readonly type: "failed"; readonly message: string };

/** True when `data` (a thread's `workerData`) is a load worker's job. */
export function isWorkerJob(data: unknown): data is WorkerJob {
  return typeof data === "object" && data !== null && (data as { kind?: unknown }).kind === WORKER_KIND;
}
