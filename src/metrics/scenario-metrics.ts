/**
 * Which metric names one scenario of a budget can use in `thresholds:`, `regression:` and
 * `creep:`, given what the scenario has: its steps (and which of them stream), its response
 * checks, whether it streams and whether it has an `slo`. The budget validator asks this for
 * every key, so a misspelt step, check or metric gets one message with a "did you mean".
 */
import { suggest } from "../budget/did-you-mean.js";
import type { Scenario } from "../budget/types.js";
import {
  findMetric,
  isConnectionMetric,
  LATENCY_STATS,
  METRIC_CATALOGUE,
  type MetricDef,
  scopedMetricDef,
} from "./catalogue.js";
import {
  CHECK_PREFIX,
  ITERATION_PREFIX,
  type MetricScope,
  PASS_RATE,
  parseMetricScope,
  STAGE_PREFIX,
  STEP_PREFIX,
} from "./metric-scope.js";

/** What a scenario has that decides which metric names exist in it. */
export interface MetricScopeInfo {
  /**
   * Its steps in order (`steps:`), each with whether its request streams and whether it reads a
   * non-streamed body's usage (`tokens`); empty for one request.
   */
  readonly steps: readonly { readonly name: string; readonly streamed: boolean; readonly tokens?: boolean }[];
  /** Names of its response checks (`CheckSpec.name`, steps' included). */
  readonly checks: readonly string[];
  /** The scenario's request streams (multi-step: its first step's). */
  readonly streamed: boolean;
  /**
   * The scenario's request does not stream but reads its body's usage (`request.usage`, see
   * budget/usage-read.ts): the token metrics exist, the stream timings do not.
   */
  readonly tokens?: boolean;
  /** The scenario has an `slo:`. */
  readonly slo: boolean;
  /** The scenario has `steps:` (then `iteration.<stat>` and `steps.<step>.…` exist). */
  readonly multiStep: boolean;
  /** Its load shape's stage names (`load.stages`), in order; absent or empty without one. */
  readonly stages?: readonly string[];
  /** The scenario runs a capacity search (`load.capacity`): then `capacity` exists. */
  readonly capacity?: boolean;
}

/**
 * The scope of a typed scenario: its steps and whether each streams, every check name (the
 * request's, then each step's), whether it streams and has an `slo`.
 */
export function metricScopeOf(scenario: Scenario): MetricScopeInfo {
  const steps = scenario.steps ?? [];
  const requests = steps.length > 0 ? steps.map((s) => s.request) : [scenario.request];
  // A `json` "stream" is a non-streamed body read for its usage: tokens, no stream timings.
  const streams = (r: Scenario["request"]) => r.stream !== undefined && r.stream.format !== "json";
  const json = (r: Scenario["request"]) => r.stream?.format === "json";
  return {
    steps: steps.map((s) => ({ name: s.name, streamed: streams(s.request), tokens: json(s.request) })),
    checks: [...new Set(requests.flatMap((r) => (r.checks ?? []).map((c) => c.name)))],
    streamed: streams(scenario.request),
    tokens: json(scenario.request),
    slo: scenario.slo !== undefined,
    multiStep: scenario.steps !== undefined,
    stages: (scenario.load.stages ?? []).map((s) => s.name),
    capacity: scenario.load.capacity !== undefined,
  };
}

/**
 * Catalogue metrics a stage has: everything measured per request, split by due time like the
 * latency — the stream metrics when the scenario's own request streams (a multi-step scenario's
 * steps stream, not its iterations), `goodput` when it has an `slo` — but not `requests.dropped`
 * (arrivals that never became a request are the scenario's) nor `capacity`.
 */
function stageHas(def: MetricDef, scope: MetricScopeInfo): boolean {
  if (def.name === "requests.dropped" || def.requires === "capacity") return false;
  if (isConnectionMetric(def.name)) return false;
  // A multi-step stage records whole iterations: its responses' phases are the steps'.
  if (scope.multiStep && isResponsePhase(def.name)) return false;
  if (def.requires === "stream") return scope.streamed && !scope.multiStep;
  if (def.requires === "tokens") return hasTokens(scope.streamed, scope.tokens) && !scope.multiStep;
  if (def.requires === "slo") return scope.slo;
  return true;
}

