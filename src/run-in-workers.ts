/**
 * The runners that put a capacity search's steps and a side-by-side run's rounds in worker
 * threads (`load.workers`): every step or round runs on the scenario run's one pool of threads
 * (load/worker-pool.ts: started by the first, reused by the next ones; each job gets ready and
 * starts on one t0), runs its part of the step's or round's load on its side's target, and is
 * merged exactly. run-budget.ts picks them when a scenario runs in more than one thread, and
 * closes the pool when the scenario run ends.
 */
import type { BudgetOrigin, Scenario } from "./budget/types.js";
import { AbortCarry } from "./load/abort-carry.js";
import type { WorkerPool } from "./load/worker-pool.js";
import type { Side } from "./report/types.js";
import type { CapacitySide } from "./run-capacity.js";
import type { RunRound } from "./run-side-by-side.js";

/** Which budget file and scenario the threads run, how many there are (≥ 2), and their pool (of `count`). */
export interface Threads {
  readonly origin: BudgetOrigin;
  readonly scenario: Scenario;
  readonly count: number;
  readonly pool: WorkerPool;
}

type SetupValues = Readonly<Record<string, string>> | undefined;

/** The longest whole-request timeout of the scenario's requests (its steps'), ms. */
export function longestTimeoutMs(scenario: Scenario): number {
  return Math.max(scenario.request.timeoutMs, ...(scenario.steps ?? []).map((s) => s.request.timeoutMs));
}

/** A capacity search's step runner for `side`: the step's rate, length and warm-up in the threads. */
export function capacityStepsInWorkers(
  threads: Threads,
  side: Side,
  values: SetupValues,
): NonNullable<CapacitySide["runStep"]> {
  const { origin, scenario, count, pool } = threads;
  return (step, control) =>
    pool.run(
      {
        origin,
        scenario: scenario.name,
        count,
        load: { ...scenario.load, workers: count, ...step },
        ...(side === "baseline" ? { side } : {}),
        ...(values === undefined ? {} : { setupValues: values }),
        plannedMs: step.warmupMs + step.durationMs + longestTimeoutMs(scenario),
      },
      control,
    );
}

/**
 * A side-by-side run's round runner: each worker's iteration count goes on from round to round
 * on its side, as one thread's does, and with `abort: true` each worker's watch carries its part
 * of the target's earlier rounds. The carries are pushed to `toFree` (the caller destroys them
 * once the run has ended).
 */
export function roundsInWorkers(
  threads: Threads,
  values: Readonly<Record<Side, SetupValues>>,
  toFree: AbortCarry[],
): RunRound {
  const { origin, scenario, count, pool } = threads;
  const counters = (): { next: number }[] => Array.from({ length: count }, () => ({ next: 0 }));
  const sequences: Record<Side, { next: number }[]> = { baseline: counters(), target: counters() };
  const carries = Array.from({ length: count }, () => new AbortCarry());
  toFree.push(...carries);
  return (side, load, control) => {
    const captured = values[side];
    return pool.run(
      {
        origin,
        scenario: scenario.name,
        count,
        load,
        ...(side === "baseline" ? { side } : {}),
        ...(captured === undefined ? {} : { setupValues: captured }),
        sequences: sequences[side],
        ...(side === "target" && (control.abortOn?.length ?? 0) > 0 ? { abortCarries: carries } : {}),
        plannedMs: load.warmupMs + load.durationMs + longestTimeoutMs(scenario),
      },
      control,
    );
  };
}
