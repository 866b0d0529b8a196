/**
 * One scenario measured side by side: the baseline target (A) and the target (B) in interleaved
 * rounds (see load/rounds.ts), each round a complete engine run of its own, so the two builds
 * never share a moment of load and never share a connection. Each side's rounds are then merged
 * exactly into one result per side, reported like any scenario; the rounds themselves are kept
 * in the target's report for the paired comparison. A load shape is cut into the rounds along
 * its time axis (`roundLoad`); `abort: true` thresholds watch the target's rounds.
 */
import type { LoadSpec, Scenario } from "./budget/types.js";
import { AbortCarry } from "./load/abort-carry.js";
import { displayUrl } from "./load/request-url.js";
import { type PlannedRound, planRounds } from "./load/rounds.js";
import { runScenario } from "./load/run-scenario.js";
import { sliceLoad } from "./load/stage-slice.js";
import type { LiveProgress, RunControl, ScenarioPlan } from "./load/types.js";
import { destroyResult } from "./metrics/destroy-result.js";
import { mergeScenarioResults } from "./metrics/merge-results.js";
import type { AbortedRun, ScenarioResult } from "./metrics/types.js";
import { buildScenarioReport } from "./report/build-report.js";
import { buildRoundRecord } from "./report/round-record.js";
import type { MeasuredScenario, RoundRecord, Side } from "./report/types.js";

/** The absolute request URL of each side (target + the scenario's path). */
export type SideUrls = Readonly<Record<Side, URL>>;

/**
 * What a side-by-side scenario measured. `target` carries `rounds` (both sides, run order) and
 * `load.round_ms`; `baseline` is A's merged result, reported the same way with its own URL.
 * Both are null when the run was stopped before the target's first round ended: there is nothing
 * to compare, and the scenario counts as not run.
 */
export interface SideBySideOutcome {
  readonly target: MeasuredScenario | null;
  readonly baseline: MeasuredScenario | null;
  /** True when a stop signal cut a round short or kept later rounds from starting. */
  readonly incomplete: boolean;
}

/**
 * What a side's rounds share besides its URL: its base URL, its setup's captured values and the
 * iteration sequence, which goes on from round to round (a data file is walked once, not
 * restarted every round).
 */
export type SideContext = Pick<ScenarioPlan, "base" | "setupValues" | "sequence" | "nonce">;

/**
 * The load of one round. A fixed load runs at its rate (or loops) for the round's window. A load
 * shape runs the round's segment of the shape, [offset, offset + duration) of its measured
 * timeline (`sliceLoad`), so each side goes through the whole shape piecewise, and both rounds of
 * a pair run the same slice with the same seed (the same arrivals, Poisson included).
 *
 * The round's warm-up runs at the slice's starting value (the sliced shape's `start_rate`, or its
 * start loop count), as a plain shaped run warms up at its `start_rate`: that is the load the
 * shape was at just before the cut, so the round's connections are open for the rate its window
 * begins with, and the server is neither rested below it nor heated above it (warming up at the
 * peak before a low-rate slice would bias that slice, alike on both sides but not like the
 * shape). A slice starting at 0/s sends nothing in its warm-up, exactly as the shape itself does.
 */
function roundLoad(scenario: Scenario, round: PlannedRound): LoadSpec {
  const load = { ...scenario.load, durationMs: round.durationMs, warmupMs: round.warmupMs, seed: round.seed };
  if (scenario.load.stages === undefined) return load;
  return sliceLoad(load, round.offsetMs, round.offsetMs + round.durationMs);
}

/**
 * Runs one round elsewhere than in this thread (run-budget.ts: in `load.workers` threads): the
 * round's side and its load (`roundLoad`); the runner keeps each side's context (URL, setup
 * values, iteration sequence) itself. Resolves to the round's merged result, like `runScenario`.
 */
export type RunRound = (side: Side, load: LoadSpec, control: RunControl) => Promise<ScenarioResult>;

/** The engine's plan of one round: the scenario's request against its side's URL, the round's load. */
function roundPlan(scenario: Scenario, url: URL, round: PlannedRound, context: SideContext): ScenarioPlan {
  return {
    ...context,
    name: scenario.name,
    url,
    request: scenario.request,
    load: roundLoad(scenario, round),
    ...(scenario.slo === undefined ? {} : { slo: scenario.slo }),
    ...(scenario.steps === undefined ? {} : { steps: scenario.steps }),
    ...(scenario.data === undefined ? {} : { data: scenario.data }),
    ...(scenario.transport === undefined ? {} : { transport: scenario.transport }),
  };
}

/** The live line names the side and the round (`chat · baseline 2/4`), so a user sees where it is. */
function progressOf(
  control: RunControl,
  scenario: Scenario,
  round: PlannedRound,
  perSide: number,
): ((p: LiveProgress) => void) | undefined {
  const onProgress = control.onProgress;
  if (onProgress === undefined) return undefined;
  const name = `${scenario.name} · ${round.side} ${round.sideIndex + 1}/${perSide}`;
  return (p) => onProgress({ ...p, name });
}

