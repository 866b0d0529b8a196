/**
 * Exact merge of several engine results of one scenario into one, as if a single run had
 * measured them all: back to back (`sequential`: the rounds of one side of a side-by-side run)
 * or at the same time (`parallel`: the parts of a split load — worker threads, shards). Histograms
 * are added bucket by bucket (HDR `add`), so every percentile of the merged result is the
 * percentile of all recorded values, never an average of percentiles; counters are summed; the
 * timelines are laid end to end, or aligned on the wall clock.
 */

import { MAX_ERROR_SAMPLES, MAX_SAMPLES_PER_KIND } from "./error-samples.js";
import { createHistogram, type Histogram } from "./histogram.js";
import { mergeTransport } from "./transport.js";
import type {
  CheckCount,
  ErrorSample,
  GeneratorHealth,
  ScenarioResult,
  StreamResult,
  TimelinePoint,
} from "./types.js";

/** A new histogram holding every value of `parts`; the parts are destroyed. */
function addHistograms(parts: readonly Histogram[]): Histogram {
  const merged = createHistogram();
  for (const h of parts) {
    merged.add(h);
    h.destroy();
  }
  return merged;
}

/**
 * The optional histogram `pick` of the parts added into a new one (the parts' destroyed), or
 * undefined when no part has it (a report written before phase timings, an http target's tls).
 */
function addOptional(
  results: readonly ScenarioResult[],
  pick: (r: ScenarioResult) => Histogram | undefined,
): Histogram | undefined {
  const parts = results.flatMap((r) => {
    const h = pick(r);
    return h === undefined ? [] : [h];
  });
  return parts.length === 0 ? undefined : addHistograms(parts);
}

/** The phase histograms of the parts (ttfb, body, connect, tls), each where some part has it. */
function mergePhases(
  results: readonly ScenarioResult[],
): Pick<ScenarioResult, "ttfb" | "body" | "connect" | "tls"> {
  const out: { -readonly [K in "ttfb" | "body" | "connect" | "tls"]?: Histogram } = {};
  for (const key of ["ttfb", "body", "connect", "tls"] as const) {
    const merged = addOptional(results, (r) => r[key]);
    if (merged !== undefined) out[key] = merged;
  }
  return out;
}

/** Sums of numeric records (`errors` by kind, `status` by code), keys in first-seen order. */
function sumRecords(
  records: readonly Readonly<Record<string, number | undefined>>[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const record of records)
    for (const [key, n] of Object.entries(record)) if (n !== undefined) out[key] = (out[key] ?? 0) + n;
  return out;
}

function sumOf<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

/** The sum when any part defines the value, else undefined (an optional counter stays absent). */
function sumDefined<T>(items: readonly T[], value: (item: T) => number | undefined): number | undefined {
  if (!items.some((item) => value(item) !== undefined)) return undefined;
  return sumOf(items, (item) => value(item) ?? 0);
}

/**
 * How the parts of a merge sit in time: `sequential` — one after another (the rounds of one side
 * of a side-by-side run), their measured times added; `parallel` — at the same time (worker
 * threads, shards of a matrix), each where its measured phase started on the wall clock, the
 * merged window spanning them all.
 */
export type MergeLayout = "sequential" | "parallel";

/** Where each part's measured phase starts in the merged window, ms. */
function offsetsOf(
  results: readonly Pick<ScenarioResult, "measuredDurationMs" | "startedAtMs">[],
  layout: MergeLayout,
): number[] {
  if (layout === "parallel") {
    const first = Math.min(...results.map((r) => r.startedAtMs));
    return results.map((r) => r.startedAtMs - first);
  }
  let at = 0;
  return results.map((r) => {
    const offset = at;
    at += r.measuredDurationMs;
    return offset;
  });
}

type MutablePoint = { -readonly [K in keyof TimelinePoint]: TimelinePoint[K] };

/**
 * The parts' timelines in one: part `i` starts at its offset (`offsetsOf`: end to end, or where
 * it started on the wall clock), and its point `t` (covering [t, t+1) s of that part) lands in second
 * `floor((offset_i + 1000·t) / 1000)` of the merged timeline; points landing in the same second
 * are summed. One point per started second of the merged window, like the engine's own.
 *
 * A load shape's marks: a merged second keeps the `stage` of the first point that landed in it.
 * Its latency quantiles are kept only when exactly one point landed in it: quantiles cannot be
 * added (two seconds' p95s say nothing of their union's), so a second fed by several parts
 * drops them rather than report a made-up number.
 */
