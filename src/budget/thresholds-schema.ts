/**
 * The `thresholds:` map of a scenario: one optional key per metric of the catalogue, so an unknown
 * metric is an unknown key (with "did you mean") and editors complete metric names from the
 * JSON Schema. Keys contain dots (`latency.p95`) and are flat keys of the map, not nesting.
 */
import * as z from "zod";
import { isAbortable } from "../metrics/abortable.js";
import { LATENCY_STATS, METRIC_CATALOGUE, type MetricDef } from "../metrics/catalogue.js";
import { listMetricNames } from "./metric-names.js";
import type { ThresholdOp } from "./types.js";
import {
  DURATION_LIMIT_RE,
  FINITE_ERROR,
  NUMBER_LIMIT_RE,
  OPERATOR_LIMIT_RE,
  OPERATOR_PERCENT_LIMIT_RE,
  PERCENT_LIMIT_RE,
  splitLimit,
  toMetricUnit,
} from "./units.js";

/**
 * Metric names inside a scenario (`steps.<step>.<metric>`, `iteration.<stat>`,
 * `checks.<check>.pass_rate`), for editors: which exist depends on the scenario, so perf-gate
 * checks them itself (scoped-metrics.ts) and the JSON Schema only admits their shape.
 */
export const SCOPED_METRIC_KEYS = {
  "^(steps\\.[^.]+\\.|stages\\.[^.]+\\.|iteration\\.|checks\\.).+$": {
    type: ["string", "number"],
    description:
      "A metric of one step (steps.upload.latency.p95), of the iterations (iteration.p95) or a check's pass rate (checks.status.pass_rate).",
  },
};

/** A threshold as validated, before its line in the file is attached. */
export interface ParsedLimit {
  readonly op: ThresholdOp;
  /** In the metric's report unit: ms, fraction, per second or count. */
  readonly limit: number;
  readonly source: string;
}

/** One line naming every metric a threshold may use, for "unknown metric" messages. */
export const METRIC_NAMES_HINT = `metrics are ${listMetricNames(METRIC_CATALOGUE, LATENCY_STATS)}`;

/** What a limit of this metric looks like, for messages: `a duration like "250ms"`. */
function expectedLimit(def: MetricDef): string {
  if (def.better === "higher") return `expected a limit with an operator like ${example(def)}`;
  if (def.unit === "duration") return `expected a duration like "250ms"`;
  if (def.unit === "fraction") return `expected a percentage like "1%"`;
  return `expected a number like 10 or "<= 10"`;
}

/** The message for a limit that did not match: bare numbers on higher-is-better metrics get a hint. */
function limitError(def: MetricDef): (issue: { input?: unknown }) => string {
  return (issue) => {
    const parts = typeof issue.input === "string" ? splitLimit(issue.input) : undefined;
    const bare = typeof issue.input === "number" || (parts !== undefined && parts.op === undefined);
    if (def.better === "higher" && bare) {
      return `${def.name} is higher-is-better: write the operator, e.g. ${example(def)}`;
    }
    return expectedLimit(def);
  };
}

/** A higher-is-better limit as users write it: `">= 40"`, for a share `">= 99%"`. */
function example(def: MetricDef): string {
  return def.unit === "fraction" ? '">= 99%"' : '">= 40"';
}

function limitPattern(def: MetricDef): RegExp {
  if (def.better === "higher") return def.unit === "fraction" ? OPERATOR_PERCENT_LIMIT_RE : OPERATOR_LIMIT_RE;
  if (def.unit === "duration") return DURATION_LIMIT_RE;
  if (def.unit === "fraction") return PERCENT_LIMIT_RE;
  return NUMBER_LIMIT_RE;
}

/** Turns a limit that matched its pattern into operator and value; percentages over 100% fail here. */
function toLimit(written: string | number, ctx: z.RefinementCtx): ParsedLimit {
  const source = String(written);
  const parts =
    typeof written === "number" ? { op: undefined, value: written, unit: "" } : splitLimit(written);
  if (!parts) return { op: "<=", limit: Number.NaN, source }; // unreachable: the pattern matched
  if (parts.unit === "%" && parts.value > 100) {
    ctx.addIssue({ code: "custom", input: written, message: "expected a percentage from 0% to 100%" });
  }
  const limit = toMetricUnit(parts.value, parts.unit);
  if (!Number.isFinite(limit)) ctx.addIssue({ code: "custom", input: written, message: FINITE_ERROR });
  // A bare limit means "at most": only lower-is-better metrics accept one (the pattern enforces it).
  return { op: parts.op ?? "<=", limit, source };
}

/** The limit of one metric: written form checked, parsed to operator and value in its unit. */
export function limitSchema(def: MetricDef): z.ZodType<ParsedLimit> {
  const error = limitError(def);
  const text = z
    .string({ error })
    .regex(limitPattern(def), { error })
    .meta({ description: `${def.description} (${def.better} is better)` });
  // Plain numbers are accepted unquoted only where no unit and no operator is needed.
  const written =
    (def.unit === "count" || def.unit === "per_sec") && def.better === "lower"
      ? z.union([z.number({ error }).nonnegative({ error }), text], { error })
      : text;
  return written.transform((value, ctx) => toLimit(value, ctx));
}

const abortError = "expected abort: true or false";

/**
 * A threshold's value: a limit (`500ms`), or `{ limit: 500ms, abort: true }` — stop the run as
 * soon as the limit is breached beyond doubt.
 */
export function thresholdValueSchema(def: MetricDef): z.ZodType<ParsedLimit & { readonly abort?: boolean }> {
  const limit = limitSchema(def);
  const withAbort = z
    .strictObject(
      {
        limit,
        abort: z
          .boolean({ error: abortError })
          .meta({
            description:
              "Stop the run at once when this limit is breached beyond doubt (the verdict is fail).",
          })
          .optional(),
      },
      {
        error: `expected a limit, or a map with limit and abort, like { limit: ${def.unit === "fraction" ? "1%" : "500ms"}, abort: true }`,
      },
    )
    .superRefine((value, ctx) => {
      if (value.abort === true && !isAbortable(def.name)) {
        ctx.addIssue({
          code: "custom",
          path: ["abort"],
          input: value.abort,
          message: `expected abort only on error_rate or a latency, ttfb, ttft, itl or tpot p50…p999 or max: ${def.name} cannot be judged before the run ends`,
        });
      }
    })
    .transform(({ limit: parsed, abort }) => (abort === true ? { ...parsed, abort: true } : parsed));
  return z.union([limit, withAbort], { error: limitError(def) });
}

/** The `thresholds:` map: metric name → limit, every key optional, unknown keys rejected. */
export const thresholdsSchema = z
  .strictObject(
    Object.fromEntries(METRIC_CATALOGUE.map((def) => [def.name, thresholdValueSchema(def).optional()])),
    {
      error: "expected a map of metric to limit, like latency.p95: 500ms",
    },
  )
  .meta({
    title: "Thresholds",
    patternProperties: SCOPED_METRIC_KEYS,
    description:
      'Absolute limits, metric → limit. Latency and error limits are "at most" by default; ' +
      'higher-is-better metrics (rps, output_tps, goodput, requests.ok) need an explicit operator such as ">= 40". ' +
      "Stream metrics (ttft, ttfat, itl, tpot) need request.stream; token metrics (output_tokens, output_tps, …) " +
      "need request.stream or a non-streamed body read for its usage (request.usage); goodput needs slo. " +
      "Phase timings (connect, tls, ttfb, body) exist for every scenario.",
  });
