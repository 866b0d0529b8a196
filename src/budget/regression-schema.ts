/**
 * The `regression:` map of a scenario: how much worse than the baseline each metric may get.
 * One optional key per metric the gate can test for significance (percentiles and means of the
 * latency, stream timing and per-request token rate distributions, `error_rate`, `rps`,
 * `output_tps`, `goodput`), so an unknown or untestable metric is an unknown key.
 *
 * A tolerance carries its direction: `+` for lower-is-better metrics (a regression is a rise),
 * `-` for higher-is-better ones (a drop). `%` is relative to the baseline; an absolute tolerance
 * is in the metric's unit (`+20ms`, `+0.5pp` percentage points for rates, `-5` per second).
 */
import * as z from "zod";
import {
  LATENCY_FAMILIES,
  METRIC_CATALOGUE,
  type MetricDef,
  PHASE_FAMILIES,
  STREAM_TIME_FAMILIES,
} from "../metrics/catalogue.js";
import { listMetricNames } from "./metric-names.js";
import { SCOPED_METRIC_KEYS } from "./thresholds-schema.js";
import {
  DROP_RE,
  DURATION_RE,
  FINITE_ERROR,
  POINTS_RE,
  parseDurationMs,
  RISE_DURATION_RE,
  RISE_RATE_RE,
  splitChange,
  toMetricUnit,
} from "./units.js";

/** Statistics of a distribution a regression rule may name: those the gate can bootstrap. */
export const REGRESSION_STATS = ["mean", "p50", "p90", "p95", "p99", "p999"] as const;

/**
 * Distributions a regression rule may take a statistic of. Not output_tokens or prompt_tokens:
 * token counts describe the workload sent, not how well the server performed.
 */
const REGRESSION_FAMILIES: readonly string[] = [
  ...LATENCY_FAMILIES,
  ...STREAM_TIME_FAMILIES,
  "request_output_tps",
  "ttfat",
  ...PHASE_FAMILIES,
];
/** Single metrics a regression rule may take. */
const REGRESSION_SINGLES: readonly string[] = ["error_rate", "rps", "output_tps", "goodput", "capacity"];

/** Metrics a regression rule may name, in catalogue order. */
export const REGRESSION_METRICS: readonly MetricDef[] = METRIC_CATALOGUE.filter((def) => {
  const [family, stat] = def.name.split(".");
  if (stat !== undefined && REGRESSION_FAMILIES.includes(family ?? "")) {
    return (REGRESSION_STATS as readonly string[]).includes(stat);
  }
  return REGRESSION_SINGLES.includes(def.name);
});

/** One line naming what a regression rule may use, for "unknown metric" messages. */
export const REGRESSION_NAMES_HINT = `regression rules take ${listMetricNames(REGRESSION_METRICS, REGRESSION_STATS)}`;

/** A regression rule as validated, before its line in the file is attached. */
export interface ParsedRegression {
  readonly maxRelative?: number;
  readonly maxAbsolute?: number;
  readonly floor?: number;
  readonly source: string;
}

function examples(def: MetricDef): string {
  if (def.better === "higher") return '"-10%" or -5';
  return def.unit === "fraction" ? '"+10%" or "+0.5pp"' : '"+10%" or "+20ms"';
}

/** What a plain number of a per-second metric counts, for messages. */
function perSecond(def: MetricDef): string {
  return /(^|_)output_tps\b/.test(def.name) ? "tokens per second" : "requests per second";
}

function floorExample(def: MetricDef): string {
  if (def.unit === "fraction") return "0.1pp";
  return def.unit === "duration" ? "20ms" : "5";
}

/** The most specific "expected …" for a tolerance that did not match: shape, direction, then unit. */
function changeMessage(def: MetricDef, input: unknown): string {
  if (input !== null && typeof input === "object" && !Array.isArray(input)) {
    return `expected max: a change like ${examples(def)}, and optionally floor: ${floorExample(def)}`;
  }
  const parts =
    typeof input === "number"
      ? { sign: input < 0 ? "-" : undefined, value: Math.abs(input), unit: "" }
      : typeof input === "string"
        ? splitChange(input)
        : undefined;
  if (!parts) return `expected a change like ${examples(def)}`;
  if (def.better === "higher" && parts.sign !== "-") {
    return `expected a drop like ${examples(def)} (${def.name} is higher-is-better: a regression is a decrease)`;
  }
  if (def.better === "lower" && parts.sign !== "+") {
    return `expected a rise like ${examples(def)} (${def.name} is lower-is-better: a regression is an increase)`;
  }
  if (def.unit === "fraction")
    return `expected "%" (relative) or "pp" (percentage points), like ${examples(def)}`;
  if (def.unit === "duration")
    return `expected "%" (relative) or a duration unit (absolute), like ${examples(def)}`;
  return `expected "%" (relative) or a plain number of ${perSecond(def)}, like ${examples(def)}`;
}

function tolerancePattern(def: MetricDef): RegExp {
  if (def.better === "higher") return DROP_RE;
  return def.unit === "fraction" ? RISE_RATE_RE : RISE_DURATION_RE;
}

