/**
 * One scenario measured side by side: the baseline target (A) and the target (B) in interleaved
 * rounds (see load/rounds.ts), each round a complete engine run of its own, so the two builds
 * never share a moment of load and never share a connection. Each side's rounds are then merged
 * exactly into one result per side, reported like any scenario; the rounds themselves are kept
 * in the target's report for the paired comparison.
 */
import type { Scenario } from "./budget/types.js";
import { displayUrl } from "./load/request-url.js";
import { type PlannedRound, planRounds } from "./load/rounds.js";
import { runScenario } from "./load/run-scenario.js";
import type { LiveProgress, RunControl, ScenarioPlan } from "./load/types.js";
import { mergeScenarioResults } from "./metrics/merge-results.js";
import { destroyStreamResult } from "./metrics/stream-recorder.js";
import type { ScenarioResult } from "./metrics/types.js";
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

/** The engine's plan of one round: the scenario's request against its side's URL, the round's load. */
function roundPlan(scenario: Scenario, url: URL, round: PlannedRound, context: SideContext): ScenarioPlan {
  return {
    ...context,
    name: scenario.name,
    url,
    request: scenario.request,
    load: { ...scenario.load, durationMs: round.durationMs, warmupMs: round.warmupMs, seed: round.seed },
    ...(scenario.slo === undefined ? {} : { slo: scenario.slo }),
    ...(scenario.steps === undefined ? {} : { steps: scenario.steps }),
    ...(scenario.data === undefined ? {} : { data: scenario.data }),
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

function destroyResult(r: ScenarioResult): void {
  for (const h of [r.latency, r.latencyUncorrected, r.queueTime, r.latencyFailed]) h.destroy();
  destroyStreamResult(r.stream);
  for (const step of r.steps ?? []) destroyResult(step);
}

/**
 * Runs `scenario` side by side: rounds A B B A … (`planRounds(scenario.load)`), baseline rounds
 * against `urls.baseline`, target rounds against `urls.target`, each side measuring
 * `scenario.load.durationMs` in all. Aborting `control.signal` cuts the running round short (it
 * ends incomplete, as a plain run would) and starts no further round; the sides may then have
 * measured unequal time. Throws `RunError` when a request cannot be sent at all, like
 * `runScenario`, after freeing what was measured.
 */
export async function runSideBySide(
  scenario: Scenario,
  urls: SideUrls,
  control: RunControl = {},
  contexts: Readonly<Record<Side, SideContext>> = { baseline: {}, target: {} },
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
  try {
    for (const round of plan.rounds) {
      if (control.signal?.aborted) {
        incomplete = true;
        break;
      }
      const onProgress = progressOf(control, scenario, round, plan.roundsPerSide);
      const result = await runScenario(roundPlan(scenario, urls[round.side], round, sides[round.side]), {
        ...control,
        onProgress,
      });
      firstStartedAtMs ??= result.startedAtMs;
      results[round.side].push(result);
      rounds.push(buildRoundRecord(round, result, firstStartedAtMs));
      if (result.incomplete) {
        incomplete = true;
        break;
      }
    }
  } catch (error) {
    for (const r of [...results.baseline, ...results.target]) destroyResult(r);
    throw error;
  }
  if (results.target.length === 0) {
    for (const r of results.baseline) destroyResult(r);
    return { target: null, baseline: null, incomplete: true };
  }
  const side = (which: Side): MeasuredScenario => {
    const base = sides[which].base ?? urls[which];
    const stepUrls = scenario.steps?.map((step) => displayUrl(base, step.request));
    const url = sides[which].base === undefined ? urls[which].href : displayUrl(base, scenario.request);
    const measured = buildScenarioReport(mergeScenarioResults(results[which]), scenario, url, stepUrls);
    return {
      ...measured,
      // Stopped between rounds: every round that ran is whole, but the side is not.
      incomplete: measured.incomplete || incomplete,
      load: { ...measured.load, round_ms: plan.roundMs },
    };
  };
  return { target: { ...side("target"), rounds }, baseline: side("baseline"), incomplete };
}
