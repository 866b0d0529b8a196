/**
 * Where a metric name points inside a scenario. Besides the catalogue's plain names
 * (`latency.p95`, `error_rate`), a budget may name:
 * - `steps.<step>.<metric>`: a catalogue metric of one step of a multi-step scenario;
 * - `iteration.<stat>`: the iterations' latency of a multi-step scenario (= its `latency.<stat>`);
 * - `checks.<check>.pass_rate`: the fraction of evaluated responses that passed one response check.
 * Pure string work: whether the step, check or metric exists is `findScenarioMetric`'s business.
 */

/** A metric name split into where it lives and what it is there. */
export type MetricScope =
  /** A catalogue name read from the scenario itself. */
  | { readonly kind: "scenario"; readonly metric: string }
  /** `steps.<step>.<metric>`: `metric` is a catalogue name read from the step's block. */
  | { readonly kind: "step"; readonly step: string; readonly metric: string }
  /** `iteration.<stat>`: `metric` is `latency.<stat>` of the scenario (multi-step only). */
  | { readonly kind: "iteration"; readonly stat: string; readonly metric: string }
  /** `stages.<stage>.<metric>`: `metric` is a catalogue name read from the stage's block. */
  | { readonly kind: "stage"; readonly stage: string; readonly metric: string }
  /** `checks.<check>.pass_rate`. */
  | { readonly kind: "check"; readonly check: string; readonly field: string };

/** Prefix of step metrics. */
export const STEP_PREFIX = "steps.";
/** Prefix of load-shape stage metrics (stage names hold no dot). */
export const STAGE_PREFIX = "stages.";
/** Prefix of iteration metrics. */
export const ITERATION_PREFIX = "iteration.";
/** Prefix of response-check metrics. */
export const CHECK_PREFIX = "checks.";
/** The one metric a response check has. */
export const PASS_RATE = "pass_rate";

/**
 * Splits `name` by its prefix. A step name is matched against `stepNames` when given (longest
 * first, so a step name holding a dot still splits right), else it runs to the next dot. A check
 * name runs to the last dot. Anything without one of the three prefixes (or too short to hold
 * its parts) is a `scenario` name.
 */
export function parseMetricScope(name: string, stepNames: readonly string[] = []): MetricScope {
  if (name.startsWith(STEP_PREFIX)) {
    const rest = name.slice(STEP_PREFIX.length);
    const known = [...stepNames].sort((a, b) => b.length - a.length).find((s) => rest.startsWith(`${s}.`));
    const step = known ?? rest.slice(0, Math.max(0, rest.indexOf(".")));
    const metric = rest.slice(step.length + 1);
    if (step !== "" && metric !== "") return { kind: "step", step, metric };
  }
  if (name.startsWith(STAGE_PREFIX)) {
    const rest = name.slice(STAGE_PREFIX.length);
    const dot = rest.indexOf(".");
    if (dot > 0 && dot < rest.length - 1)
      return { kind: "stage", stage: rest.slice(0, dot), metric: rest.slice(dot + 1) };
  }
  if (name.startsWith(ITERATION_PREFIX)) {
    const stat = name.slice(ITERATION_PREFIX.length);
    if (stat !== "") return { kind: "iteration", stat, metric: `latency.${stat}` };
  }
  if (name.startsWith(CHECK_PREFIX)) {
    const rest = name.slice(CHECK_PREFIX.length);
    const dot = rest.lastIndexOf(".");
    if (dot > 0 && dot < rest.length - 1) {
      return { kind: "check", check: rest.slice(0, dot), field: rest.slice(dot + 1) };
    }
  }
  return { kind: "scenario", metric: name };
}