export function mergeTimelines(
  results: readonly Pick<ScenarioResult, "timeline" | "measuredDurationMs" | "startedAtMs">[],
  layout: MergeLayout = "sequential",
): TimelinePoint[] {
  const offsets = offsetsOf(results, layout);
  const totalMs = Math.max(0, ...results.map((r, i) => (offsets[i] ?? 0) + r.measuredDurationMs));
  const seconds = Math.max(1, Math.ceil(totalMs / 1000));
  const points: MutablePoint[] = Array.from({ length: seconds }, (_, t) => ({ t, ok: 0, errors: 0 }));
  const responses = new Array<number>(seconds).fill(0);
  const landed = new Array<number>(seconds).fill(0);
  let anyResponses = false;
  for (const [i, result] of results.entries()) {
    const offsetMs = offsets[i] ?? 0;
    for (const p of result.timeline) {
      const t = Math.min(seconds - 1, Math.floor((offsetMs + p.t * 1000) / 1000));
      const into = points[t] as MutablePoint;
      into.ok += p.ok;
      into.errors += p.errors;
      responses[t] = (responses[t] ?? 0) + (p.responses ?? p.ok + p.errors);
      if (p.responses !== undefined) anyResponses = true;
      if (p.outputTokens !== undefined) into.outputTokens = (into.outputTokens ?? 0) + p.outputTokens;
      if (p.good !== undefined) into.good = (into.good ?? 0) + p.good;
      if (p.stage !== undefined) into.stage ??= p.stage;
      landed[t] = (landed[t] ?? 0) + 1;
      if (landed[t] === 1 && p.latencyP50Ms !== undefined) {
        into.latencyP50Ms = p.latencyP50Ms;
        into.latencyP95Ms = p.latencyP95Ms;
        into.latencyP99Ms = p.latencyP99Ms;
      } else if ((landed[t] ?? 0) > 1) {
        delete into.latencyP50Ms;
        delete into.latencyP95Ms;
        delete into.latencyP99Ms;
      }
    }
  }
  const tokens = results.some((r) => r.timeline.some((p) => p.outputTokens !== undefined));
  const good = results.some((r) => r.timeline.some((p) => p.good !== undefined));
  for (const p of points) {
    // Same convention as the engine: `responses` only where it differs from ok + errors.
    const n = responses[p.t] ?? 0;
    if (anyResponses && n !== p.ok + p.errors) p.responses = n;
    if (tokens) p.outputTokens ??= 0;
    if (good) p.good ??= 0;
  }
  return points;
}

/**
 * Generator health over the parts: mean delay weighted by each part's measured time, p99 and max
 * the largest of the parts (a bound: a p99 of the pooled delays is at most the largest p99),
 * lagged when any part lagged, late releases summed.
 */
function mergeGenerator(results: readonly ScenarioResult[]): GeneratorHealth {
  const totalMs = sumOf(results, (r) => r.measuredDurationMs);
  const weight = (r: ScenarioResult): number =>
    totalMs > 0 ? r.measuredDurationMs / totalMs : 1 / results.length;
  const released = sumDefined(results, (r) => r.generator.lateReleases?.released);
  const late = sumDefined(results, (r) => r.generator.lateReleases?.late);
  const lateReleases = released === undefined ? undefined : { released, late: late ?? 0 };
  return {
    eventLoopDelayMeanMs: sumOf(results, (r) => r.generator.eventLoopDelayMeanMs * weight(r)),
    eventLoopDelayP99Ms: Math.max(...results.map((r) => r.generator.eventLoopDelayP99Ms)),
    eventLoopDelayMaxMs: Math.max(...results.map((r) => r.generator.eventLoopDelayMaxMs)),
    lagged: results.some((r) => r.generator.lagged),
    ...(lateReleases === undefined ? {} : { lateReleases }),
  };
}