/** A tolerance that matched its pattern, as relative or absolute; out-of-range values fail here. */
function toTolerance(written: string | number, def: MetricDef, ctx: z.RefinementCtx): ParsedRegression {
  const source = typeof written === "number" ? String(written) : written.trim();
  const parts = typeof written === "number" ? { value: Math.abs(written), unit: "" } : splitChange(written);
  if (!parts) return { source }; // unreachable: the pattern matched
  const amount = toMetricUnit(parts.value, parts.unit);
  const addIssue = (message: string) => ctx.addIssue({ code: "custom", input: written, message });
  if (!Number.isFinite(amount)) addIssue(FINITE_ERROR);
  else if (parts.unit === "pp" && parts.value > 100) addIssue("expected at most +100pp");
  if (parts.unit === "%" && def.better === "higher" && parts.value >= 100)
    addIssue("expected a drop under 100%");
  return parts.unit === "%" ? { maxRelative: amount, source } : { maxAbsolute: amount, source };
}

function toleranceSchema(def: MetricDef): z.ZodType<ParsedRegression> {
  const error = (issue: { input?: unknown }) => changeMessage(def, issue.input);
  const text = z.string({ error }).regex(tolerancePattern(def), { error });
  // YAML reads an unquoted -5 as a number; only per-second metrics take a plain (negative) number.
  const written =
    def.better === "higher" ? z.union([z.number({ error }).nonpositive({ error }), text], { error }) : text;
  return written.transform((value, ctx) => toTolerance(value, def, ctx));
}

/** `floor:` in the metric's unit (a duration, percentage points, or req/s), with its text. */
function floorSchema(def: MetricDef): z.ZodType<{ amount: number; source: string }> {
  const kind = { fraction: "percentage points", duration: "a duration" }[def.unit as string];
  const expected = `expected ${kind ?? `a number of ${perSecond(def)}`} like ${floorExample(def)}`;
  if (def.unit === "per_sec") {
    return z
      .number({ error: expected })
      .nonnegative({ error: expected })
      .transform((amount) => ({ amount, source: String(amount) }));
  }
  const toAmount = (text: string): number =>
    def.unit === "fraction"
      ? toMetricUnit(splitChange(text)?.value ?? Number.NaN, "pp")
      : (parseDurationMs(text) ?? Number.NaN);
  return z
    .string({ error: expected })
    .regex(def.unit === "fraction" ? POINTS_RE : DURATION_RE, { error: expected })
    .transform((text, ctx) => {
      const amount = toAmount(text);
      if (!Number.isFinite(amount)) ctx.addIssue({ code: "custom", input: text, message: FINITE_ERROR });
      return { amount, source: text.trim() };
    });
}

/** The tolerance of one metric's regression rule (`+10%`, `{ max: +15%, floor: 20ms }`), parsed. */
export function ruleSchema(def: MetricDef): z.ZodType<ParsedRegression> {
  const tolerance = toleranceSchema(def);
  const error = (issue: { input?: unknown }) => changeMessage(def, issue.input);
  const withFloor = z
    .strictObject({ max: tolerance, floor: floorSchema(def).optional() }, { error })
    .transform(({ max, floor }): ParsedRegression => {
      if (floor === undefined) return { ...max, source: `{ max: ${max.source} }` };
      return { ...max, floor: floor.amount, source: `{ max: ${max.source}, floor: ${floor.source} }` };
    });
  return z.union([tolerance, withFloor], { error }).meta({
    description: `${def.description}: largest ${def.better === "lower" ? "rise" : "drop"} vs the baseline, e.g. ${examples(def)}`,
  });
}

/** The `regression:` map: metric name → tolerance, every key optional, unknown keys rejected. */
export const regressionSchema = z
  .strictObject(Object.fromEntries(REGRESSION_METRICS.map((def) => [def.name, ruleSchema(def).optional()])), {
    error: "expected a map of metric to tolerance, like latency.p95: +10%",
  })
  .meta({
    patternProperties: SCOPED_METRIC_KEYS,
    title: "Regression",
    description:
      "How much worse than the baseline run each metric may get, metric → tolerance. Lower-is-better " +
      'metrics take a rise ("+10%" relative, "+20ms" or "+0.5pp" absolute), higher-is-better ones ' +
      '(rps, output_tps, goodput, request_output_tps) a drop ("-10%", -5). Stream metrics need ' +
      "request.stream, goodput needs slo. " +
      "{ max, floor } adds a floor: smaller changes are never regressions. A change beyond tolerance " +
      "fails only when its 95% confidence interval excludes no change.",
  });

/**
 * The `creep:` map: the same metrics and tolerances as `regression:`, checked against the OLDEST
 * baseline of the history window (several `--baseline` files, the action's `baseline-history`),
 * so a slow drift that no single PR's regression rule catches still shows and fails.
 */
export const creepSchema = regressionSchema.meta({
  title: "Creep",
  description:
    "Slow creep: how much worse than the OLDEST baseline of the history window (several --baseline " +
    "files, or the action's baseline-history) each metric may get, metric → tolerance, in the syntax " +
    "of regression. Checked only when there are at least two baselines.",
});
