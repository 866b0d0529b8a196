/**
 * Runs one scenario in N worker threads (`load.workers`), worker w running part {w, N} of its
 * load (part.ts), and merges their results exactly (`mergeScenarioResults(…, "parallel")`). A
 * pool (`openWorkerPool`) keeps its N threads for all the runs of one scenario run — a side-by-side
 * run's rounds, a capacity search's steps — since starting a thread (importing the modules,
 * reading the budget) takes most of a second during which no load runs; its owner closes it when
 * the scenario run ends, however it ends.
 *
 * The thread's script is THIS module's own file: `lib/load/worker-pool.js` when the CLI runs, and
 * the one bundle `dist/index.js` in the GitHub Action (ncc copies a separately named worker file
 * as a raw asset whose imports then break; the bundle is the only file that holds the code). The
 * module's last lines serve the job when it is loaded as a worker; the action's entry point skips
 * `run()` off the main thread.
 *
 * The workers start together: each reads the budget and says `ready`; once all have, the main
 * thread posts one wall-clock t0 (`START_MARGIN_MS` ahead) and every part's schedule counts from it.
 *
 * Never hangs on a worker: an uncaught error, an exit before the result, or no result well after
 * the run's planned end is a `RunError` of one line, and every other worker is terminated.
 */

import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { BudgetOrigin, LoadSpec } from "../budget/types.js";
import { RunError } from "../errors.js";
import { destroyResult } from "../metrics/destroy-result.js";
import { initHistograms } from "../metrics/histogram.js";
import { mergeScenarioResults } from "../metrics/merge-results.js";
import type { ScenarioResult } from "../metrics/types.js";
import type { AbortCarry } from "./abort-carry.js";
import { type LoadPart, nestedPart } from "./part.js";
import { DEFAULT_PROGRESS_INTERVAL_MS } from "./progress.js";
import type { StartAt } from "./start-at.js";
import type { RunControl } from "./types.js";
import { serveWorker } from "./worker-entry.js";
import {
  type FromWorker,
  isWorkerJob,
  type ToWorker,
  WORKER_KIND,
  type WorkerJob,
} from "./worker-protocol.js";
import { type RunThread, superviseRun } from "./worker-run.js";

export { READY_TIMEOUT_MS, START_MARGIN_MS, STUCK_MARGIN_MS } from "./worker-run.js";

/** One scenario to run in workers. */
export interface WorkersRun {
  /** Where the main thread read the budget: each worker reads it again. */
  readonly origin: BudgetOrigin;
  readonly scenario: string;
  /** How many workers (≥ 2). */
  readonly count: number;
  readonly setupValues?: Readonly<Record<string, string>>;
  /**
   * The part of the load this process runs (a shard's, `--shard k/N`): the workers split it
   * again, worker w running part `nestedPart(outer, { w, count })` of the whole. Absent: the whole.
   */
  readonly outer?: LoadPart;
  /** The run's planned length from start to the last timeout, ms: warm-up + duration + the longest request timeout. */
  readonly plannedMs: number;
  /** The load to run in place of the scenario's (a capacity step, a side-by-side round). */
  readonly load?: LoadSpec;
  /** Run against the budget's `baseline_target` instead of its `target`. */
  readonly side?: "baseline";
  /**
   * One iteration counter per worker, read as its start and set to where it ended: a side's
   * rounds go on with each worker's sequence (iteration j·N + w), as one thread's rounds do with
   * theirs. Absent: every worker counts from 0.
   */
  readonly sequences?: readonly { next: number }[];
  /**
   * With `control.abortOn`, one carry per worker of its part's earlier rounds (side by side): each
   * worker's watch judges them with its running part, and its result is added to its carry.
   */
  readonly abortCarries?: readonly AbortCarry[];
  /**
   * `--start-at`: the common t0 (wall clock, epoch ms) when it is later than the workers get
   * ready; absent, or passed: `START_MARGIN_MS` after the last worker is ready.
   */
  readonly startAt?: StartAt;
  /**
   * The threads' script (`runInWorkers` only; a pool has its own): default this module's file.
   * Tests pass a script that fails on purpose.
   */
  readonly script?: URL;
}

/**
 * Runs `run.scenario` in `run.count` workers and returns the merged result (the caller owns its
 * histograms): a pool of one run (`openWorkerPool`), closed when it ends. See `WorkerPool.run`.
 */
export async function runInWorkers(run: WorkersRun, control: RunControl = {}): Promise<ScenarioResult> {
  const pool = openWorkerPool(run.count, run.script);
  try {
    return await pool.run(run, control);
  } finally {
    await pool.close();
  }
}

/** A scenario run's worker threads, started by its first run and reused by the next ones. */
export interface WorkerPool {
  /**
   * Runs `run` (its `count` must be the pool's) on the pool's threads — starting them on the
   * first run — and returns the merged result (the caller owns its histograms). Runs one at a
   * time: a run called while another is running waits for it. `control.abortOn` non-empty: each
   * worker watches its own part's measurements (a part is a sample of the whole, the watch's
   * bounds hold for it) and the first part to abort stops the others; the merged result carries
   * the earliest abort. `control.signal` stops every worker (the threads stay, for the owner to
   * close). Throws `RunError` (one line) when a worker fails, or died since the last run; the
   * pool's threads are then terminated, and every later run throws that error again.
   */
  run(run: WorkersRun, control?: RunControl): Promise<ScenarioResult>;
  /** Terminates the threads (a run in progress then fails). Idempotent. */
  close(): Promise<void>;
}

/** A thread of a pool, for its life. */
interface Thread extends RunThread {
  readonly worker: Worker;
  gone: string | null;
}

