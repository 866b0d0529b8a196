/**
 * The shards of one run merged into the report one process would have written for the whole
 * load. Each shard's scenario block becomes an engine result again (`resultFromReport`), the parts
 * merge exactly as worker threads do (`mergeScenarioResults(parts, "parallel")`: HDR add, counts
 * summed, timelines aligned on the wall clock by each shard's `started_at_ms`), and the merged
 * result is reported by the run's own code (`buildScenarioReport`), so every derived number
 * (error_rate, rps, rps_stdev, goodput, percentiles) is computed the way a run computes it.
 *
 * What is not exact, and why: error samples are the first ones of the shards in shard order under
 * the engine's caps (each shard kept only its own first ones); generator health is the worst
 * shard's (p99, max, lagged), which is what trust needs (any lagging generator distorts its share);
 * a merged second's load-shape latency quantiles are dropped when several shards fed it
 * (quantiles do not add). The descriptive fields (request, load, data, slo …) are the first
 * shard's: the shards ran one budget file, checked by digest (`checkShards`); but `load.workers`
 * is the sum of the shards' threads, every thread that generated the merged load.
 */
import type { Scenario, StageSpec } from "../budget/types.js";
import { DISTRIBUTION_FAMILIES } from "../metrics/catalogue.js";
import { mergeScenarioResults } from "../metrics/merge-results.js";
import { buildScenarioReport } from "./build-report.js";
import type { CheckedShards } from "./check-shards.js";
import { resultFromReport } from "./result-from-report.js";
import type {
  LatencySummary,
  MeasuredReport,
  MeasuredScenario,
  NotRunScenario,
  ScenarioReport,
  StepReport,
  StreamReport,
} from "./types.js";

/** A request as the report builders read it: its method (the rest is the first shard's, copied). */
function requestOf(method: string): Scenario["request"] {
  return { method, path: "", headers: {}, timeoutMs: 0, expectStatus: [] };
}

/**
 * The scenario as far as `buildScenarioReport` reads it (names, methods, the load's numbers, the
 * stages as planned, the slo), rebuilt from a shard's block: the budget need not be at hand.
 */
function scenarioOf(block: MeasuredScenario): Scenario {
  const load = block.load;
  const stages = block.stages?.map(
    (s): StageSpec => ({
      name: s.name,
      durationMs: s.planned.duration_ms,
      ...(s.planned.rate === undefined ? {} : { ratePerSec: s.planned.rate }),
      ...(s.planned.connections === undefined ? {} : { connections: s.planned.connections }),
    }),
  );
  const slo = block.slo;
  return {
    name: block.name,
    request: requestOf(block.request.method),
    ...(block.steps
      ? {
          steps: block.steps.map((s) => ({
            name: s.name,
            request: requestOf(s.request.method),
            capture: [],
            line: 0,
          })),
        }
      : {}),
    load: {
      connections: load.connections,
      arrival: load.arrival ?? "constant",
      seed: load.seed ?? 0,
      durationMs: load.duration_ms,
      warmupMs: load.warmup_ms,
      untrusted: load.untrusted ?? "fail",
      ...(load.rate === undefined ? {} : { ratePerSec: load.rate }),
      ...(stages === undefined ? {} : { stages }),
    },
    ...(slo
      ? {
          slo: {
            ...(slo.ttfb_ms === undefined ? {} : { ttfbMs: slo.ttfb_ms }),
            ...(slo.ttft_ms === undefined ? {} : { ttftMs: slo.ttft_ms }),
            ...(slo.tpot_ms === undefined ? {} : { tpotMs: slo.tpot_ms }),
            ...(slo.latency_ms === undefined ? {} : { latencyMs: slo.latency_ms }),
            line: 0,
          },
        }
      : {}),
    thresholds: [],
    regression: [],
    creep: [],
    line: 0,
  };
}

/**
 * The shards' exact min and max (a decoded histogram only knows its extreme buckets), and every
 * statistic kept within them, as a run's summary is.
 */
function exactExtremes(
  merged: LatencySummary,
  parts: readonly (LatencySummary | undefined)[],
): LatencySummary {
  const filled = parts.filter((p): p is LatencySummary => p !== undefined && p.count > 0);
  if (filled.length === 0 || merged.count === 0) return merged;
  const min = Math.min(...filled.map((p) => p.min));
  const max = Math.max(...filled.map((p) => p.max));
  const within = (v: number): number => Math.min(max, Math.max(min, v));
  return {
    ...merged,
    min,
    max,
    mean: within(merged.mean),
    p50: within(merged.p50),
    p90: within(merged.p90),
    p95: within(merged.p95),
    p99: within(merged.p99),
    p999: within(merged.p999),
  };
}

/**
 * How the block's stream was read (`stream.sse`), as the shard recorded it: the merge rebuilds
 * the scenario without its budget, so only the shards know. Nothing when the shard has no record.
 */
function sseOf(block: StepReport | undefined): Pick<StreamReport, "sse"> {
  const sse = block?.stream?.sse;
  return sse === undefined ? {} : { sse };
}

