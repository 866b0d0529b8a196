/**
 * The metrics a budget can name, with their unit and which direction is better. One list serves
 * the budget validator (unknown metric, "did you mean", unit of the limit), the JSON Schema, and
 * the gate (where to read the value in a scenario report). Names are the user's words.
 */

import { CHECK_PREFIX, type MetricScope, PASS_RATE, parseMetricScope } from "./metric-scope.js";

/** How a limit is written and in which unit the report holds the value. */
export type MetricUnit =
  /** Written `250ms`, `1.5s`; held in milliseconds. */
  | "duration"
  /** Written `0.5%`; held as a fraction 0..1. */
  | "fraction"
  /** Written as a plain number; held per second. */
  | "per_sec"
  /** Written as a plain number; held as a count. */
  | "count";

export interface MetricDef {
  readonly name: string;
  readonly unit: MetricUnit;
  /** "lower": a limit is "at most" by default. "higher": the budget must write `>=` / `>`. */
  readonly better: "lower" | "higher";
  readonly description: string;
  /**
   * What a scenario must have for the metric to exist: `stream` (a streamed response,
   * `request.stream`), `slo` (per-request objectives, for goodput) or `capacity` (a capacity
   * search, `load.capacity`). Absent: every scenario. `tokens`: token counts, which a streamed
   * response has and so does a non-streamed one read for its usage (`request.usage`, see
   * budget/usage-read.ts).
   */
  readonly requires?: "stream" | "slo" | "capacity" | "tokens";
}

/** Histogram-backed families in every scenario report, each with the same statistics. */
export const LATENCY_FAMILIES = ["latency", "latency_uncorrected", "queue_time", "latency_failed"] as const;
/**
 * Timing families of a streamed response (ms), in a scenario report only when it streams
 * (`request.stream`): same statistics and block shape as `latency`.
 */
export const STREAM_TIME_FAMILIES = ["ttfb", "ttft", "itl", "tpot"] as const;
/**
 * Per-request token families of a streamed response, same block shape as `latency` but in tokens
 * (`output_tokens`, `prompt_tokens`) or tokens per second (`request_output_tps`).
 * `prompt_tokens` is present only when the server reported usage.
 */
export const TOKEN_FAMILIES = ["output_tokens", "prompt_tokens", "request_output_tps"] as const;
/**
 * Families of a reasoning model's responses, in a scenario report only when some ok response had
 * reasoning: `ttfat` (ms, streamed only) and the per-request `reasoning_tokens` / `answer_tokens`.
 */
export const REASONING_FAMILIES = ["ttfat", "reasoning_tokens", "answer_tokens"] as const;
/**
 * Phase timings of every scenario (ms), as k6's http_req_connecting, http_req_tls_handshaking and
 * http_req_receiving; `ttfb` (listed with the stream families, measured for every scenario) is
 * the fourth. `connect` and `tls` have one sample per connection the run opened, `body` one per
 * ok request; `tls` only when some connection was TLS.
 */
export const PHASE_FAMILIES = ["connect", "tls", "body"] as const;
/** Every histogram-backed family a scenario report may hold, each a `LatencySummary`-shaped block. */
export const DISTRIBUTION_FAMILIES = [
  ...LATENCY_FAMILIES,
  ...STREAM_TIME_FAMILIES,
  ...TOKEN_FAMILIES,
  ...REASONING_FAMILIES,
  ...PHASE_FAMILIES,
] as const;
export type DistributionFamily = (typeof DISTRIBUTION_FAMILIES)[number];
/** Statistics of every latency family, as named in the report and the budget. */
export const LATENCY_STATS = ["min", "mean", "stdev", "p50", "p90", "p95", "p99", "p999", "max"] as const;

const FAMILY_TEXT: Record<(typeof LATENCY_FAMILIES)[number], string> = {
  latency: "latency of ok requests (open model: from the due time)",
  latency_uncorrected: "latency of ok requests from the moment they were sent",
  queue_time: "time ok requests waited in the client before being sent",
  latency_failed: "latency of failed requests",
};

