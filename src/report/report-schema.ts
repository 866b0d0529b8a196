import * as z from "zod";
import { capacityFields } from "./capacity-report-schema.js";
import { summaryHistogramProblem } from "./read-histogram.js";
import { upgradeReport, upgradeScenario } from "./upgrade-report.js";

/**
 * The shape of report.json version 1, checked when a report is read back (baselines, merging).
 * Objects are loose: later perf-gate versions may add fields to version 1, and an older reader
 * must still accept them; reports written before the verdict fields existed are upgraded first
 * (see upgrade-report.ts). Kept in step with `types.ts` by `readReport`, which returns the parsed
 * value as a `Report` and so stops type-checking when the two drift apart.
 *
 * A report read back is an input from elsewhere (an artifact, a file), so every array has a bound
 * and every histogram is decoded here, once: what passes this schema is safe to compute on.
 */

/** Most timeline points in a scenario: one per second of the longest run a budget allows (24 h), + 1. */
export const MAX_TIMELINE_POINTS = 24 * 3600 + 1;
/** Most entries in the other arrays of a report (scenarios, checks, samples, warnings). */
export const MAX_LIST_ENTRIES = 10_000;

const count = z.number().int().nonnegative();
const ms = z.number().nonnegative();
/** Token counts: an estimate from the text need not be a whole number. */
const tokens = z.number().nonnegative();
const counts = z.record(z.string(), count);
const list = <T extends z.ZodType>(item: T) =>
  z.array(item).max(MAX_LIST_ENTRIES, { error: `has more than ${MAX_LIST_ENTRIES} entries` });

const latencySummary = z
  .looseObject({
    count,
    min: ms,
    mean: ms,
    stdev: ms,
    p50: ms,
    p90: ms,
    p95: ms,
    p99: ms,
    p999: ms,
    max: ms,
    hdr: z.string(),
  })
  .superRefine((summary, ctx) => {
    const problem = summaryHistogramProblem(summary);
    // `phrase`: the message continues the field's name ("…hdr is not a readable HdrHistogram").
    if (problem !== null)
      ctx.addIssue({ code: "custom", message: problem, path: ["hdr"], params: { phrase: true } });
  });

const check = z.looseObject({
  metric: z.string(),
  op: z.enum(["<=", "<", ">=", ">"]),
  limit: z.number(),
  source: z.string(),
  actual: z.number().nullable(),
  pass: z.boolean(),
  line: z.number().int(),
  no_data: z.string().optional(),
});

const verdict = z.enum(["pass", "fail", "untrusted", "incomplete"]);
const thresholdsVerdict = z.enum(["pass", "fail"]);

const streamReport = z.looseObject({
  format: z.enum(["openai", "openai-responses", "anthropic", "sse", "json"]),
  usage_requested: z.boolean(),
  output_tokens_source: z.enum(["usage", "estimated", "mixed", "none"]),
  output_tokens_total: tokens,
  requests_with_usage: count,
  requests_estimated: count,
  streams_without_done: count,
  requests_without_usage: count.optional(),
  reasoning: z.looseObject({ requests: count, estimated: count }).optional(),
  prompt_cache: z.looseObject({ requests: count, prompt_tokens: tokens, cached_tokens: tokens }).optional(),
  sse: z
    .looseObject({
      event: z.array(z.string()).optional(),
      text: z.string().optional(),
      usage: z.string().optional(),
      prompt_usage: z.string().optional(),
      end: z.string().optional(),
    })
    .optional(),
});

/**
 * Blocks of streamed / slo scenarios. All optional: a report from before they existed, or of a
 * scenario that does not stream, has none of them and is still a valid report.
 */
const streamFields = {
  ttfb: latencySummary.optional(),
  ttft: latencySummary.optional(),
  itl: latencySummary.optional(),
  tpot: latencySummary.optional(),
  output_tokens: latencySummary.optional(),
  prompt_tokens: latencySummary.optional(),
  request_output_tps: latencySummary.optional(),
  output_tps: z.number().nonnegative().optional(),
  ttfat: latencySummary.optional(),
  reasoning_tokens: latencySummary.optional(),
  answer_tokens: latencySummary.optional(),
  prompt_cache_hit_rate: z.number().min(0).max(1).optional(),
  goodput: z.number().nonnegative().optional(),
  slo: z
    .looseObject({
      ttfb_ms: ms.optional(),
      ttft_ms: ms.optional(),
      tpot_ms: ms.optional(),
      latency_ms: ms.optional(),
    })
    .optional(),
  stream: streamReport.optional(),
  error_samples: list(
    z.looseObject({
      kind: z.string(),
      message: z.string(),
      code: z.string().optional(),
      status: z.number().int().optional(),
    }),
  ).optional(),
};