/** `built` with the stream reading of the shard's block it was merged from. */
function keepSse<T extends StepReport>(built: T, shard: StepReport | undefined): T {
  const sse = sseOf(shard);
  return built.stream === undefined || sse.sse === undefined
    ? built
    : { ...built, stream: { ...built.stream, ...sse } };
}

/** One scenario's blocks, one per shard in shard order, merged into one block. */
function mergeScenario(blocks: readonly ScenarioReport[]): MeasuredScenario {
  const first = blocks[0] as ScenarioReport;
  const parts = blocks.map((b) => resultFromReport(b, b.started_at_ms ?? 0));
  const merged = mergeScenarioResults(parts, "parallel");
  const built = buildScenarioReport(
    merged,
    scenarioOf(first),
    first.request.url,
    first.steps?.map((s) => s.request.url),
  );
  const { part: _part, workers: _workers, ...shared } = first.load;
  // Every thread that generated the load: each shard's own (absent: one), summed over the shards.
  const workers = blocks.reduce((n, b) => n + (b.load.workers ?? 1), 0);
  const load = { ...shared, ...(workers > 1 ? { workers } : {}), shards: blocks.length };
  const extremes = Object.fromEntries(
    DISTRIBUTION_FAMILIES.flatMap((f) => {
      const summary = built[f];
      return summary === undefined
        ? []
        : [
            [
              f,
              exactExtremes(
                summary,
                blocks.map((b) => b[f]),
              ),
            ],
          ];
    }),
  );
  const aborted = blocks.find((b) => b.aborted !== undefined)?.aborted;
  return {
    ...built,
    ...extremes,
    request: first.request,
    load,
    ...(built.stream && first.stream
      ? { stream: { ...built.stream, usage_requested: first.stream.usage_requested, ...sseOf(first) } }
      : {}),
    ...(built.steps && first.steps
      ? {
          steps: built.steps.map((s, i) => ({
            ...keepSse(s, first.steps?.[i]),
            request: first.steps?.[i]?.request ?? s.request,
          })),
        }
      : {}),
    ...(built.stages && first.stages
      ? { stages: built.stages.map((s, i) => keepSse(s, first.stages?.[i])) }
      : {}),
    ...(first.data ? { data: first.data } : {}),
    ...(first.unique_prefix ? { unique_prefix: true } : {}),
    // A shard stopped by an `abort: true` threshold stopped its share: the merge is then stopped too.
    ...(aborted ? { aborted } : {}),
  };
}

/**
 * The merged report, without a verdict (the gate decides it): every scenario of the shards merged
 * (see the file's header), started when the first shard started and finished when the last did,
 * incomplete when any shard was, `merged_shards` saying how many and of which budget. Its
 * scenarios' `load` is the whole load (no `part`), so the gate judges trust on the whole.
 */
export function mergeShards(checked: CheckedShards, toolVersion: string): MeasuredReport {
  const reports = checked.shards.map((s) => s.report);
  const first = reports[0];
  if (first === undefined) throw new Error("mergeShards: no shard");
  // A scenario some shard never started (it stopped: aborted, interrupted) is not run (`shardsNotRun`).
  const everywhere = first.scenarios.filter((s) =>
    reports.every((r) => r.scenarios.some((x) => x.name === s.name)),
  );
  const scenarios = everywhere.map((s) =>
    mergeScenario(reports.map((r) => r.scenarios.find((x) => x.name === s.name) as ScenarioReport)),
  );
  const times = (pick: (r: (typeof reports)[number]) => string): number[] =>
    reports.map((r) => Date.parse(pick(r)));
  return {
    version: 1,
    tool: { name: "perf-gate", version: toolVersion },
    startedAt: new Date(Math.min(...times((r) => r.startedAt))).toISOString(),
    finishedAt: new Date(Math.max(...times((r) => r.finishedAt))).toISOString(),
    incomplete: reports.some((r) => r.incomplete) || scenarios.some((s) => s.incomplete),
    budget: first.budget,
    target: first.target,
    scenarios,
    ...(first.definitions ? { definitions: first.definitions } : {}),
    merged_shards: { count: checked.count, budget_digest: checked.digest },
  };
}

/**
 * The scenarios the merge has no whole load of: those some shard never started (an abort or an
 * interruption stopped it; `not_run` in its report), with their thresholds, in the first shard's
 * order. The gate reads them as a run's own `not_run`: the merged verdict is the aborted
 * scenario's `fail`, or `incomplete`, as one process's would be.
 */
export function shardsNotRun(checked: CheckedShards): NotRunScenario[] {
  const reports = checked.shards.map((s) => s.report);
  const byName = new Map<string, NotRunScenario>();
  for (const r of reports) for (const n of r.not_run) if (!byName.has(n.name)) byName.set(n.name, n);
  for (const r of reports)
    for (const s of r.scenarios)
      if (!byName.has(s.name) && reports.some((o) => !o.scenarios.some((x) => x.name === s.name)))
        byName.set(s.name, { name: s.name, thresholds: [] });
  return [...byName.values()];
}
