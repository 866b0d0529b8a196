/**
 * Runs one scenario in N worker threads (`load.workers`), worker w running part {w, N} of its
 * load (part.ts), and merges their results exactly (`mergeScenarioResults(…, "parallel")`).
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
import { ABORT_GRACE_MS } from "./engine.js";
import { type LoadPart, nestedPart } from "./part.js";
import { DEFAULT_PROGRESS_INTERVAL_MS } from "./progress.js";
import { checkStartAt, GETTING_READY, type StartAt } from "./start-at.js";
import type { LiveProgress, RunControl } from "./types.js";
import { wallNowMs } from "./wall-clock.js";
import { decodeResult } from "./worker-codec.js";
import { serveWorker } from "./worker-entry.js";
import { combineProgress } from "./worker-progress.js";
import {
  type FromWorker,
  isWorkerJob,
  type ToWorker,
  WORKER_KIND,
  type WorkerJob,
} from "./worker-protocol.js";

/**
 * Time from the last worker's `ready` to the common start: enough for the `start` message to
 * reach every thread on a busy runner, short enough not to be noticed.
 */
export const START_MARGIN_MS = 100;
/** Longest wait for a worker to read the budget (and its data files) and build its plan. */
export const READY_TIMEOUT_MS = 60_000;
/** Slack after the run's planned end (drain and abort grace included) before a silent worker counts as stuck. */
export const STUCK_MARGIN_MS = 30_000;

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
  /** The threads' script; default this module's file. Tests pass a script that fails on purpose. */
  readonly script?: URL;
}

/** One running worker and what it has said. */
interface Member {
  readonly worker: Worker;
  progress: LiveProgress | null;
  /** A snapshot came in since the last combined line. */
  fresh: boolean;
  result: ScenarioResult | null;
  ready: boolean;
}

/** A worker's error text as one line (a budget error lists its problems on several). */
function oneLine(message: string): string {
  return message
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join("; ");
}

/**
 * Runs `run.scenario` in `run.count` workers and returns the merged result (the caller owns its
 * histograms). `control.abortOn` non-empty: each worker watches its own part's measurements (a
 * part is a sample of the whole, the watch's bounds hold for it) and the first part to abort
 * stops the others; the merged result carries the earliest abort. `control.signal` stops every
 * worker. Throws `RunError` (one line) when a worker fails.
 */