/** Why a catalogue metric is not measured per stage, with the scenario's own name for it when it has one. */
function notPerStage(def: MetricDef, scope: MetricScopeInfo): string {
  if (def.requires === "capacity")
    return "capacity is the result of a capacity search, which a load shape excludes";
  if (def.requires === "stream" || def.requires === "tokens") {
    if (scope.multiStep)
      return "this scenario's steps stream, not its iterations: gate the step instead (steps.<step>.…)";
    return def.requires === "tokens"
      ? `this scenario's request has no token counts: ${TOKENS_FIX}`
      : "this scenario's request does not stream: set request.stream: openai (or sse)";
  }
  if (def.requires === "slo") return "this scenario has no slo: add slo: { latency: 2s, … }";
  if (isConnectionMetric(def.name))
    return `connections are opened for the whole scenario, not per stage; the scenario's is ${def.name}`;
  if (scope.multiStep && isResponsePhase(def.name))
    return "a stage of steps records whole iterations, which have no single response: gate a step's instead (steps.<step>.…)";
  const whole = scenarioHas(def, scope) ? `; the whole scenario's is ${def.name}` : "";
  return `dropped arrivals are counted for the whole scenario only${whole}`;
}

/** How to get token counts, for the messages of a token metric a request has none of. */
export const TOKENS_FIX =
  "set request.stream: openai (or another format), or read a non-streamed body's usage with request.usage: true";

/** True when a request has token counts: it streams, or reads its body's usage (`request.usage`). */
function hasTokens(streamed: boolean, tokens: boolean | undefined): boolean {
  return streamed || tokens === true;
}

/** Why `capacity` does not exist in a scenario without a capacity search. */
export const NEEDS_CAPACITY = (name: string): string =>
  `${name} is the result of a capacity search: add load.capacity: { rate: { from: 10, to: 1000 }, step: 5s, slo: { latency.p95: 50ms } } to this scenario`;

/** A name that does not exist in the scenario, and why, in words (no location: the caller adds it). */
export interface MetricProblem {
  readonly problem: string;
}

/**
 * Catalogue metrics a step has: everything measured per request. Not `requests.dropped` (arrivals
 * are the iteration's, never a step's) nor `goodput` (`slo` objectives judge whole requests of the
 * scenario).
 */
function stepHas(def: MetricDef, streamed: boolean, tokens?: boolean): boolean {
  if (def.name === "requests.dropped" || def.requires === "slo" || def.requires === "capacity") return false;
  // The steps share the scenario's connections: connect and tls are the scenario's.
  if (isConnectionMetric(def.name)) return false;
  if (def.requires === "tokens") return hasTokens(streamed, tokens);
  return def.requires !== "stream" || streamed;
}

/** `ttfb` and `body`: per response, so a multi-step scenario's are its steps', not its iterations'. */
function isResponsePhase(name: string): boolean {
  const family = name.split(".")[0];
  return family === "ttfb" || family === "body";
}

function scenarioHas(def: MetricDef, scope: MetricScopeInfo): boolean {
  if (scope.multiStep && isResponsePhase(def.name)) return false;
  if (def.requires === "stream") return scope.streamed;
  if (def.requires === "tokens") return hasTokens(scope.streamed, scope.tokens);
  if (def.requires === "slo") return scope.slo;
  if (def.requires === "capacity") return scope.capacity === true;
  return true;
}

/**
 * Every name valid in `scope`, among `allowed` plain metrics (default: the whole catalogue; the
 * validator passes the regression-testable ones for `regression:`): the scenario's own, then
 * `iteration.<stat>`, each step's `steps.<step>.<metric>`, each check's `checks.<check>.pass_rate`.
 * Used for "did you mean"; for a message listing names use `describeScenarioMetricNames`.
 */
