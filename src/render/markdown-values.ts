/**
 * Cell texts of the markdown summary: values with units, signed changes, confidence intervals,
 * limits and status markers. Pure string functions shared by the summary, the PR comment and the
 * terminal's regression section.
 */
import type { ThresholdOp } from "../budget/types.js";
import { parseDurationMs } from "../budget/units.js";
import type { RegressionCheck, RegressionStatus } from "../gate/types.js";
import { findMetric, isTokenMetric, type MetricUnit } from "../metrics/catalogue.js";
import type { Check } from "../report/types.js";
import { formatLimit, formatMetric, formatMs, formatTokenRate, formatTokens, NO_DATA } from "./format.js";

/** Marker and word of each row status, the same in the summary, the comment and its legend. */
export const STATUS_TEXT = {
  pass: "✅ pass",
  fail: "❌ fail",
  regression: "🔺 regression",
  within_noise: "〰️ within noise",
  inconclusive: "❔ inconclusive",
  not_compared: "➖ not compared",
} as const satisfies Record<RegressionStatus | "fail", string>;

const OP_SYMBOL: Record<ThresholdOp, string> = { "<=": "≤", "<": "<", ">=": "≥", ">": ">" };

function unitOf(metric: string): MetricUnit | undefined {
  return findMetric(metric)?.unit;
}

function signed(text: string, value: number): string {
  return value > 0 ? `+${text}` : text;
}

/** A token delta with its sign: `+12 tok`, `-100.0 tok/s`. */
function tokenDelta(unit: MetricUnit | undefined, delta: number): string {
  return signed(unit === "per_sec" ? formatTokenRate(delta) : formatTokens(delta), delta);
}

/**
 * A difference in the metric's unit with its sign: `+52.0 ms`, `-3.1 req/s`, `+0.50 pp`
 * (percentage points: a change of a rate is not a percentage of it), `+12`, `-100.0 tok/s`.
 */
export function formatDelta(metric: string, delta: number): string {
  const unit = unitOf(metric);
  if (isTokenMetric(metric) && unit !== undefined) return tokenDelta(unit, delta);
  switch (unit) {
    case "duration":
      return `${signed(formatMs(delta), delta)} ms`;
    case "fraction":
      return `${signed((delta * 100).toFixed(2), delta)} pp`;
    case "per_sec":
      return `${signed(delta.toFixed(1), delta)} req/s`;
    case "count":
      return signed(String(Math.round(delta)), delta);
    default:
      return signed(String(delta), delta);
  }
}

/**
 * A metric value with its unit (`950.0 ms`, `1.96%`, `25.5 req/s`, `102`, `160 tok`,
 * `1,600.0 tok/s`); `n/a` for no data.
 */
export function formatValue(metric: string, value: number | null): string {
  return value === null ? NO_DATA : formatMetric(metric, value);
}

/** A relative change as a signed percentage with one decimal: `+5.8 %`, `-12.0 %`. */
export function formatRelative(fraction: number): string {
  return `${signed((fraction * 100).toFixed(1), fraction)} %`;
}

/** `95 % CI +40.1 … +63.9 ms` for an interval of the change, in the metric's unit. */
export function formatInterval(metric: string, interval: NonNullable<RegressionCheck["interval"]>): string {
  const confidence = `${Math.round(interval.confidence * 100)} %`;
  const low = formatDelta(metric, interval.low);
  const high = formatDelta(metric, interval.high);
  // The unit is written once, after the upper bound (counts have none to drop).
  return `${confidence} CI ${low.replace(/\s\S+$/, "")} … ${high}`;
}

/** Change cell: `+52.0 ms (+5.8 %)`, then the interval when there is one; `—` when not computable. */
export function formatChange(
  metric: string,
  change: number | null,
  changeRelative: number | null,
  interval: RegressionCheck["interval"] = null,
): string {
  if (change === null) return "—";
  const relative = changeRelative === null ? "" : ` (${formatRelative(changeRelative)})`;
  const ci = interval === null ? "" : `<br>${formatInterval(metric, interval)}`;
  return `${formatDelta(metric, change)}${relative}${ci}`;
}

/**
 * A threshold's limit in the metric's unit, from the parsed number (not the text as written, so
 * `2s` and `2000ms` read alike): `≤ 500 ms`, `≥ 20 req/s`, `≤ 1 %`; `ascii` writes `<=` / `>=`
 * for a terminal.
 */
export function formatCheckLimit(check: Pick<Check, "metric" | "op" | "limit">, ascii = false): string {
  return `${ascii ? check.op : OP_SYMBOL[check.op]} ${formatLimit(check.metric, check.limit)}`;
}

/** A number and its unit as a budget writes them (`+15%`, `20ms`, `1.5s`, `+0.5pp`). */
const WRITTEN_AMOUNT = /([+-]?\d+(?:\.\d+)?)\s*(ms|us|µs|s|m|h|%|pp)(?![a-z])/g;

/**
 * A regression rule as written, in the one unit style: `+10%` → `+10 %`, `+0.5pp` → `+0.5 pp`,
 * `{ max: +15%, floor: 20ms }` → `+15 %, floor 20 ms`, `floor: 1s` → `floor 1000 ms`.
 */
export function formatRuleSource(source: string): string {
  const spaced = source.replace(WRITTEN_AMOUNT, (whole, number: string, unit: string) => {
    if (unit === "%" || unit === "pp") return `${number} ${unit}`;
    const sign = number.startsWith("+") ? "+" : number.startsWith("-") ? "-" : "";
    const ms = parseDurationMs(`${number.replace(/^[+-]/, "")}${unit}`);
    return ms === undefined ? whole : `${sign}${Number(ms.toFixed(3))} ms`;
  });
  return spaced
    .replace(/^\s*\{\s*/, "")
    .replace(/\s*\}\s*$/, "")
    .replace(/\bmax:\s*/, "")
    .replace(/\b(floor|min|max):\s*/g, "$1 ");
}

/**
 * Why a rule has the status it has, when the row does not already say it: a pass beyond the
 * tolerance because of the floor (`+0.4 ms is under the 1 ms floor`), or why it was not
 * compared. A regression's or a noise verdict's note is its interval, shown in the change column.
 */
export function ruleNote(check: RegressionCheck): string | null {
  if (check.note === undefined || check.note === "") return null;
  if (check.status === "regression" || check.status === "within_noise") return null;
  return check.note.replace(/\r?\n/g, " ");
}

/** Text safe inside a markdown table cell: pipes escaped, line breaks flattened. */
export function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A markdown table row of `cells`, each made safe with `escapeCell`. */
export function tableRow(cells: readonly string[]): string {
  return `| ${cells.map(escapeCell).join(" | ")} |`;
}

/** Inline code that survives any backticks inside the text (CommonMark: a longer fence). */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}