/** The parts' stream results merged (histograms added, counters summed), or undefined when none streamed. */
function mergeStreams(streams: readonly StreamResult[]): StreamResult | undefined {
  const first = streams[0];
  if (first === undefined) return undefined;
  const add = (pick: (s: StreamResult) => Histogram): Histogram => addHistograms(streams.map(pick));
  return {
    format: first.format,
    ttft: add((s) => s.ttft),
    itl: add((s) => s.itl),
    tpot: add((s) => s.tpot),
    outputTokens: add((s) => s.outputTokens),
    promptTokens: add((s) => s.promptTokens),
    requestOutputTps: add((s) => s.requestOutputTps),
    outputTokensTotal: sumOf(streams, (s) => s.outputTokensTotal),
    requestsWithUsage: sumOf(streams, (s) => s.requestsWithUsage),
    requestsEstimated: sumOf(streams, (s) => s.requestsEstimated),
    streamsWithoutDone: sumOf(streams, (s) => s.streamsWithoutDone),
    ttfat: add((s) => s.ttfat),
    reasoningTokens: add((s) => s.reasoningTokens),
    answerTokens: add((s) => s.answerTokens),
    requestsWithReasoning: sumOf(streams, (s) => s.requestsWithReasoning),
    reasoningEstimated: sumOf(streams, (s) => s.reasoningEstimated),
    requestsWithoutUsage: sumOf(streams, (s) => s.requestsWithoutUsage),
    cacheRequests: sumOf(streams, (s) => s.cacheRequests),
    cachePromptTokens: sumOf(streams, (s) => s.cachePromptTokens),
    cachedPromptTokens: sumOf(streams, (s) => s.cachedPromptTokens),
  };
}

/** The parts' samples in order, keeping the engine's caps: 2 of a kind, 8 in all. */
function mergeSamples(results: readonly ScenarioResult[]): ErrorSample[] {
  const kept: ErrorSample[] = [];
  const perKind = new Map<string, number>();
  for (const sample of results.flatMap((r) => r.errorSamples)) {
    const n = perKind.get(sample.kind) ?? 0;
    if (kept.length >= MAX_ERROR_SAMPLES || n >= MAX_SAMPLES_PER_KIND) continue;
    perKind.set(sample.kind, n + 1);
    kept.push(sample);
  }
  return kept;
}

function mergeRequests(results: readonly ScenarioResult[]): ScenarioResult["requests"] {
  const due = sumDefined(results, (r) => r.requests.due);
  return {
    total: sumOf(results, (r) => r.requests.total),
    ok: sumOf(results, (r) => r.requests.ok),
    failed: sumOf(results, (r) => r.requests.failed),
    dropped: sumOf(results, (r) => r.requests.dropped),
    droppedQueueFull: sumOf(results, (r) => r.requests.droppedQueueFull),
    droppedAtEnd: sumOf(results, (r) => r.requests.droppedAtEnd),
    ...(due === undefined ? {} : { due }),
  };
}

function mergeWindow(results: readonly ScenarioResult[]): ScenarioResult["window"] {
  return {
    responses: sumOf(results, (r) => r.window.responses),
    ok: sumOf(results, (r) => r.window.ok),
    outputTokens: sumOf(results, (r) => r.window.outputTokens),
    good: sumOf(results, (r) => r.window.good),
    bytesReceived: sumOf(results, (r) => r.window.bytesReceived),
    bytesSent: sumOf(results, (r) => r.window.bytesSent),
  };
}

/**
 * Check counts of the parts summed by check name (evaluated and failed), in first-seen order;
 * undefined when no part has checks.
 */
export function mergeChecks(results: readonly ScenarioResult[]): CheckCount[] | undefined {
  if (!results.some((r) => r.checks !== undefined)) return undefined;
  const byName = new Map<string, CheckCount>();
  for (const check of results.flatMap((r) => r.checks ?? [])) {
    const seen = byName.get(check.name);
    byName.set(
      check.name,
      seen === undefined
        ? check
        : { ...seen, evaluated: seen.evaluated + check.evaluated, failed: seen.failed + check.failed },
    );
  }
  return [...byName.values()];
}

/**
 * The parts' steps merged step by step (index i of every part into step i), each like a
 * scenario; undefined when no part has steps. Every part of one scenario runs the same steps, so
 * a part with fewer is a caller bug: the missing ones merge from the parts that have them.
 */
function mergeSteps(results: readonly ScenarioResult[], layout: MergeLayout): ScenarioResult[] | undefined {
  if (!results.some((r) => r.steps !== undefined)) return undefined;
  const count = Math.max(...results.map((r) => r.steps?.length ?? 0));
  return Array.from({ length: count }, (_, i) =>
    mergeScenarioResults(
      results.flatMap((r) => (r.steps?.[i] ? [r.steps[i]] : [])),
      layout,
    ),
  );
}

