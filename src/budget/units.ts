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

/** Converts a number written with a unit (`ms`, `s`, `%`, or "" for plain) to the metric's unit. */
export function toMetricUnit(value: number, unit: string): number {
  if (unit === "%") return value / 100;
  if (unit === "") return value;
  return value * (MS_PER_UNIT[unit] ?? Number.NaN);
}
