/**
 * One run (a scenario, a round, a step) on a pool's threads (worker-pool.ts): waits for every
 * worker's `ready`, posts one common t0, forwards a stop, combines the live line, and collects
 * every part's result. Every listener it adds — on the threads and on the stop signal — is removed
 * when the run ends, so a pool that serves a hundred rounds holds the listeners of one.
 */
import { RunError } from "../errors.js";
import type { ScenarioResult } from "../metrics/types.js";
import { ABORT_GRACE_MS } from "./engine.js";
import { checkStartAt, GETTING_READY } from "./start-at.js";
import type { LiveProgress, RunControl } from "./types.js";
import { wallNowMs } from "./wall-clock.js";
import { decodeResult } from "./worker-codec.js";
import type { WorkersRun } from "./worker-pool.js";
import { combineProgress } from "./worker-progress.js";
import type { FromWorker } from "./worker-protocol.js";

/**
 * Time from the last worker's `ready` to the common start: enough for the `start` message to
 * reach every thread on a busy runner, short enough not to be noticed.
 */
export const START_MARGIN_MS = 100;
/** Longest wait for a worker to read the budget (and its data files) and build its plan. */
export const READY_TIMEOUT_MS = 60_000;
/** Slack after the run's planned end (drain and abort grace included) before a silent worker counts as stuck. */
export const STUCK_MARGIN_MS = 30_000;

/** What the running run hears from one thread (the pool's listeners forward to it). */
export interface ThreadEvents {
  message(message: FromWorker): void;
  /** It crashed or sent what cannot be read: the run fails. */
  failed(why: string): void;
  /** It exited: the run fails when this worker's result is not in. */
  exited(why: string): void;
}

/** A pool's thread as a run sees it. */
export interface RunThread {
  /** Posts to the thread (`Worker.postMessage`). */
  post(message: unknown): void;
  /** Why the thread can run nothing more (it exited or crashed), once it has; else null. */
  readonly gone: string | null;
  /** The running run's listener; null between runs. */
  events: ThreadEvents | null;
}

/** One worker's part of one run, and what it has said. */
interface Member {
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

/** The one-line `RunError` of worker `w` (−1: all of them) of `run`. */
export function workerError(run: WorkersRun, w: number, why: string): RunError {
  const who = w < 0 ? "the workers were" : `worker ${w + 1} of ${run.count}`;
  return new RunError(`scenario "${run.scenario}": ${who} ${oneLine(why)}`);
}

/**
 * Runs the job `nonce` on `threads` (each already holds or has been posted its job: `postJobs`
 * is called once the run listens) and resolves to every part's result, in thread order; rejects
 * (a one-line `RunError`) on the first failure, a thread gone, or a worker silent for too long,
 * after freeing nothing (the caller frees the results it got: `partial`).
 */
export function superviseRun(
  run: WorkersRun,
  nonce: string,
  threads: readonly RunThread[],
  control: RunControl,
  postJobs: () => void,
  partial: (ScenarioResult | null)[],
): Promise<ScenarioResult[]> {
  const members: Member[] = threads.map(() => ({ progress: null, fresh: false, result: null, ready: false }));
  const send = (message: { type: "start"; t0WallMs: number } | { type: "stop" }): void => {
    members.forEach((m, w) => {
      if (m.result === null) threads[w]?.post({ ...message, nonce });
    });
  };
  const onAbort = (): void => send({ type: "stop" });
  return new Promise<ScenarioResult[]>((resolve, reject) => {
    let watchdog = setTimeout(
      () => fail(-1, `not ready after ${READY_TIMEOUT_MS / 1000} s`),
      READY_TIMEOUT_MS,
    );
    /** Once settled, what still comes in is ignored (the threads are reused or terminated). */
    let settled = false;
    const settle = (): void => {
      settled = true;
      clearTimeout(watchdog);
      control.signal?.removeEventListener("abort", onAbort);
      for (const t of threads) t.events = null;
    };
    const fail = (w: number, why: string): void => {
      if (settled) return;
      settle();
      reject(workerError(run, w, why));
    };
    const startAll = (): void => {
      clearTimeout(watchdog);
      const nowWallMs = wallNowMs();
      if (run.startAt !== undefined) {
        try {
          // The workers took so long to get ready that the instant passed: as late as one thread's.
          checkStartAt(run.startAt.atMs, run.startAt.label, nowWallMs, GETTING_READY);
        } catch (error) {
          settle();
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
    const onResult = (w: number, message: Extract<FromWorker, { type: "result" }>): void => {
      const m = members[w] as Member;
      try {
        m.result = decodeResult(message.result);
        partial[w] = m.result;
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
        settle();
        resolve(members.map((x) => x.result as ScenarioResult));
      }
    };
    const onProgress = (m: Member, progress: LiveProgress): void => {
      m.progress = progress;
      m.fresh = true;
      // The workers started together and tick at the same period: one combined line per round
      // of snapshots (a worker already done has nothing more to say).
      if (members.every((x) => x.fresh || x.result !== null)) {
        for (const x of members) x.fresh = false;
        const parts = members.flatMap((x) => (x.progress ? [x.progress] : []));
        control.onProgress?.(combineProgress(parts, run.count));
      }
    };
    threads.forEach((t, w) => {
      const m = members[w] as Member;
      t.events = {
        message: (message) => {
          if (settled) return;
          if (message.type === "ready") {
            m.ready = true;
            if (members.every((x) => x.ready)) startAll();
          } else if (message.type === "progress") onProgress(m, message.progress);
          else if (message.type === "failed") fail(w, `failed: ${message.message}`);
          else onResult(w, message);
        },
        failed: (why) => fail(w, why),
        exited: (why) => {
          if (m.result === null) fail(w, why);
        },
      };
    });
    control.signal?.addEventListener("abort", onAbort, { once: true });
    postJobs();
    // A thread that died between runs cannot run this one.
    threads.forEach((t, w) => {
      if (t.gone !== null) fail(w, t.gone);
    });
    // Stopped before the threads were started (a Ctrl-C during the setup requests, or while the
    // main thread waited): the listener never fires, and the workers would run the whole load.
    // A stop posted now waits in each thread's port until it listens; each then ends at once.
    if (control.signal?.aborted) onAbort();
  });
}