const trust = z.looseObject({
  trusted: z.boolean(),
  reasons: list(z.string()),
  policy: z.enum(["fail", "warn"]),
});

/**
 * Most rounds in a side-by-side scenario: both sides of a day-long run in 1 s rounds (the budget's
 * shortest), so any round plan a budget can ask for fits.
 */
export const MAX_ROUNDS = 2 * 24 * 3600;

const roundStats = z.looseObject({
  count,
  mean: z.number(),
  p50: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
  p999: z.number(),
});

/** A round's counts and statistics, or a load-shape stage's part of them (`RoundPart`). */
const roundPart = {
  duration_ms: ms,
  ok: count,
  failed: count,
  responses: count,
  output_tokens: tokens.optional(),
  good: count.optional(),
  stats: z.record(z.string(), roundStats),
};

const roundRecord = z.looseObject({
  side: z.enum(["baseline", "target"]),
  index: count,
  pair: count,
  t_ms: ms,
  ...roundPart,
  // Read by a `stages.<stage>.…` rule's pairing (paired-interval.ts stageRounds): checked like the round.
  stages: z.record(z.string(), z.looseObject(roundPart)).optional(),
});

/** The fields a step block shares with its scenario (see `StepReport`). */
const blockFields = {
  name: z.string(),
  request: z.looseObject({ method: z.string(), url: z.string() }),
  incomplete: z.boolean(),
  duration_ms: ms,
  requests: z.looseObject({
    total: count,
    ok: count,
    failed: count,
    dropped: count,
    dropped_queue_full: count.optional(),
    dropped_at_end: count.optional(),
    due: count.optional(),
    responses_in_window: count.optional(),
  }),
  errors: counts,
  status: counts,
  error_rate: z.number().min(0).max(1),
  rps: z.number().nonnegative(),
  ok_rps: z.number().nonnegative().optional(),
  redirects: count.optional(),
  rps_stdev: z.number().nonnegative(),
  latency: latencySummary,
  latency_uncorrected: latencySummary,
  queue_time: latencySummary,
  latency_failed: latencySummary,
  // Phase timings (ttfb is among the streamFields): optional, so older reports still read.
  connect: latencySummary.optional(),
  tls: latencySummary.optional(),
  body: latencySummary.optional(),
  timeline: z
    .array(
      z.looseObject({
        t: count,
        ok: count,
        errors: count,
        responses: count.optional(),
        output_tokens: tokens.optional(),
        good: count.optional(),
        stage: z.string().optional(),
        latency_p50: ms.optional(),
        latency_p95: ms.optional(),
        latency_p99: ms.optional(),
      }),
    )
    .max(MAX_TIMELINE_POINTS, {
      error: `has more than ${MAX_TIMELINE_POINTS} points (one per second of 24 h, the longest run, + 1)`,
    }),
  ...streamFields,
};

const responseCheck = z.looseObject({
  name: z.string(),
  step: z.string().optional(),
  line: z.number().int(),
  source: z.string(),
  evaluated: count,
  failed: count,
  pass_rate: z.number().min(0).max(1),
});

/**
 * What issue 11's workloads add to a scenario. All optional: reports written before them, and
 * scenarios with one fixed request, have none.
 */
const workloadFields = {
  steps: list(z.looseObject(blockFields)).optional(),
  response_checks: list(responseCheck).optional(),
  data: z
    .looseObject({
      file: z.string(),
      format: z.string(),
      order: z.enum(["sequential", "shuffle"]),
      rows: count,
      seed: z.number(),
    })
    .optional(),
  unique_prefix: z.boolean().optional(),
  stages: list(
    z.looseObject({
      ...blockFields,
      planned: z.looseObject({
        duration_ms: z.number(),
        rate: z.number().optional(),
        connections: z.number().optional(),
      }),
    }),
  ).optional(),
  aborted: z
    .object({
      at_ms: z.number(),
      metric: z.string(),
      actual: z.number(),
      limit: z.number(),
      source: z.string(),
      line: z.number(),
      reason: z.string(),
    })
    .optional(),
  untrusted_shards: list(
    z
      .looseObject({ index: count.min(1), count: count.min(1), reasons: list(z.string()) })
      // "shard 3 of 2" names no shard of the split: a report edited by hand, or of another tool.
      .refine((s) => s.index <= s.count, { message: "expected a shard index at most its count" }),
  ).optional(),
};