function sumMeasured(results: readonly ScenarioResult[]): number {
  return results.reduce((sum, r) => sum + r.measuredDurationMs, 0);
}

/**
 * Runs `scenario` side by side: rounds A B B A … (`planRounds(scenario.load)`), baseline rounds
 * against `urls.baseline`, target rounds against `urls.target`, each side measuring
 * `scenario.load.durationMs` in all; a load shape is cut into the rounds (see `roundLoad`).
 * Aborting `control.signal` cuts the running round short (it ends incomplete, as a plain run
 * would) and starts no further round; the sides may then have measured unequal time.
 *
 * `control.abortOn` (`abort: true` thresholds) watches the TARGET's rounds only, on the target
 * side's data so far (its earlier rounds and the running one, `AbortCarry`): a breach beyond
 * doubt stops the running round and every later one, and the target's merged result carries
 * `aborted`, its time on the target side's measured clock (earlier target rounds + the time into
 * this one). Throws `RunError` when a request cannot be sent at all, like `runScenario`, after
 * freeing what was measured.
 */
export async function runSideBySide(
  scenario: Scenario,
  urls: SideUrls,
  control: RunControl = {},
  contexts: Readonly<Record<Side, SideContext>> = { baseline: {}, target: {} },
  runRound?: RunRound,
): Promise<SideBySideOutcome> {
  // One sequence per side for all its rounds (see `SideContext`).
  const sides: Record<Side, SideContext> = {
    baseline: { sequence: { next: 0 }, ...contexts.baseline },
    target: { sequence: { next: 0 }, ...contexts.target },
  };
  const plan = planRounds(scenario.load, scenario.request.stream !== undefined);
  const results: Record<Side, ScenarioResult[]> = { baseline: [], target: [] };
  const rounds: RoundRecord[] = [];
  let firstStartedAtMs: number | undefined;
  let incomplete = false;
  let aborted: AbortedRun | undefined;
  const { abortOn, ...rest } = control;
  // The target's earlier rounds, judged with the running one (abort-carry.ts).
  const carry = abortOn === undefined || abortOn.length === 0 ? undefined : new AbortCarry();
  try {
    for (const round of plan.rounds) {
      if (control.signal?.aborted) {
        incomplete = true;
        break;
      }
      const onProgress = progressOf(control, scenario, round, plan.roundsPerSide);
      // `abort: true` judges the target only: a broken baseline is not a reason to stop the
      // gate of the change (its rounds still compare), and it must never fail the target.
      const watched =
        round.side === "target" && abortOn !== undefined ? { ...rest, abortOn, abortCarry: carry } : rest;
      const roundControl = { ...watched, onProgress };
      const result =
        runRound === undefined
          ? await runScenario(roundPlan(scenario, urls[round.side], round, sides[round.side]), roundControl)
          : await runRound(round.side, roundLoad(scenario, round), roundControl);
      firstStartedAtMs ??= result.startedAtMs;
      results[round.side].push(result);
      if (round.side === "target") carry?.add(result);
      rounds.push(buildRoundRecord(round, result, firstStartedAtMs));
      if (result.aborted !== undefined) {
        // The side's own clock: its earlier rounds' measured time, then this round's.
        const beforeMs = sumMeasured(results.target) - result.measuredDurationMs;
        aborted = { ...result.aborted, atMs: beforeMs + result.aborted.atMs };
      }
      if (result.incomplete) {
        incomplete = true;
        break;
      }
    }
  } catch (error) {
    for (const r of [...results.baseline, ...results.target]) destroyResult(r);
    throw error;
  } finally {
    carry?.destroy();
  }
  if (results.target.length === 0) {
    for (const r of results.baseline) destroyResult(r);
    return { target: null, baseline: null, incomplete: true };
  }
  const side = (which: Side): MeasuredScenario => {
    const base = sides[which].base ?? urls[which];
    const stepUrls = scenario.steps?.map((step) => displayUrl(base, step.request));
    const url = sides[which].base === undefined ? urls[which].href : displayUrl(base, scenario.request);
    const merged = mergeScenarioResults(results[which]);
    // The merge keeps no per-round `aborted`: the target's report carries the one that stopped it.
    const result = which === "target" && aborted !== undefined ? { ...merged, aborted } : merged;
    const measured = buildScenarioReport(result, scenario, url, stepUrls);
    return {
      ...measured,
      // Stopped between rounds: every round that ran is whole, but the side is not.
      incomplete: measured.incomplete || incomplete,
      load: { ...measured.load, round_ms: plan.roundMs },
    };
  };
  return { target: { ...side("target"), rounds }, baseline: side("baseline"), incomplete };
}