export function scenarioMetricNames(
  scope: MetricScopeInfo,
  allowed: readonly MetricDef[] = METRIC_CATALOGUE,
): string[] {
  const own = allowed.filter((def) => scenarioHas(def, scope)).map((def) => def.name);
  const iteration = scope.multiStep
    ? LATENCY_STATS.filter((stat) => allowed.some((d) => d.name === `latency.${stat}`)).map(
        (stat) => `${ITERATION_PREFIX}${stat}`,
      )
    : [];
  const steps = scope.multiStep
    ? scope.steps.flatMap((step) =>
        allowed
          .filter((def) => stepHas(def, step.streamed, step.tokens))
          .map((def) => `${STEP_PREFIX}${step.name}.${def.name}`),
      )
    : [];
  const checks = scope.checks.map((check) => `${CHECK_PREFIX}${check}.${PASS_RATE}`);
  const stages = (scope.stages ?? []).flatMap((stage) =>
    allowed.filter((def) => stageHas(def, scope)).map((def) => `${STAGE_PREFIX}${stage}.${def.name}`),
  );
  return [...own, ...iteration, ...steps, ...stages, ...checks];
}

/**
 * One line naming the scoped forms a scenario offers, for "unknown metric" messages:
 * `steps.<step>.<metric> (step: upload, read), iteration.<stat>, checks.<check>.pass_rate (check: status)`.
 * Empty when the scenario has neither steps nor checks (the catalogue's own hint says the rest).
 */
export function describeScenarioMetricNames(scope: MetricScopeInfo): string {
  const parts: string[] = [];
  if (scope.multiStep && scope.steps.length > 0) {
    parts.push(`${STEP_PREFIX}<step>.<metric> (step: ${scope.steps.map((s) => s.name).join(", ")})`);
    parts.push(`${ITERATION_PREFIX}<stat> (stat: ${LATENCY_STATS.join(", ")})`);
  }
  if ((scope.stages ?? []).length > 0) {
    parts.push(`${STAGE_PREFIX}<stage>.<metric> (stage: ${(scope.stages ?? []).join(", ")})`);
  }
  if (scope.checks.length > 0) {
    parts.push(`${CHECK_PREFIX}<check>.${PASS_RATE} (check: ${scope.checks.join(", ")})`);
  }
  return parts.join(", ");
}

function unknown(name: string, what: string, candidates: readonly string[]): MetricProblem {
  const close = suggest(name, candidates);
  return { problem: `${what}${close === undefined ? "" : `; did you mean ${close}?`}` };
}

/**
 * The definition of `name` in a scenario with `scope`, or the problem with it. Plain catalogue
 * names must be in `allowed` and exist in the scenario (a stream metric needs a streamed request,
 * `goodput` an `slo`); `steps.<step>.<metric>` needs that step (multi-step scenarios only) and a
 * metric a step has (see `stepHas`: a stream metric needs that step to stream);
 * `iteration.<stat>` needs a multi-step scenario and a latency statistic;
 * `checks.<check>.pass_rate` needs that check. Every problem ends with the closest valid name
 * when one is close (`suggest`).
 *
 * The definition returned for a scoped name carries the full name, the unit and direction of the
 * metric it points at, and no `requires` (validity is decided here, against the scope).
 * `checks.<check>.pass_rate` is a fraction, higher is better: its limit is written `>= 99%`.
 */
export function findScenarioMetric(
  name: string,
  scope: MetricScopeInfo,
  allowed: readonly MetricDef[] = METRIC_CATALOGUE,
): MetricDef | MetricProblem {
  const valid = scenarioMetricNames(scope, allowed);
  const parsed = parseMetricScope(
    name,
    scope.steps.map((s) => s.name),
  );
  // Every valid name resolves: its metric is one of `allowed`, all catalogue metrics.
  if (valid.includes(name)) return scopedMetricDef(parsed, name) as MetricDef;
  return problemOf(name, parsed, scope, allowed, valid);
}

/** The catalogue metric a name points at, when it exists but `allowed` leaves it out. */
function notAllowed(name: string, metric: string, allowed: readonly MetricDef[]): MetricProblem | undefined {
  if (findMetric(metric) === undefined || allowed.some((def) => def.name === metric)) return undefined;
  const what = name === metric ? name : `${name}: ${metric}`;
  return { problem: `${what} is not one of the metrics allowed here` };
}