export async function runInWorkers(run: WorkersRun, control: RunControl = {}): Promise<ScenarioResult> {
  await initHistograms();
  const nonce = randomBytes(3).toString("hex");
  const intervalMs = control.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  const members: Member[] = Array.from({ length: run.count }, (_, index) => {
    const job: WorkerJob = {
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
    const worker = new Worker(fileURLToPath(run.script ?? import.meta.url), { workerData: job });
    return { worker, progress: null, fresh: false, result: null, ready: false };
  });
  const send = (message: ToWorker): void => {
    for (const m of members) if (m.result === null) m.worker.postMessage(message);
  };
  const onAbort = (): void => send({ type: "stop" });
  control.signal?.addEventListener("abort", onAbort, { once: true });
  // Stopped before the threads were started (a Ctrl-C during the setup requests, or while the
  // main thread waited): the listener never fires, and the workers would run the whole load.
  // A stop posted now waits in each thread's port until it listens; each then ends at once.
  if (control.signal?.aborted) onAbort();
  try {
    await supervise(run, members, send, control.onProgress);
    return mergeParts(members.map((m) => m.result as ScenarioResult));
  } catch (error) {
    for (const m of members) if (m.result !== null) destroyResult(m.result);
    throw error;
  } finally {
    control.signal?.removeEventListener("abort", onAbort);
    await Promise.all(members.map((m) => m.worker.terminate()));
  }
}

/**
 * Waits for every worker's result: starts them together once all are ready, forwards an abort
 * to the others, and rejects on the first failure or when a worker goes silent.
 */
function supervise(
  run: WorkersRun,
  members: Member[],
  send: (message: ToWorker) => void,
  onProgress: RunControl["onProgress"],
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let watchdog = setTimeout(
      () => fail(-1, `not ready after ${READY_TIMEOUT_MS / 1000} s`),
      READY_TIMEOUT_MS,
    );
    /** Once settled, what still comes in is ignored (the threads are being terminated). */
    let settled = false;
    const fail = (w: number, why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      const who = w < 0 ? "the workers were" : `worker ${w + 1} of ${run.count}`;
      reject(new RunError(`scenario "${run.scenario}": ${who} ${oneLine(why)}`));
    };
    const startAll = (): void => {
      clearTimeout(watchdog);
      const nowWallMs = wallNowMs();
      if (run.startAt !== undefined) {
        try {
          // The workers took so long to get ready that the instant passed: as late as one thread's.
          checkStartAt(run.startAt.atMs, run.startAt.label, nowWallMs, GETTING_READY);
        } catch (error) {
          settled = true;
          reject(error);
          return;
        }
      }
      const t0WallMs = Math.max(run.startAt?.atMs ?? 0, nowWallMs + START_MARGIN_MS);
      // A later `--start-at` is posted START_MARGIN_MS before it, not now: a stop while waiting
      // then reaches workers that have not started (a started one sleeps until t0).
      watchdog = setTimeout(
        () => {
          send({ type: "start", t0WallMs });
          const limitMs = START_MARGIN_MS + run.plannedMs + ABORT_GRACE_MS + STUCK_MARGIN_MS;
          watchdog = setTimeout(
            () => fail(-1, `still running ${Math.round(limitMs / 1000)} s after the start: stopped`),
            limitMs,
          );
        },
        t0WallMs - START_MARGIN_MS - nowWallMs,
      );
    };
    members.forEach((m, w) => {
      m.worker.on("message", (message: FromWorker) => {
        if (settled) return;
        if (message.type === "ready") {
          m.ready = true;
          if (members.every((x) => x.ready)) startAll();
        } else if (message.type === "progress") {
          m.progress = message.progress;
          m.fresh = true;
          // The workers started together and tick at the same period: one combined line per
          // round of snapshots (a worker already done has nothing more to say).
          if (members.every((x) => x.fresh || x.result !== null)) {
            for (const x of members) x.fresh = false;
            onProgress?.(
              combineProgress(
                members.flatMap((x) => (x.progress ? [x.progress] : [])),
                run.count,
              ),
            );
          }
        } else if (message.type === "failed") {
          fail(w, `failed: ${message.message}`);
        } else {
          try {
            m.result = decodeResult(message.result);
            const sequence = run.sequences?.[w];
            if (sequence !== undefined) sequence.next = message.sequenceNext;
            run.abortCarries?.[w]?.add(m.result);
          } catch (error) {
            fail(
              w,
              `sent a result that cannot be read: ${error instanceof Error ? error.message : String(error)}`,
            );
            return;
          }
          // A part stopped by its own abort threshold stops the whole scenario.
          if (m.result.aborted !== undefined) send({ type: "stop" });
          if (members.every((x) => x.result !== null)) {
            settled = true;
            clearTimeout(watchdog);
            resolve();
          }
        }
      });
      m.worker.on("messageerror", (error) => fail(w, `sent a message that cannot be read: ${error.message}`));
      m.worker.on("error", (error) => fail(w, `crashed: ${error.message}`));
      m.worker.on("exit", (code) => {
        // Its last messages may still be on their way: look once they are in.
        setImmediate(() => {
          if (m.result === null) fail(w, `exited (code ${code}) before it reported a result`);
        });
      });
    });
  });
}

/** The parts merged as measured at the same time; the earliest abort, when a part aborted. */
function mergeParts(parts: readonly ScenarioResult[]): ScenarioResult {
  const aborts = parts.flatMap((p) => (p.aborted === undefined ? [] : [p.aborted]));
  const merged = mergeScenarioResults(parts, "parallel");
  const first = aborts.sort((a, b) => a.atMs - b.atMs)[0];
  return first === undefined ? merged : { ...merged, aborted: first };
}

// Loaded as a load worker (this file is the thread's script): serve the job.
if (!isMainThread && parentPort !== null && isWorkerJob(workerData)) void serveWorker(workerData, parentPort);