/** The measured fields of a scenario: what a baseline side of a side-by-side run carries. */
const measuredFields = {
  ...blockFields,
  ...workloadFields,
  ...capacityFields,
  load: z.looseObject({
    model: z.enum(["open", "closed"]),
    connections: count,
    rate: z.number().positive().optional(),
    arrival: z.enum(["constant", "poisson"]).optional(),
    seed: z.number().optional(),
    duration_ms: ms,
    warmup_ms: ms,
    round_ms: ms.optional(),
    start_rate: z.number().nonnegative().optional(),
    untrusted: z.enum(["fail", "warn"]).optional(),
    part: z.looseObject({ index: count, count: count.min(1) }).optional(),
    workers: count.optional(),
    shards: count.optional(),
  }),
  started_at_ms: ms.optional(),
  transport: z
    .looseObject({
      protocol: z.string().optional(),
      tls: z.string().optional(),
      proxy: z.string().optional(),
    })
    .optional(),
  warmup_requests: count,
  bytes: z.looseObject({ received: count, sent: count, received_per_sec: ms, sent_per_sec: ms }),
  generator: z.looseObject({
    event_loop_delay_mean_ms: ms,
    event_loop_delay_p99_ms: ms,
    event_loop_delay_max_ms: ms,
    lagged: z.boolean(),
    late_releases: z.looseObject({ released: count, late: count, late_ms: ms }).optional(),
  }),
  rounds: z
    .array(roundRecord)
    .max(MAX_ROUNDS, { error: `has more than ${MAX_ROUNDS} rounds` })
    .optional(),
};

const scenarioReport = z.preprocess(
  upgradeScenario,
  z.looseObject({
    ...measuredFields,
    checks: list(check),
    verdict,
    thresholds_verdict: thresholdsVerdict,
    trust,
  }),
);

/** A scenario without the gate's fields (`side_by_side.scenarios`): never upgraded, never judged. */
const measuredScenario = z.looseObject(measuredFields);

const sideBySide = z.looseObject({
  baseline_target: z.string(),
  scenarios: list(measuredScenario),
});

const notRun = z.looseObject({
  name: z.string(),
  thresholds: list(z.looseObject({ metric: z.string(), source: z.string(), line: z.number().int() })),
});

/** Zod schema of a version-1 report (the `version` literal is checked separately, first). */
export const reportSchema = z.preprocess(
  upgradeReport,
  z.looseObject({
    version: z.literal(1),
    tool: z.looseObject({ name: z.literal("perf-gate"), version: z.string() }),
    startedAt: z.string(),
    finishedAt: z.string(),
    incomplete: z.boolean(),
    verdict,
    verdict_reason: z.string(),
    thresholds_verdict: thresholdsVerdict,
    gate: z.looseObject({
      fail_on: z.enum(["any", "strict", "thresholds", "never"]),
      failed_checks: count,
      regressions: count,
      inconclusive: count.optional(),
      baseline_mode: z.enum(["none", "artifact", "history", "side_by_side"]).optional(),
      untrusted_scenarios: count,
      baseline: z.string().nullable(),
    }),
    not_run: list(notRun),
    warnings: list(z.string()),
    budget: z.string(),
    target: z.string(),
    scenarios: list(scenarioReport),
    definitions: z.record(z.string(), z.string()).optional(),
    side_by_side: sideBySide.optional(),
    shard: z
      .looseObject({
        index: count.min(1),
        count: count.min(1),
        budget_digest: z.string(),
        thresholds: z.record(
          z.string(),
          list(
            z.looseObject({
              metric: z.string(),
              op: z.enum(["<=", "<", ">=", ">"]),
              limit: z.number(),
              source: z.string(),
              line: z.number().int(),
            }),
          ),
        ),
      })
      .optional(),
    merged_shards: z.looseObject({ count: count.min(1), budget_digest: z.string() }).optional(),
  }),
);
