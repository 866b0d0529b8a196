/**
 * What a regression rule compares, once its metric name is resolved (metric-scope.ts): the two
 * blocks it reads (the scenarios, or one step's block in each), the plain catalogue metric whose
 * interval method applies there, and for `checks.<check>.pass_rate` the two proportions. The
 * statistics are then the scenario metrics' own: a step's `latency.p95` is bootstrapped from the
 * step's histograms exactly as the scenario's is from its own.
 */
import { findMetric, type MetricDef, passRateDef } from "../metrics/catalogue.js";
import { PASS_RATE, parseMetricScope } from "../metrics/metric-scope.js";
import type { MeasuredScenario } from "../report/types.js";
import { streamedFormat } from "./comparability.js";
import { type MetricBlock, stepBlock } from "./metric-value.js";
import type { Proportion } from "./proportion-interval.js";

/** A rule's metric, resolved in the two reports. */
export interface RuleTarget {
  readonly head: MetricBlock;
  readonly base: MetricBlock;
  /** The metric as the blocks name it (`latency.p95` for `steps.read.latency.p95` and `iteration.p95`). */
  readonly def: MetricDef;
  /**
   * Whether side-by-side rounds hold this metric. Rounds record the scenario's own counts and
   * distributions only (no per-step, no per-check rounds), so step and check metrics fall back to
   * the sampling interval of the two merged runs: the drift between rounds is then not removed,
   * which the check's method (`bootstrap`) says.
   */
  readonly inRounds: boolean;
  /**
   * `stages.<stage>.…`: the stage. Side-by-side rounds record each stage's part, so the rule
   * pairs the rounds that ran the stage (paired-interval.ts `stageRounds`), not the scenario's.
   */
  readonly stage?: string;
  /** `checks.<check>.pass_rate`: passed out of evaluated responses, per run. */
  readonly proportions?: { readonly head: Proportion; readonly base: Proportion };
}

/**
 * The target of `metric` in `head` and `base`, or why it cannot be compared (a note in the
 * checks' words). A step metric needs the step in both reports, sent the same way (method, and
 * path unless `sameEndpoint` is false: side by side the hosts and paths differ on purpose) and
 * read as the same kind of stream; an `iteration.<stat>` needs steps in both.
 */
export function ruleTarget(
  head: MeasuredScenario,
  base: MeasuredScenario,
  metric: string,
  { sameEndpoint = true }: { readonly sameEndpoint?: boolean } = {},
): RuleTarget | string {
  const steps = (head.steps ?? []).map((s) => s.name);
  const scope = parseMetricScope(metric, steps);
  switch (scope.kind) {
    case "scenario":
      return withDef(head, base, metric, true);
    case "iteration":
      if (head.steps === undefined || base.steps === undefined) {
        return `not compared: ${head.steps === undefined ? "this run" : "the baseline"} has no steps`;
      }
      return withDef(head, base, scope.metric, true);
    case "step": {
      const h = stepBlock(head, scope.step);
      const b = stepBlock(base, scope.step);
      if (h === undefined || b === undefined) {
        return `not compared: ${h === undefined ? "this run" : "the baseline"} has no step ${scope.step}`;
      }
      const differs = stepDifference(h, b, sameEndpoint);
      if (differs !== undefined) return `not compared: step ${scope.step}'s ${differs}`;
      return withDef(h, b, scope.metric, false);
    }
    case "stage": {
      const h = head.stages?.find((s) => s.name === scope.stage);
      const b = base.stages?.find((s) => s.name === scope.stage);
      if (h === undefined || b === undefined) {
        return `not compared: ${h === undefined ? "this run" : "the baseline"} has no stage ${scope.stage}`;
      }
      // In rounds by the stage's parts of them (compare-scenario.ts picks those rounds).
      const found = withDef(h, b, scope.metric, true);
      return typeof found === "string" ? found : { ...found, stage: scope.stage };
    }
    case "check": {
      if (scope.field !== PASS_RATE) return `not compared: no confidence interval method for ${metric}`;
      const h = head.response_checks?.find((c) => c.name === scope.check);
      const b = base.response_checks?.find((c) => c.name === scope.check);
      if (h === undefined || b === undefined) {
        return `not compared: ${h === undefined ? "this run" : "the baseline"} has no check ${scope.check}`;
      }
      const passed = (c: typeof h): Proportion => ({ x: c.evaluated - c.failed, n: c.evaluated });
      return {
        head,
        base,
        def: passRateDef(scope.check),
        inRounds: false,
        proportions: { head: passed(h), base: passed(b) },
      };
    }
  }
}

function withDef(
  head: MetricBlock,
  base: MetricBlock,
  metric: string,
  inRounds: boolean,
): RuleTarget | string {
  const def = findMetric(metric);
  if (def === undefined) return `not compared: no confidence interval method for ${metric}`;
  return { head, base, def, inRounds };
}

function pathOf(url: string): string {
  return URL.canParse(url) ? new URL(url).pathname : url;
}

/** What differs in how a step was sent or read between the runs, in words; undefined: nothing. */
function stepDifference(head: MetricBlock, base: MetricBlock, sameEndpoint: boolean): string | undefined {
  if (head.request.method !== base.request.method) {
    return `method differs: baseline ${base.request.method}, this run ${head.request.method}`;
  }
  const [h, b] = [pathOf(head.request.url), pathOf(base.request.url)];
  if (sameEndpoint && h !== b) return `path differs: baseline ${b}, this run ${h}`;
  const [hs, bs] = [streamedFormat(head) ?? "none", streamedFormat(base) ?? "none"];
  return hs === bs ? undefined : `stream format differs: baseline ${bs}, this run ${hs}`;
}
