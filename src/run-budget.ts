/**
 * The pipeline the CLI and the GitHub Action share: budget → load → measured report. It runs
 * scenarios one after another (concurrent scenarios would share the machine and distort each
 * other's numbers), never prints, and always returns what was measured — an interrupted run
 * returns what finished, marked incomplete, and the scenarios that never started. The verdict is
 * not decided here: the gate decides it (`judgeRun`).
 */
import type { Budget, Scenario, WorkerCount } from "./budget/types.js";
import { InputError } from "./errors.js";
import type { AbortCarry } from "./load/abort-carry.js";
import { type LoadPart, partConnections } from "./load/part.js";
import { displayUrl, resolveRequestUrl } from "./load/request-url.js";
import { runScenario } from "./load/run-scenario.js";
import { runSetup } from "./load/run-setup.js";
import { checkStartAt, GETTING_READY, type StartAt, waitForStart } from "./load/start-at.js";
import type { LiveProgress } from "./load/types.js";
import { wallNowMs } from "./load/wall-clock.js";
import { resolveWorkers } from "./load/worker-count.js";
import { openWorkerPool, type WorkerPool } from "./load/worker-pool.js";
import { planScenario } from "./plan-scenario.js";
import { buildReport, buildScenarioReport } from "./report/build-report.js";
import type { MeasuredReport, MeasuredScenario, NotRunScenario, Side } from "./report/types.js";
import { type CapacitySide, runCapacity } from "./run-capacity.js";
import { runCapacitySideBySide } from "./run-capacity-sides.js";
import { capacityStepsInWorkers, longestTimeoutMs, roundsInWorkers } from "./run-in-workers.js";
import { runSideBySide } from "./run-side-by-side.js";

/** Options of `runBudget`. */
export interface RunBudgetOptions {
  /** Run only the scenario with this name; an unknown name is an `InputError` listing the names. */
  readonly scenario?: string;
  /** Aborting stops the run: the running scenario ends incomplete and no further one starts. */
  readonly signal?: AbortSignal;
  /** Called about once a second per running scenario, for the live line. */
  readonly onProgress?: (progress: LiveProgress) => void;
  /** Version written to `report.tool.version`. */
  readonly toolVersion: string;
  /** Called once per scenario when it has ended, with what it measured (for a one-line total). */
  readonly onScenarioDone?: (scenario: MeasuredScenario) => void;
  /**
   * Called with the values a `setup:` request captured, as soon as it did and before any load:
   * they are secrets (a token), to be masked in every output from then on.
   */
  readonly onSecrets?: (values: readonly string[]) => void;
  /**
   * `--shard k/N`: run part `{ index: k − 1, count: N }` of every scenario's load (load/part.ts);
   * absent: the whole load. Refused (`InputError`, before any load) with capacity searches, side
   * by side, and fewer connections than parts, in either model (`checkPartable`).
   */
  readonly part?: LoadPart;
  /** `--workers N | auto`: replaces every scenario's `load.workers` (see `workersFor`). */
  readonly workers?: WorkerCount;
  /**
   * `--start-at`: the wall-clock instant (epoch ms) the first scenario's schedule starts at, the
   * same in every shard; the process gets ready (setup requests included), then waits for it.
   * Past by more than `START_AT_LATE_MS` then: an `InputError` (load/start-at.ts).
   */
  readonly startAt?: StartAt;
}

/** What a run measured, and the selected scenarios it never started (interrupted runs). */
export interface RunOutcome {
  readonly measured: MeasuredReport;
  readonly notRun: readonly NotRunScenario[];
  /** The budget's secrets and every value a `setup:` captured: mask all of them in every output. */
  readonly secrets: readonly string[];
}

/** A scenario that never started, with its thresholds as the budget wrote them. */
export function notRunScenario(scenario: Scenario): NotRunScenario {
  return {
    name: scenario.name,
    thresholds: scenario.thresholds.map((t) => ({ metric: t.metric, source: t.source, line: t.line })),
  };
}

/** What one scenario measured: the target's report, and the baseline side's when side by side. */
interface ScenarioOutcome {
  /** Null when it was stopped before anything comparable was measured (it then counts as not run). */
  readonly target: MeasuredScenario | null;
  readonly baseline?: MeasuredScenario | null;
  readonly incomplete: boolean;
}