function problemOf(
  name: string,
  parsed: MetricScope,
  scope: MetricScopeInfo,
  allowed: readonly MetricDef[],
  valid: readonly string[],
): MetricProblem {
  const plain = (metric: string) => allowed.find((def) => def.name === metric);
  switch (parsed.kind) {
    case "iteration": {
      if (!scope.multiStep) {
        return {
          problem: `${name} exists only in a multi-step scenario (steps:); here the requests' latency is latency.${parsed.stat}`,
        };
      }
      const excluded = notAllowed(name, parsed.metric, allowed);
      if (excluded !== undefined) return excluded;
      return unknown(
        name,
        `${name} is not a statistic of the iterations: use iteration.<stat> with stat one of ${LATENCY_STATS.join(", ")}`,
        valid,
      );
    }
    case "step": {
      if (!scope.multiStep) {
        return unknown(name, `${name} names a step, but this scenario has one request (no steps:)`, valid);
      }
      const step = scope.steps.find((s) => s.name === parsed.step);
      const steps = scope.steps.map((s) => s.name).join(", ");
      if (step === undefined)
        return unknown(name, `no step "${parsed.step}" in this scenario (steps: ${steps})`, valid);
      const def = plain(parsed.metric);
      if (def?.requires === "stream" && !step.streamed) {
        return {
          problem: `${name} needs step ${step.name} to stream: set request.stream: openai (or sse) in that step`,
        };
      }
      if (def?.requires === "tokens" && !hasTokens(step.streamed, step.tokens)) {
        return { problem: `${name} needs token counts in step ${step.name}: ${TOKENS_FIX} in that step` };
      }
      if (def !== undefined)
        return { problem: `${name}: a step has no ${parsed.metric} (it is the whole scenario's)` };
      const excluded = notAllowed(name, parsed.metric, allowed);
      if (excluded !== undefined) return excluded;
      return unknown(name, `unknown metric "${parsed.metric}" for step ${step.name}`, valid);
    }
    case "stage": {
      const stages = scope.stages ?? [];
      if (!stages.includes(parsed.stage)) {
        const listed = stages.length > 0 ? ` (stages: ${stages.join(", ")})` : " (it has no load.stages)";
        return unknown(name, `no stage "${parsed.stage}" in this scenario${listed}`, valid);
      }
      const def = plain(parsed.metric);
      if (def !== undefined)
        return { problem: `${name}: a stage has no ${parsed.metric} (${notPerStage(def, scope)})` };
      const excluded = notAllowed(name, parsed.metric, allowed);
      if (excluded !== undefined) return excluded;
      return unknown(name, `unknown metric "${parsed.metric}" for stage ${parsed.stage}`, valid);
    }
    case "check":
      if (!scope.checks.includes(parsed.check)) {
        const checks =
          scope.checks.length > 0 ? ` (checks: ${scope.checks.join(", ")})` : " (it has no checks:)";
        return unknown(name, `no response check "${parsed.check}" in this scenario${checks}`, valid);
      }
      return unknown(name, `a response check has one metric, ${PASS_RATE}, not "${parsed.field}"`, valid);
    case "scenario": {
      const excluded = notAllowed(name, parsed.metric, allowed);
      if (excluded !== undefined) return excluded;
      const def = plain(parsed.metric);
      if (def !== undefined && scope.multiStep && isResponsePhase(name)) {
        const step = scope.steps[0]?.name ?? "<step>";
        return {
          problem: `${name}: an iteration of steps has no single response; gate a step's instead, like ${STEP_PREFIX}${step}.${name}`,
        };
      }
      if (def?.requires === "stream") {
        const json =
          scope.tokens === true ? " (a non-streamed body read for its usage has no token timings)" : "";
        return {
          problem: `${name} needs a streamed response${json}: set request.stream: openai (or sse) in this scenario`,
        };
      }
      if (def?.requires === "tokens") {
        return { problem: `${name} needs token counts: ${TOKENS_FIX} in this scenario` };
      }
      if (def?.requires === "slo") {
        return {
          problem: `${name} counts requests that meet every slo objective: add slo: { latency: 2s, … } to this scenario`,
        };
      }
      if (def?.requires === "capacity") return { problem: NEEDS_CAPACITY(name) };
      return unknown(name, `unknown metric "${name}"`, valid);
    }
  }
}