/**
 * The parts' load-shape stages merged BY NAME, in first-seen order; undefined when no part has
 * stages. Side by side, a round runs one segment of the shape and holds only the stages that
 * segment touches (a stage cut by the segment keeps its name), so a stage's rounds are found by
 * its name, not by an index; each stage merges like a scenario (durations summed: the time the
 * side spent in that stage). A side runs its segments in the shape's order, so first-seen order
 * is the shape's, and a side stopped early holds the shape's first stages.
 */
function mergeStages(results: readonly ScenarioResult[], layout: MergeLayout): ScenarioResult[] | undefined {
  if (!results.some((r) => r.stages !== undefined)) return undefined;
  const names = [...new Set(results.flatMap((r) => (r.stages ?? []).map((s) => s.name)))];
  // A stage's timeline is its own seconds from t = 0 (run-scenario.ts `stageResults`), so its
  // parts — its stretch of each round — are laid end to end like any parts.
  return names.map((name) =>
    mergeScenarioResults(
      results.flatMap((r) => r.stages?.filter((s) => s.name === name) ?? []),
      layout,
    ),
  );
}

/**
 * Merges results of ONE scenario (same load, same request) into one, in the order given: counts,
 * window counts, errors, statuses and bytes summed; measured durations summed (`sequential`) or
 * the longest (`parallel`); `startedAtMs` of the first part (`sequential`) or the earliest
 * (`parallel`); incomplete when any part is; histograms added into new ones; timelines laid out
 * as `layout` says (see `mergeTimelines`); generator health as in `mergeGenerator`; error samples capped like
 * the engine's. A single part is merged too (into new histograms), so ownership is uniform.
 * Multi-step results merge their `steps` index by index, each by this same function, load-shape
 * `stages` by name (`mergeStages`), and response `checks` by name (`mergeChecks`).
 *
 * Ownership: DESTROYS every part's histograms (stream and step ones included); the caller owns
 * the returned ones and must destroy them. Throws a plain Error for an empty list (a caller bug).
 */
export function mergeScenarioResults(
  results: readonly ScenarioResult[],
  layout: MergeLayout = "sequential",
): ScenarioResult {
  const first = results[0];
  if (first === undefined) throw new Error("mergeScenarioResults: nothing to merge");
  // Everything that reads the parts runs before their histograms are destroyed.
  const timeline = mergeTimelines(results, layout);
  const parallel = layout === "parallel";
  const goodRequests = sumDefined(results, (r) => r.goodRequests);
  const streams = results.flatMap((r) => (r.stream ? [r.stream] : []));
  const merged: ScenarioResult = {
    name: first.name,
    model: first.model,
    startedAtMs: parallel ? Math.min(...results.map((r) => r.startedAtMs)) : first.startedAtMs,
    // Back to back, the parts' measured times add up. At the same time, the longest part's time:
    // every rate of the merge (total / time) is then the sum of the parts' rates, as the load was.
    measuredDurationMs: parallel
      ? Math.max(...results.map((r) => r.measuredDurationMs))
      : sumOf(results, (r) => r.measuredDurationMs),
    incomplete: results.some((r) => r.incomplete),
    warmupRequests: sumOf(results, (r) => r.warmupRequests),
    requests: mergeRequests(results),
    window: mergeWindow(results),
    errors: sumRecords(results.map((r) => r.errors)),
    status: sumRecords(results.map((r) => r.status)),
    bytesReceived: sumOf(results, (r) => r.bytesReceived),
    bytesSent: sumOf(results, (r) => r.bytesSent),
    latency: addHistograms(results.map((r) => r.latency)),
    latencyUncorrected: addHistograms(results.map((r) => r.latencyUncorrected)),
    queueTime: addHistograms(results.map((r) => r.queueTime)),
    latencyFailed: addHistograms(results.map((r) => r.latencyFailed)),
    ...mergePhases(results),
    timeline,
    generator: mergeGenerator(results),
    errorSamples: mergeSamples(results),
    ...(goodRequests === undefined ? {} : { goodRequests }),
  };
  const stream = mergeStreams(streams);
  const steps = mergeSteps(results, layout);
  const stages = mergeStages(results, layout);
  const checks = mergeChecks(results);
  const transport = mergeTransport(results.map((r) => r.transport));
  return {
    ...merged,
    ...(stream === undefined ? {} : { stream }),
    ...(steps === undefined ? {} : { steps }),
    ...(stages === undefined ? {} : { stages }),
    ...(checks === undefined ? {} : { checks }),
    ...(transport === undefined ? {} : { transport }),
  };
}