/**
 * Runs one scenario (`runIn`). In more than one thread, its threads are started once for the
 * whole scenario run — every side-by-side round and capacity step reuses them — and terminated
 * when it ends, however it ends (a result, an error, a stop).
 */
async function runOne(
  budget: Budget,
  scenario: Scenario,
  options: RunBudgetOptions,
  secrets: Set<string>,
): Promise<ScenarioOutcome> {
  const workers = workersFor(budget, scenario, options.workers, options.part);
  const pool = workers <= 1 || budget.origin === undefined ? undefined : openWorkerPool(workers);
  try {
    return await runIn(budget, scenario, options, secrets, { workers, pool });
  } finally {
    await pool?.close();
  }
}

/** Runs one scenario: alone against the target, or side by side when the budget has a baseline target. */
async function runIn(
  budget: Budget,
  scenario: Scenario,
  options: RunBudgetOptions,
  secrets: Set<string>,
  { workers, pool }: { readonly workers: number; readonly pool: WorkerPool | undefined },
): Promise<ScenarioOutcome> {
  const control = { signal: options.signal, onProgress: options.onProgress };
  const setupOf = async (base: string) => {
    if (scenario.setup === undefined) return undefined;
    const values = await runSetup(scenario.setup, {
      scenario: scenario.name,
      base: new URL(base),
      seed: scenario.load.seed,
      data: scenario.data,
      secrets: [...secrets],
      transport: scenario.transport,
    });
    const found = Object.values(values).filter((v) => !secrets.has(v));
    for (const value of found) secrets.add(value);
    if (found.length > 0) options.onSecrets?.(found);
    return values;
  };
  const setupValues = await setupOf(budget.target);
  // The report says how many workers ran (load.workers, when more than one: `auto` resolved).
  const ran = { ...scenario, load: { ...scenario.load, workers } };
  const planned = planScenario(budget.target, scenario, setupValues, options.part);
  const plan = { ...planned, load: { ...planned.load, workers } };
  // More than one thread: the runners that put a search's steps and a run's rounds in them.
  const threads =
    pool === undefined || budget.origin === undefined
      ? undefined
      : { origin: budget.origin, scenario, count: workers, pool };
  const stepsInWorkers = (side: Side, values: typeof setupValues) =>
    threads === undefined ? undefined : capacityStepsInWorkers(threads, side, values);
  const carriesToFree: AbortCarry[] = [];
  const stepUrls = scenario.steps?.map((step) => displayUrl(budget.target, step.request));
  const url = displayUrl(budget.target, scenario.request);
  const searched = scenario.load.capacity !== undefined;
  if (searched && budget.baselineTarget === undefined)
    return runCapacity(
      ran,
      withStep({ plan, url, stepUrls }, stepsInWorkers("target", setupValues)),
      control,
    );
  // `abort: true` thresholds watch the run; side by side, the target's rounds (run-side-by-side.ts).
  const abortOn = scenario.thresholds.filter((t) => t.abort === true);
  const watched = abortOn.length > 0 ? { ...control, abortOn } : control;
  if (budget.baselineTarget !== undefined) {
    const baseline = resolveRequestUrl(budget.baselineTarget, scenario.request.path);
    const baselineValues = await setupOf(budget.baselineTarget);
    if (searched) {
      const other = budget.baselineTarget;
      const basePlan = planScenario(other, scenario, baselineValues);
      const baselineSide = {
        plan: { ...basePlan, load: { ...basePlan.load, workers } },
        url: displayUrl(other, scenario.request),
        stepUrls: scenario.steps?.map((step) => displayUrl(other, step.request)),
      };
      return runCapacitySideBySide(
        ran,
        {
          baseline: withStep(baselineSide, stepsInWorkers("baseline", baselineValues)),
          target: withStep({ plan, url, stepUrls }, stepsInWorkers("target", setupValues)),
        },
        control,
      );
    }
    try {
      return await runSideBySide(
        ran,
        { baseline, target: plan.url },
        watched,
        {
          baseline: {
            base: new URL(budget.baselineTarget),
            ...(baselineValues ? { setupValues: baselineValues } : {}),
          },
          target: { base: new URL(budget.target), ...(setupValues ? { setupValues } : {}) },
        },
        threads === undefined
          ? undefined
          : roundsInWorkers(threads, { baseline: baselineValues, target: setupValues }, carriesToFree),
      );
    } finally {
      for (const carry of carriesToFree) carry.destroy();
    }
  }
  const startAt = options.startAt;
  // `--start-at`: one thread waits here; worker threads are started at the instant by their pool.
  if (startAt !== undefined && threads !== undefined)
    checkStartAt(startAt.atMs, startAt.label, wallNowMs(), GETTING_READY);
  const t0 =
    startAt === undefined || threads !== undefined ? undefined : await waitForStart(startAt, options.signal);
  const result =
    threads !== undefined
      ? await threads.pool.run(
          {
            origin: threads.origin,
            scenario: scenario.name,
            count: workers,
            ...(options.part === undefined ? {} : { outer: options.part }),
            ...(setupValues === undefined ? {} : { setupValues }),
            plannedMs: scenario.load.warmupMs + scenario.load.durationMs + longestTimeoutMs(scenario),
            ...(startAt === undefined ? {} : { startAt }),
          },
          watched,
        )
      : await runScenario(plan, t0 === undefined ? watched : { ...watched, startAtMs: t0 });
  // buildScenarioReport destroys the result's histograms (WebAssembly memory) once encoded.
  return { target: buildScenarioReport(result, ran, url, stepUrls), incomplete: result.incomplete };
}

