/**
 * A capacity search run (`load.capacity`): each step is one `runScenario` in the open model at
 * the step's rate for `step`, judged on its own measured report against the objectives, and the
 * search (load/capacity-search.ts) picks the next rate. The scenario's report is that of the
 * step at the capacity (of the first step when none met), plus `capacity` and `capacity_search`.
 * Side by side, two such searches share the machine in turns (run-capacity-sides.ts).
 */
import type { Scenario, Threshold } from "./budget/types.js";
import { metricValue } from "./gate/metric-value.js";
import { startedTooFew } from "./gate/trust.js";
import { searchCapacity } from "./load/capacity-search.js";
import { FIRST_ROUND_MIN_WARMUP_MS, LATER_ROUND_WARMUP_MS } from "./load/rounds.js";
import { runScenario } from "./load/run-scenario.js";
import type { RunControl, ScenarioPlan } from "./load/types.js";
import type { StepLoad } from "./load/worker-protocol.js";
import { findMetric } from "./metrics/catalogue.js";
import type { ScenarioResult } from "./metrics/types.js";
import { buildScenarioReport } from "./report/build-report.js";
import { holds, searchReason, sloRecord, stepRecord } from "./report/capacity-record.js";
import type { CapacityStepRecord, MeasuredScenario } from "./report/types.js";

/** What a search measured: the scenario's report (null when no step finished) and whether it was cut short. */
export interface CapacityOutcome {
  readonly target: MeasuredScenario | null;
  readonly incomplete: boolean;
}

/** One side a search runs against: the engine's plan, and the URLs its report shows. */
export interface CapacitySide {
  readonly plan: ScenarioPlan;
  /** The request's URL as reported (secrets masked by the report). */
  readonly url: string;
  readonly stepUrls?: readonly string[] | undefined;
  /**
   * Runs one step: the plan's load at the step's rate, length and warm-up. Absent: in this thread
   * (`runScenario`). With `load.workers`, run-budget.ts runs each step in worker threads.
   */
  readonly runStep?: (step: StepLoad, control: RunControl) => Promise<ScenarioResult>;
}

/**
 * How a search's steps are run, apart from the step itself: `turn` wraps each step (side by
 * side, it waits for the side's turn), `name` is the live line's name for a step (`knee · 80/s`).
 */
export interface StepHooks {
  readonly turn?: <T>(work: () => Promise<T>) => Promise<T>;
  readonly name?: (rate: number) => string;
}

/**
 * Why this machine, not the server, limited a step, or null. Dropped or unstarted arrivals only
 * count when the step otherwise met its objectives: a step that broke them with part of its load
 * missing would break them worse with all of it (a saturated server holds every connection, so
 * its queue spills into the client's), whereas a lagging event loop puts the generator's own
 * delay into every latency, met or not — unless the step broke an objective by more than that
 * delay could add (`brokeBeyondLag`): then the server broke it, lag or not.
 */
export function generatorLimit(
  report: MeasuredScenario,
  met: boolean,
  brokeBeyondLagToo = false,
): string | null {
  if (report.generator.lagged && !brokeBeyondLagToo) {
    return `the generator lagged, event-loop delay p99 ${report.generator.event_loop_delay_p99_ms.toFixed(1)} ms`;
  }
  if (!met) return null;
  const { requests } = report;
  if (requests.dropped > 0) return `${requests.dropped} arrivals dropped`;
  const asked = ((report.load.rate ?? 0) * report.duration_ms) / 1000;
  if (startedTooFew(requests.total, asked, report.load.arrival)) {
    return `only ${requests.total} of ${Math.round(asked)} due requests started`;
  }
  return null;
}

/** The share of its arrivals a generator may get to late and still be cleared of a lag. */
export const MAX_LATE_SHARE = 0.01;

/**
 * True when some upper-limit duration objective (`latency.p95 <= 50ms`, `ttft.p99 < 1s`) is
 * broken even after taking off the most a stalled generator can have added to each latency: twice
 * its longest event-loop stall (once sending the request late, once reading the answer late).
 * Measured: on a 2-core machine shared with other test runs, a step at 1.6× a server's capacity
 * read p95 740 ms with the loop's p99 delay at 30 ms, and was called generator-limited; the
 * search then stopped at a "floor" far below the capacity. Other objectives (error_rate, rates)
 * are never cleared of lag: a stall can cause timeouts and lower the rate sent. Only when the
 * generator was on time (`generator.late_releases`: at most `MAX_LATE_SHARE` of its arrivals
 * released more than `LATE_RELEASE_MS` after their due time): one that was steadily behind with
 * short stalls puts its lateness into every latency, which no stall length bounds.
 */
