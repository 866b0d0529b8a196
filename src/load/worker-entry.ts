/**
 * The worker-thread side of `load.workers`: one worker runs one part of one scenario, job after
 * job (a side-by-side run's rounds, a capacity search's steps: the thread is reused). Compiled
 * templates are closures that cannot be posted, so the worker reads the budget again (the same
 * file, environment and overrides as the main thread: `Budget.origin`; once per thread) and
 * builds each job's plan; the main thread sends only plain values (the setup's captures, the
 * nonce). The worker then waits for the common start, runs its part, and posts the result with
 * its histograms encoded.
 */
import { performance } from "node:perf_hooks";
import type { MessagePort } from "node:worker_threads";
import { loadBudget } from "../budget/load-budget.js";
import type { Budget, BudgetOrigin } from "../budget/types.js";
import { initHistograms } from "../metrics/histogram.js";
import { planScenario } from "../plan-scenario.js";
import { AbortCarry } from "./abort-carry.js";
import { partLoad } from "./part.js";
import { runScenario } from "./run-scenario.js";
import type { RunControl, ScenarioPlan } from "./types.js";
import { untilWallClock } from "./wall-clock.js";
import { encodeResult } from "./worker-codec.js";
import type { FromWorker, ToWorker, WorkerJob } from "./worker-protocol.js";

/** The budget this thread read, by its origin: a run's rounds all run the budget its first one read. */
let read: { readonly key: string; readonly budget: Promise<Budget> } | undefined;

/** The budget of `origin`, read once per thread (again when an earlier read failed). */
function readBudget(origin: BudgetOrigin): Promise<Budget> {
  const key = JSON.stringify(origin);
  if (read?.key === key) return read.budget;
  const { file, env, target, baselineTarget, uses } = origin;
  const budget = loadBudget(file, {
    env,
    ...(target === undefined ? {} : { target }),
    ...(baselineTarget === undefined ? {} : { baselineTarget }),
    ...(uses === undefined ? {} : { uses }),
  });
  const entry = { key, budget };
  read = entry;
  budget.catch(() => {
    if (read === entry) read = undefined;
  });
  return budget;
}

/** The part's plan, from the budget read again. Throws (a `PerfGateError`) when that fails. */
async function buildPlan(job: WorkerJob): Promise<{ plan: ScenarioPlan; control: RunControl }> {
  const { file } = job.origin;
  const budget = await readBudget(job.origin);
  const scenario = budget.scenarios.find((s) => s.name === job.scenario);
  if (scenario === undefined) throw new Error(`${file} has no scenario "${job.scenario}" any more`);
  const base = job.side === "baseline" ? budget.baselineTarget : budget.target;
  if (base === undefined) throw new Error(`${file} has no baseline_target any more`);
  const whole = planScenario(base, scenario, job.setupValues);
  const load = job.load ?? scenario.load;
  const plan: ScenarioPlan = {
    ...whole,
    load: partLoad(load, job.part),
    part: job.part,
    nonce: job.nonce,
    // The engine counts on from here; its end is posted with the result (`sequenceNext`).
    sequence: { next: job.sequenceStart ?? 0 },
  };
  const abortOn = job.watchAbort ? scenario.thresholds.filter((t) => t.abort === true) : [];
  return { plan, control: abortOn.length > 0 ? { abortOn } : {} };
}

/** A job admitted by the worker (running or waiting): where its `start` and `stop` land. */
interface JobState {
  readonly job: WorkerJob;
  readonly stop: AbortController;
  /** Resolves to the common t0 (0: stopped before the start, start now). */
  readonly started: Promise<number>;
  start(t0WallMs: number): void;
}

function admit(job: WorkerJob): JobState {
  let start: (t0WallMs: number) => void = () => {};
  const started = new Promise<number>((resolve) => {
    start = resolve;
  });
  return { job, stop: new AbortController(), started, start };
}

/**
 * Serves `first` (the thread's `workerData`) and then every `job` message on `port` (the
 * worker's `parentPort`), one at a time, for the thread's life: the pool reuses a scenario run's
 * threads for all its rounds and steps, and terminates them when the run ends. Never throws; a
 * job's failure is posted as `failed` with its message (one line is made of it by the main thread).
 */
export function serveWorker(first: WorkerJob, port: MessagePort): void {
  const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void =>
    port.postMessage(message, transfer);
  // Jobs by nonce, from their message until their result is out: a `start` or `stop` reaches its
  // own job only (one may come in before the worker has finished the job before it), and one of
  // a job already done (a late stop of an earlier round) is dropped.
  const jobs = new Map<string, JobState>();
  const queue: JobState[] = [];
  let serving = false;
  const take = (job: WorkerJob): void => {
    const state = admit(job);
    jobs.set(job.nonce, state);
    queue.push(state);
    void next();
  };
  const next = async (): Promise<void> => {
    if (serving) return;
    serving = true;
    for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
      await serveJob(state, post);
      jobs.delete(state.job.nonce);
    }
    serving = false;
  };
  // The listener keeps the thread alive between jobs (until the pool terminates it).
  port.on("message", (message: ToWorker) => {
    if (message.type === "job") return take(message.job);
    const state = jobs.get(message.nonce);
    if (state === undefined) return;
    if (message.type === "stop") state.stop.abort();
    // A stop before the start still starts: the run then ends at once, incomplete and empty.
    if (message.type === "start" || state.stop.signal.aborted)
      state.start(message.type === "start" ? message.t0WallMs : 0);
  });
  take(first);
}

/** Serves one job: never throws (a failure is posted as `failed`). */
async function serveJob(
  { job, stop, started }: JobState,
  post: (message: FromWorker, transfer?: ArrayBuffer[]) => void,
): Promise<void> {
  let carry: AbortCarry | undefined;
  try {
    const { plan, control } = await buildPlan(job);
    // Loading the histograms' WebAssembly takes tens of ms the first time: done before `ready`,
    // so the start at t0 is not delayed by it (and by a different amount in every worker).
    await initHistograms();
    // This part's earlier rounds, for the abort watch to judge with the running one.
    if (job.abortCarry !== undefined && control.abortOn !== undefined)
      carry = AbortCarry.fromWire(job.abortCarry);
    post({ type: "ready" });
    const t0WallMs = await started;
    // Never before t0, within microseconds after: every worker's schedule counts from the same
    // instant, so arrival k is due at the same moment whichever worker sends it (measured: two
    // workers at 100/s, consecutive arrivals 10.0 ± 0.06 ms apart). A worker that got the start
    // late still counts from t0: its arrivals already due leave at once, measured from their due.
    await untilWallClock(t0WallMs);
    const result = await runScenario(plan, {
      ...control,
      ...(carry === undefined ? {} : { abortCarry: carry }),
      signal: stop.signal,
      // The schedule counts from the common t0 (this thread's clock), however long building the
      // engine takes; a stop before the start (t0 0) starts now.
      ...(t0WallMs > 0 ? { startAtMs: t0WallMs - performance.timeOrigin } : {}),
      ...(job.progressIntervalMs === undefined
        ? {}
        : {
            progressIntervalMs: job.progressIntervalMs,
            onProgress: (progress) => post({ type: "progress", progress }),
          }),
    });
    const { wire, transfer } = encodeResult(result);
    post({ type: "result", result: wire, sequenceNext: plan.sequence?.next ?? 0 }, transfer);
  } catch (error) {
    post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  } finally {
    carry?.destroy();
  }
}