/**
 * Runs the budget's scenarios (or the one named) in order and builds the measured report. With
 * `budget.baselineTarget`, every scenario runs side by side (`runSideBySide`) and the report
 * embeds the baseline side (`side_by_side`).
 * Throws `InputError` before sending anything when `options.scenario` names no scenario.
 */
export async function runBudget(budget: Budget, options: RunBudgetOptions): Promise<RunOutcome> {
  const selected = checkRunnable(budget, options);
  const startedAt = new Date();
  const scenarios: MeasuredScenario[] = [];
  const baselineScenarios: MeasuredScenario[] = [];
  let incomplete = false;
  const secrets = new Set(budget.secrets);
  for (const [i, scenario] of selected.entries()) {
    if (options.signal?.aborted) {
      incomplete = true;
      break;
    }
    // `startAt` is the first scenario's start; the next ones follow as they always do.
    const { startAt: _startAt, ...following } = options;
    const outcome = await runOne(budget, scenario, i === 0 ? options : following, secrets);
    if (outcome.target !== null) {
      scenarios.push(options.part ? withPart(outcome.target, options.part) : outcome.target);
      if (outcome.baseline) baselineScenarios.push(outcome.baseline);
      options.onScenarioDone?.(outcome.target);
    }
    if (outcome.incomplete) {
      incomplete = true;
      break;
    }
  }
  const measured = buildReport({
    budget: { ...budget, secrets: [...secrets] },
    scenarios,
    ...(budget.baselineTarget === undefined ? {} : { baselineScenarios }),
    startedAt,
    finishedAt: new Date(),
    incomplete,
    toolVersion: options.toolVersion,
  });
  const notRun = selected.slice(scenarios.length).map(notRunScenario);
  return { measured, notRun, secrets: [...secrets] };
}

/**
 * The scenarios `runBudget` runs, after the refusals it makes before anything is sent: a
 * `--scenario` the budget lacks, a part that cannot be split (`checkPartable`), a worker count a
 * scenario cannot run with (`workersFor`). A caller that says something first (`--start-at`'s
 * "starting at …") checks here, so a refusal is not read after a promise to start.
 * @throws InputError, one line
 */
export function checkRunnable(
  budget: Budget,
  options: Pick<RunBudgetOptions, "scenario" | "part" | "workers">,
): readonly Scenario[] {
  const selected = selectScenarios(budget, options.scenario);
  if (options.part !== undefined) checkPartable(budget, selected, options.part);
  for (const scenario of selected) workersFor(budget, scenario, options.workers, options.part);
  return selected;
}

/** `side` with `runStep` when there is one (exactOptionalPropertyTypes: never `runStep: undefined`). */
function withStep(side: CapacitySide, runStep: CapacitySide["runStep"]): CapacitySide {
  return runStep === undefined ? side : { ...side, runStep };
}

