/**
 * How values with units are written in a budget: durations (`250ms`, `1.5s`), percentages
 * (`0.5%`) and threshold limits (`"<= 500ms"`, `">= 40"`). Each pattern is exported as a RegExp
 * so the zod schema validates with it and the JSON Schema carries the very same pattern.
 */
import type { ThresholdOp } from "./types.js";

const NUMBER = String.raw`(?:\d+(?:\.\d+)?|\.\d+)`;
const DURATION_UNIT = "(?:us|µs|ms|s|m|h)";
const OPERATOR = "(?:<=|<|>=|>)";

/** Milliseconds per unit a duration may be written in. */
const MS_PER_UNIT: Readonly<Record<string, number>> = {
  us: 0.001,
  µs: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** A duration: a non-negative number and a unit (us, µs, ms, s, m, h), e.g. `250ms`, `1.5s`. */
export const DURATION_RE = new RegExp(`^\\s*${NUMBER}\\s*${DURATION_UNIT}\\s*$`);
/** A percentage such as `0.5%`. The 0–100 range is checked after matching. */
export const PERCENT_RE = new RegExp(`^\\s*${NUMBER}\\s*%\\s*$`);
/** Limit of a duration metric: optional operator, then a duration (`500ms`, `"< 1s"`). */
export const DURATION_LIMIT_RE = new RegExp(`^\\s*${OPERATOR}?\\s*${NUMBER}\\s*${DURATION_UNIT}\\s*$`);
/** Limit of a fraction metric: optional operator, then a percentage (`1%`, `"< 0.5%"`). */
export const PERCENT_LIMIT_RE = new RegExp(`^\\s*${OPERATOR}?\\s*${NUMBER}\\s*%\\s*$`);
/** Limit of a plain-number metric, as a string: optional operator, then a number (`"<= 5"`). */
export const NUMBER_LIMIT_RE = new RegExp(`^\\s*${OPERATOR}?\\s*${NUMBER}\\s*$`);
/** Limit that must name its operator (higher-is-better metrics): `">= 40"`. */
export const OPERATOR_LIMIT_RE = new RegExp(`^\\s*${OPERATOR}\\s*${NUMBER}\\s*$`);
/** A higher-is-better share (`checks.<check>.pass_rate`): operator and percentage, `">= 99%"`. */
export const OPERATOR_PERCENT_LIMIT_RE = new RegExp(`^\\s*${OPERATOR}\\s*${NUMBER}\\s*%\\s*$`);

/** A regression tolerance for a lower-is-better duration metric: a rise, relative or absolute (`+10%`, `+20ms`). */
export const RISE_DURATION_RE = new RegExp(`^\\s*\\+\\s*${NUMBER}\\s*(?:%|${DURATION_UNIT})\\s*$`);
/** A regression tolerance for a rate: a rise, relative or in percentage points (`+10%`, `+0.5pp`). */
export const RISE_RATE_RE = new RegExp(`^\\s*\\+\\s*${NUMBER}\\s*(?:%|pp)\\s*$`);
/** A regression tolerance for a higher-is-better metric: a drop, relative or absolute (`-10%`, `"-5"`). */
export const DROP_RE = new RegExp(`^\\s*-\\s*${NUMBER}\\s*%?\\s*$`);
/** An amount in percentage points (`0.1pp`), for a rate's regression floor. */
export const POINTS_RE = new RegExp(`^\\s*${NUMBER}\\s*pp\\s*$`);

const CHANGE_SPLIT_RE = new RegExp(`^\\s*([+-])?\\s*(${NUMBER})\\s*(${DURATION_UNIT}|%|pp)?\\s*$`);

/** A change split into its sign (absent when not written), magnitude and unit (`ms`, `%`, `pp` or ""). */
export interface ChangeParts {
  readonly sign: "+" | "-" | undefined;
  readonly value: number;
  readonly unit: string;
}

/** Splits a written change (`"+10%"`, `"-5"`, `"+0.5pp"`, `"20ms"`) into sign, magnitude and unit. */
export function splitChange(text: string): ChangeParts | undefined {
  const parts = CHANGE_SPLIT_RE.exec(text);
  if (!parts || parts[2] === undefined) return undefined;
  return { sign: parts[1] as "+" | "-" | undefined, value: Number(parts[2]), unit: parts[3] ?? "" };
}

const SPLIT_RE = new RegExp(`^\\s*(${OPERATOR})?\\s*(${NUMBER})\\s*(${DURATION_UNIT}|%)?\\s*$`);

/** Parses a duration matching `DURATION_RE` into milliseconds (may be fractional); else undefined. */
export function parseDurationMs(text: string): number | undefined {
  const parts = SPLIT_RE.exec(text);
  if (!parts || parts[1] || !parts[3] || parts[3] === "%") return undefined;
  const perUnit = MS_PER_UNIT[parts[3]];
  return perUnit === undefined ? undefined : Number(parts[2]) * perUnit;
}

/** A limit split into its operator (absent when not written), number and unit (`ms`, `%`, or ""). */
export interface LimitParts {
  readonly op: ThresholdOp | undefined;
  readonly value: number;
  readonly unit: string;
}

/** Splits a limit string (`">= 40"`, `"500ms"`, `"1%"`) into operator, number and unit. */
export function splitLimit(text: string): LimitParts | undefined {
  const parts = SPLIT_RE.exec(text);
  if (!parts || parts[2] === undefined) return undefined;
  return { op: parts[1] as ThresholdOp | undefined, value: Number(parts[2]), unit: parts[3] ?? "" };
}

/**
 * A number written with 400 digits is `Infinity` to JavaScript: as a limit it would always hold
 * (and report.json would write it as null). Said where such a number is refused.
 */
export const FINITE_ERROR = "expected a number with fewer digits (this one is too large to be finite)";

/** Converts a number written with a unit (`ms`, `s`, `%`, `pp`, or "" for plain) to the metric's unit. */
export function toMetricUnit(value: number, unit: string): number {
  if (unit === "%" || unit === "pp") return value / 100;
  if (unit === "") return value;
  return value * (MS_PER_UNIT[unit] ?? Number.NaN);
}