export function brokeBeyondLag(
  report: MeasuredScenario,
  slo: readonly Threshold[],
  values: readonly (number | null)[],
): boolean {
  // Stalls are not the only way a generator falls behind: many short late turns add lateness
  // without one long stall. Only a generator that got to its arrivals on time (at most 1 % late)
  // is cleared of the latency it measured.
  const late = report.generator.late_releases;
  if (late === undefined || late.released === 0 || late.late > MAX_LATE_SHARE * late.released) return false;
  const slackMs = 2 * report.generator.event_loop_delay_max_ms;
  return slo.some((t, i) => {
    const v = values[i];
    if (v === null || v === undefined || (t.op !== "<=" && t.op !== "<")) return false;
    return findMetric(t.metric)?.unit === "duration" && !holds(v - slackMs, t);
  });
}

/** The live line's callback for one step, renamed when the hooks name steps. */
function stepControl(control: RunControl, name: string | undefined): RunControl {
  const onProgress = control.onProgress;
  if (onProgress === undefined || name === undefined) return control;
  return { ...control, onProgress: (p) => onProgress({ ...p, name }) };
}

/**
 * Runs the search for `scenario` (which must have `load.capacity`) against `side`. Warm-up: the
 * first step sends at least `FIRST_ROUND_MIN_WARMUP_MS` unmeasured (the generator and the server
 * start cold), later ones `LATER_ROUND_WARMUP_MS` (each step is a fresh engine with new
 * connections). Aborting `control.signal` stops the search between steps or within one (the
 * interrupted step is not recorded): `stopped_by: "interrupted"`, the scenario incomplete. Every
 * step's histograms are destroyed once its report is built.
 */
export async function runCapacity(
  scenario: Scenario,
  side: CapacitySide,
  control: RunControl,
  hooks: StepHooks = {},
): Promise<CapacityOutcome> {
  const spec = scenario.load.capacity;
  if (spec === undefined) throw new Error(`scenario "${scenario.name}" has no load.capacity`);
  const { plan, url, stepUrls } = side;
  const reports = new Map<number, MeasuredScenario>();
  const records: CapacityStepRecord[] = [];
  let generatorWhy: string | undefined;
  const step = async (rate: number) => {
    if (control.signal?.aborted) return null;
    const warmupMs =
      records.length === 0
        ? Math.max(scenario.load.warmupMs, FIRST_ROUND_MIN_WARMUP_MS)
        : LATER_ROUND_WARMUP_MS;
    const stepLoad: StepLoad = { ratePerSec: rate, durationMs: spec.stepMs, warmupMs };
    const load = { ...plan.load, ...stepLoad };
    const stepCtl = stepControl(control, hooks.name?.(rate));
    const result =
      side.runStep === undefined
        ? await runScenario({ ...plan, load }, stepCtl)
        : await side.runStep(stepLoad, stepCtl);
    // The step's own load, so its report (and trust) reads the rate and length it ran at.
    const report = buildScenarioReport(result, { ...scenario, load }, url, stepUrls);
    if (result.incomplete) return null;
    const values = spec.slo.map((t) => metricValue(report, t.metric));
    const met = spec.slo.every((t, i) => {
      const v = values[i];
      return v !== null && v !== undefined && holds(v, t);
    });
    const why = generatorLimit(report, met, !met && brokeBeyondLag(report, spec.slo, values));
    if (why !== null) generatorWhy = why;
    records.push(stepRecord(rate, report, values, met, why !== null));
    reports.set(rate, report);
    return { met, generatorLimited: why !== null };
  };
  const turn = hooks.turn;
  const measure = turn === undefined ? step : (rate: number) => turn(() => step(rate));
  const result = await searchCapacity(spec, measure);
  const first = records[0];
  if (first === undefined) return { target: null, incomplete: true };
  const chosen = reports.get(result.capacity ?? first.rate);
  if (chosen === undefined) return { target: null, incomplete: true }; // unreachable: every step has a report
  const interrupted = result.stoppedBy === "interrupted";
  return {
    target: {
      ...chosen,
      incomplete: chosen.incomplete || interrupted,
      capacity: result.capacity,
      capacity_search: {
        from_rate: spec.fromRate,
        to_rate: spec.toRate,
        step_ms: spec.stepMs,
        slo: sloRecord(spec.slo),
        steps: records,
        stopped_by: result.stoppedBy,
        reason: searchReason(result.stoppedBy, result.capacity, records, spec.slo, spec.toRate, generatorWhy),
      },
    },
    incomplete: interrupted,
  };
}