/**
 * How many worker threads `scenario` runs in: `--workers` (`override`), else its `load.workers`,
 * resolved (`resolveWorkers`: `auto` from the cores and the target). A capacity search runs each
 * step in the workers, a side-by-side run each round. `auto` runs a budget not read from a file
 * in the main thread; an explicit
 * count above 1 there is an `InputError` (one line), as is one above a closed model's connections.
 */
export function workersFor(
  budget: Budget,
  scenario: Scenario,
  override: WorkerCount | undefined,
  part?: LoadPart,
): number {
  const asked = override ?? scenario.load.workers;
  const n = resolveWorkers(asked, resolveRequestUrl(budget.target, scenario.request.path), scenario.load);
  if (n <= 1) return 1;
  const unsupported =
    budget.origin === undefined
      ? "workers read the budget file again, and this budget was not read from a file"
      : null;
  if (asked === "auto") return unsupported === null ? n : 1;
  const where = override === undefined ? `load.workers: ${n}` : `--workers ${n}`;
  const fix = override === undefined ? "remove load.workers" : "pass --workers 1";
  if (unsupported !== null)
    throw new InputError(`scenario "${scenario.name}": ${where}: ${unsupported}; ${fix}`);
  // A shard's workers share the shard's connections, not the whole scenario's.
  const connections =
    part === undefined ? scenario.load.connections : partConnections(scenario.load.connections, part);
  const ofWhat = part === undefined ? "its" : `shard ${part.index + 1} of ${part.count}'s`;
  // The open model's connections are a cap: a worker with one of its own above it would raise it.
  if (n > connections) {
    throw new InputError(
      `scenario "${scenario.name}": ${where}: expected at most ${connections} workers (each worker needs at least one of ${ofWhat} ${connections} connections); lower the workers or raise load.connections`,
    );
  }
  return n;
}

/** The scenarios to run: all of them, or the one named. */
export function selectScenarios(budget: Budget, name: string | undefined): readonly Scenario[] {
  if (name === undefined) return budget.scenarios;
  const found = budget.scenarios.find((s) => s.name === name);
  if (found) return [found];
  const names = budget.scenarios.map((s) => `'${s.name}'`).join(", ");
  throw new InputError(`--scenario '${name}' is not in ${budget.file}; its scenarios are: ${names}`);
}

/**
 * A part can only be run where the parts need not talk to each other: not in a capacity search
 * (each step's rate depends on the last step's verdict over the WHOLE load), not side by side
 * (the rounds of A and B would interleave differently in every shard), and not with fewer
 * connections than parts (a part with no connection cannot send; one each would be more loops, or
 * a higher open-model cap, than asked). One line each, before anything is sent.
 * @throws InputError naming the scenario and what to change
 */
export function checkPartable(budget: Budget, scenarios: readonly Scenario[], part: LoadPart): void {
  const shards = `${part.count} shards`;
  if (budget.baselineTarget !== undefined)
    throw new InputError(
      `--shard with baseline_target: a side-by-side run cannot be sharded yet; run it without --shard, or drop baseline_target (and --baseline-target) for the sharded run`,
    );
  for (const scenario of scenarios) {
    const load = scenario.load;
    const where = `${budget.file}:${scenario.line} scenario '${scenario.name}'`;
    if (load.capacity !== undefined)
      throw new InputError(
        `${where}: --shard with load.capacity: a capacity search cannot be sharded yet (every step's rate depends on the whole load's last step); run it without --shard`,
      );
    // The open model's connections cap its pool: one each for more shards than that would raise the cap.
    const fewest = Math.min(load.connections, ...(load.stages ?? []).map((s) => s.connections ?? Infinity));
    if (fewest < part.count)
      throw new InputError(
        `${where}: ${load.ratePerSec === undefined ? "closed" : "open"} model with ${fewest} connection${fewest === 1 ? "" : "s"} cannot be split into ${shards} (each shard needs at least one connection); raise load.connections to ${part.count} or more, or run fewer shards`,
      );
  }
}

/** A shard's scenario block says which part of the load it holds (`load.part`), for the gate's trust check and the merge. */
function withPart(scenario: MeasuredScenario, part: LoadPart): MeasuredScenario {
  return { ...scenario, load: { ...scenario.load, part: { index: part.index, count: part.count } } };
}

export { planScenario, resolveRequestUrl };