const STREAM_FAMILY_TEXT: Record<(typeof STREAM_TIME_FAMILIES)[number], string> = {
  ttfb: "time to first byte: due time to response headers",
  ttft: "time to first token: due time to the first chunk with generated content",
  itl: "inter-token latency: gaps between consecutive content chunks, pooled over requests",
  tpot: "time per output token: (latency - ttft) / (output_tokens - 1), per request",
};

const PHASE_FAMILY_TEXT: Record<(typeof PHASE_FAMILIES)[number], string> = {
  connect: "TCP connect time of each connection the run opened (warm-up included)",
  tls: "TLS handshake time of each TLS connection the run opened (warm-up included; https only)",
  body: "response body time of ok requests: response headers to the end of the body",
};

/** True for the families measured per connection (`connect`, `tls`): a scenario's, never a step's or stage's. */
export function isConnectionMetric(metric: string): boolean {
  const family = metric.split(".")[0];
  return family === "connect" || family === "tls";
}

interface TokenFamilyDef {
  readonly unit: MetricUnit;
  readonly better: "lower" | "higher";
  readonly text: string;
}

const TOKEN_FAMILY_DEFS: Record<(typeof TOKEN_FAMILIES)[number], TokenFamilyDef> = {
  output_tokens: { unit: "count", better: "higher", text: "output tokens per ok request" },
  prompt_tokens: { unit: "count", better: "lower", text: "prompt tokens per ok request (from usage)" },
  request_output_tps: {
    unit: "per_sec",
    better: "higher",
    text: "output tokens per second of each ok request (output_tokens / latency)",
  },
};

function familyMetrics(
  families: readonly string[],
  def: (family: string) => Omit<MetricDef, "name" | "description"> & { readonly text: string },
): MetricDef[] {
  return families.flatMap((family) => {
    const { text, ...rest } = def(family);
    return LATENCY_STATS.map((stat) => ({
      name: `${family}.${stat}`,
      ...rest,
      description: `${stat} of the ${text}`,
    }));
  });
}

function latencyMetrics(): MetricDef[] {
  return [
    ...familyMetrics(LATENCY_FAMILIES, (f) => ({
      unit: "duration",
      better: "lower",
      text: FAMILY_TEXT[f as (typeof LATENCY_FAMILIES)[number]],
    })),
    ...familyMetrics(STREAM_TIME_FAMILIES, (f) => ({
      unit: "duration",
      better: "lower",
      // ttfb is measured on every response, streamed or not.
      ...(f === "ttfb" ? {} : { requires: "stream" as const }),
      text: STREAM_FAMILY_TEXT[f as (typeof STREAM_TIME_FAMILIES)[number]],
    })),
    ...familyMetrics(TOKEN_FAMILIES, (f) => {
      const { unit, better, text } = TOKEN_FAMILY_DEFS[f as (typeof TOKEN_FAMILIES)[number]];
      return { unit, better, requires: "tokens", text };
    }),
    ...familyMetrics(["ttfat"], () => ({
      unit: "duration",
      better: "lower",
      requires: "stream",
      text: "time to first answer token: due time to the first chunk with answer content (not reasoning or thinking)",
    })),
    ...familyMetrics(["reasoning_tokens"], () => ({
      unit: "count",
      better: "lower",
      requires: "tokens",
      text: "reasoning (thinking) tokens per ok request that reasoned",
    })),
    ...familyMetrics(["answer_tokens"], () => ({
      unit: "count",
      better: "higher",
      requires: "tokens",
      text: "answer tokens (output_tokens - reasoning_tokens) per ok request that reasoned",
    })),
    ...familyMetrics(PHASE_FAMILIES, (f) => ({
      unit: "duration",
      better: "lower",
      text: PHASE_FAMILY_TEXT[f as (typeof PHASE_FAMILIES)[number]],
    })),
  ];
}

