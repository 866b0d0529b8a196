import * as z from "zod";

/**
 * The shape of report.json version 1, checked when a report is read back (baselines, merging).
 * Objects are loose: later perf-gate versions may add fields to version 1, and an older reader
 * must still accept them. Kept in step with `types.ts` by `readReport`, which returns the parsed
 * value as a `Report` and so stops type-checking when the two drift apart.
 */

const count = z.number().int().nonnegative();
const ms = z.number().nonnegative();
/** Token counts: an estimate from the text need not be a whole number. */
const tokens = z.number().nonnegative();
const counts = z.record(z.string(), count);

const latencySummary = z.looseObject({
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
});

const check = z.looseObject({
  metric: z.string(),
  op: z.enum(["<=", "<", ">=", ">"]),
  limit: z.number(),
  source: z.string(),
  actual: z.number().nullable(),
  pass: z.boolean(),
  line: z.number().int(),
});

const verdict = z.enum(["pass", "fail", "untrusted", "incomplete"]);
const thresholdsVerdict = z.enum(["pass", "fail"]);

/**
 * Reports written before the gate's verdict was recorded (verdict_reason, trust, …) are still
 * read: their missing fields get neutral defaults (their `verdict` was the thresholds' verdict).
 */
const trust = z
  .looseObject({
    trusted: z.boolean(),
    reasons: z.array(z.string()),
    policy: z.enum(["fail", "warn"]),
  })
  .default({ trusted: true, reasons: [], policy: "fail" });

const gateRecord = z
  .looseObject({
    fail_on: z.enum(["any", "thresholds", "never"]),
    failed_checks: count,
    regressions: count,
    untrusted_scenarios: count,
    baseline: z.string().nullable(),
  })
  .default({ fail_on: "any", failed_checks: 0, regressions: 0, untrusted_scenarios: 0, baseline: null });

const notRun = z.array(
  z.looseObject({
    name: z.string(),
    thresholds: z.array(z.looseObject({ metric: z.string(), source: z.string(), line: z.number().int() })),
  }),
);

const streamReport = z.looseObject({
  format: z.enum(["openai", "sse"]),
  usage_requested: z.boolean(),
  output_tokens_source: z.enum(["usage", "estimated", "mixed", "none"]),
  output_tokens_total: tokens,
  requests_with_usage: count,
  requests_estimated: count,
  streams_without_done: count,
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
  error_samples: z
    .array(
      z.looseObject({
        kind: z.string(),
        message: z.string(),
        code: z.string().optional(),
        status: z.number().int().optional(),
      }),
    )
    .optional(),
};

const scenarioReport = z.looseObject({
  name: z.string(),
  request: z.looseObject({ method: z.string(), url: z.string() }),
  load: z.looseObject({
    model: z.enum(["open", "closed"]),
    connections: count,
    rate: z.number().positive().optional(),
    arrival: z.enum(["constant", "poisson"]).optional(),
    seed: z.number().optional(),
    duration_ms: ms,
    warmup_ms: ms,
    untrusted: z.enum(["fail", "warn"]).optional(),
  }),
  incomplete: z.boolean(),
  duration_ms: ms,
  warmup_requests: count,
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
  bytes: z.looseObject({ received: count, sent: count, received_per_sec: ms, sent_per_sec: ms }),
  latency: latencySummary,
  latency_uncorrected: latencySummary,
  queue_time: latencySummary,
  latency_failed: latencySummary,
  timeline: z.array(
    z.looseObject({
      t: count,
      ok: count,
      errors: count,
      output_tokens: tokens.optional(),
      good: count.optional(),
    }),
  ),
  generator: z.looseObject({
    event_loop_delay_mean_ms: ms,
    event_loop_delay_p99_ms: ms,
    event_loop_delay_max_ms: ms,
    lagged: z.boolean(),
  }),
  checks: z.array(check),
  verdict,
  thresholds_verdict: thresholdsVerdict.optional(),
  trust,
  ...streamFields,
});

/** Zod schema of a version-1 report (the `version` literal is checked separately, first). */
export const reportSchema = z.looseObject({
  version: z.literal(1),
  tool: z.looseObject({ name: z.literal("perf-gate"), version: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  incomplete: z.boolean(),
  verdict,
  verdict_reason: z.string().default(""),
  thresholds_verdict: thresholdsVerdict.optional(),
  gate: gateRecord,
  not_run: notRun.default([]),
  warnings: z.array(z.string()).default([]),
  budget: z.string(),
  target: z.string(),
  scenarios: z.array(scenarioReport),
  definitions: z.record(z.string(), z.string()).optional(),
});

/** A parsed report: the schema's output, with the thresholds verdict filled in for old files. */
export type ParsedReport = z.output<typeof reportSchema>;