/** How many threads every pool of this process has started (tests read it: one pool's are started once). */
let threadsStarted = 0;

/** How many load worker threads this process has started so far. */
export function workerThreadsStarted(): number {
  return threadsStarted;
}

/** Starts a thread on `script` with its first job, and listens to it for its life. */
function startThread(script: URL, job: WorkerJob): Thread {
  const worker = new Worker(fileURLToPath(script), { workerData: job });
  threadsStarted += 1;
  const thread: Thread = { worker, gone: null, events: null, post: (message) => worker.postMessage(message) };
  worker.on("message", (message: FromWorker) => thread.events?.message(message));
  worker.on("messageerror", (error) =>
    thread.events?.failed(`sent a message that cannot be read: ${error.message}`),
  );
  worker.on("error", (error) => {
    thread.gone = `crashed: ${error.message}`;
    thread.events?.failed(thread.gone);
  });
  worker.on("exit", (code) => {
    // No run listening: it had reported its last result, and died before the next job came.
    thread.gone ??=
      thread.events === null
        ? `exited (code ${code}) between runs`
        : `exited (code ${code}) before it reported a result`;
    // Its last messages may still be on their way: look once they are in.
    setImmediate(() => thread.events?.exited(thread.gone as string));
  });
  return thread;
}

/** Job `nonce` of `run` for worker `index`: its part, its side's load, sequence and carry. */
function jobOf(run: WorkersRun, control: RunControl, nonce: string, index: number): WorkerJob {
  const intervalMs = control.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  return {
    kind: WORKER_KIND,
    origin: run.origin,
    scenario: run.scenario,
    part:
      run.outer === undefined
        ? { index, count: run.count }
        : nestedPart(run.outer, { index, count: run.count }),
    ...(run.setupValues === undefined ? {} : { setupValues: run.setupValues }),
    nonce,
    ...(control.onProgress === undefined ? {} : { progressIntervalMs: intervalMs }),
    watchAbort: (control.abortOn?.length ?? 0) > 0,
    ...(run.abortCarries?.[index] === undefined ? {} : { abortCarry: run.abortCarries[index].toWire() }),
    ...(run.load === undefined ? {} : { load: run.load }),
    ...(run.side === undefined ? {} : { side: run.side }),
    ...(run.sequences?.[index] === undefined ? {} : { sequenceStart: run.sequences[index].next }),
  };
}

/**
 * A pool of `count` (≥ 2) load worker threads on `script` (default this module's file). No thread
 * starts before the first run; `close()` must be called once the owner's runs are over (finally).
 */
export function openWorkerPool(count: number, script: URL = new URL(import.meta.url)): WorkerPool {
  let threads: Thread[] = [];
  let broken: unknown;
  let closed = false;
  let lastNonce = "";
  let queue: Promise<unknown> = Promise.resolve();
  const terminate = async (): Promise<void> => {
    const all = threads;
    threads = [];
    await Promise.all(all.map((t) => t.worker.terminate()));
  };
  const runOnce = async (run: WorkersRun, control: RunControl): Promise<ScenarioResult> => {
    if (run.count !== count) throw new Error(`a pool of ${count} workers cannot run ${run.count}`);
    if (broken !== undefined) throw broken;
    if (closed) throw new RunError(`scenario "${run.scenario}": the worker threads were closed`);
    await initHistograms();
    // close() may have come during that wait: no thread may start after it (none would be stopped).
    if (broken !== undefined) throw broken;
    if (closed) throw new RunError(`scenario "${run.scenario}": the worker threads were closed`);
    // A nonce of its own for every run (the workers drop a start or stop of another one).
    let nonce = randomBytes(3).toString("hex");
    while (nonce === lastNonce) nonce = randomBytes(3).toString("hex");
    lastNonce = nonce;
    const jobs = Array.from({ length: count }, (_, w) => jobOf(run, control, nonce, w));
    const fresh = threads.length === 0;
    // The first run's jobs go in the threads' workerData; the next ones are posted. Each thread
    // joins the pool as it starts, so one that started before another failed to is still closed.
    if (fresh) {
      try {
        for (const job of jobs) threads.push(startThread(script, job));
      } catch (error) {
        broken = error;
        await terminate();
        throw error;
      }
    }
    const postJobs = (): void => {
      if (fresh) return;
      threads.forEach((t, w) => {
        const job = jobs[w] as WorkerJob;
        if (t.gone === null) t.post({ type: "job", nonce, job } satisfies ToWorker);
      });
    };
    const partial: (ScenarioResult | null)[] = [];
    try {
      return mergeParts(await superviseRun(run, nonce, threads, control, postJobs, partial));
    } catch (error) {
      for (const result of partial) if (result) destroyResult(result);
      // Other workers may still be running their part: nothing of this pool runs on.
      broken = error;
      await terminate();
      throw error;
    }
  };
  return {
    run: (run, control = {}) => {
      const running = queue.then(() => runOnce(run, control));
      queue = running.catch(() => {});
      return running;
    },
    close: async () => {
      closed = true;
      await terminate();
    },
  };
}

/** The parts merged as measured at the same time; the earliest abort, when a part aborted. */
function mergeParts(parts: readonly ScenarioResult[]): ScenarioResult {
  const aborts = parts.flatMap((p) => (p.aborted === undefined ? [] : [p.aborted]));
  const merged = mergeScenarioResults(parts, "parallel");
  const first = aborts.sort((a, b) => a.atMs - b.atMs)[0];
  return first === undefined ? merged : { ...merged, aborted: first };
}

// Loaded as a load worker (this file is the thread's script): serve its jobs.
if (!isMainThread && parentPort !== null && isWorkerJob(workerData)) serveWorker(workerData, parentPort);