/** Every metric a threshold may name. */
export const METRIC_CATALOGUE: readonly MetricDef[] = [
  ...latencyMetrics(),
  { name: "error_rate", unit: "fraction", better: "lower", description: "failed / completed requests" },
  {
    name: "rps",
    unit: "per_sec",
    better: "higher",
    description: "responses (any status) completed inside the measured window, per second",
  },
  {
    name: "ok_rps",
    unit: "per_sec",
    better: "higher",
    description: "ok responses completed inside the measured window, per second",
  },
  { name: "requests.total", unit: "count", better: "higher", description: "requests started" },
  { name: "requests.ok", unit: "count", better: "higher", description: "requests that succeeded" },
  { name: "requests.failed", unit: "count", better: "lower", description: "requests that failed" },
  {
    name: "requests.dropped",
    unit: "count",
    better: "lower",
    description: "arrivals the client could not queue",
  },
  {
    name: "output_tps",
    unit: "per_sec",
    better: "higher",
    requires: "tokens",
    description: "output tokens of ok requests per second of measured time",
  },
  {
    name: "prompt_cache_hit_rate",
    unit: "fraction",
    better: "higher",
    requires: "tokens",
    description:
      "cached prompt tokens / prompt tokens over the ok requests whose server reported a cached count",
  },
  {
    name: "goodput",
    unit: "per_sec",
    better: "higher",
    requires: "slo",
    description: "ok requests per second of measured time that met every objective in slo",
  },
  {
    name: "capacity",
    unit: "per_sec",
    better: "higher",
    requires: "capacity",
    description: "highest rate (requests per second) whose capacity-search step met every objective",
  },
];

const TOKEN_FAMILY_NAMES: ReadonlySet<string> = new Set([
  ...TOKEN_FAMILIES,
  "reasoning_tokens",
  "answer_tokens",
]);

/**
 * True for metrics counted in tokens (`output_tokens.p50`, `request_output_tps.p50`,
 * `output_tps`): their `count` / `per_sec` unit alone does not say whether they count requests
 * or tokens, and every place that names a unit (`tok/s` vs `req/s`) must agree.
 */
export function isTokenMetric(metric: string): boolean {
  const scope = parseMetricScope(metric);
  // A step's metric is counted like the metric it names (`steps.chat.output_tps`).
  const plain = scope.kind === "step" ? scope.metric : metric;
  return plain === "output_tps" || TOKEN_FAMILY_NAMES.has(plain.split(".")[0] ?? "");
}

const BY_NAME = new Map(METRIC_CATALOGUE.map((m) => [m.name, m]));

/** `checks.<check>.pass_rate`: a fraction, higher is better, like every "share that passed". */
export function passRateDef(check: string): MetricDef {
  return {
    name: `${CHECK_PREFIX}${check}.${PASS_RATE}`,
    unit: "fraction",
    better: "higher",
    description: `evaluated responses that passed check ${check} / evaluated responses`,
  };
}

/**
 * The definition of a metric named in a budget, or undefined when no such metric exists.
 * Plain catalogue names (`latency.p95`) and the scoped ones (`steps.read.latency.p95`,
 * `iteration.p95`, `checks.status.pass_rate`, see metric-scope.ts) both resolve, the scoped ones
 * to a definition carrying the full name with the unit and direction of the metric they point
 * at, and without `requires` (a step's stream is the step's, not the scenario's). This knows no
 * scenario: whether the step or check exists is `findScenarioMetric`'s question.
 */
export function findMetric(name: string): MetricDef | undefined {
  return BY_NAME.get(name) ?? scopedMetricDef(parseMetricScope(name), name);
}

/**
 * The definition of a scoped name already split (`parseMetricScope`), carrying `name` in full;
 * undefined when the metric it points at is not in the catalogue. See `findMetric`.
 */
export function scopedMetricDef(scope: MetricScope, name: string): MetricDef | undefined {
  if (scope.kind === "check") return scope.field === PASS_RATE ? passRateDef(scope.check) : undefined;
  if (scope.kind === "scenario") return BY_NAME.get(name);
  const def = BY_NAME.get(scope.metric);
  if (def === undefined) return undefined;
  const { requires: _requires, ...rest } = def;
  const where =
    scope.kind === "step"
      ? `, step ${scope.step}`
      : scope.kind === "stage"
        ? `, stage ${scope.stage}`
        : ", whole iterations";
  return { ...rest, name, description: `${def.description}${where}` };
}
