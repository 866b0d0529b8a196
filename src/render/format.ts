import { findMetric, isTokenMetric, type MetricUnit } from "../metrics/catalogue.js";

/** Shown where a metric had no data (nothing recorded, nothing completed). */
export const NO_DATA = "n/a";

/**
 * Milliseconds without a unit, with decimals that fit the magnitude: µs resolution below 1 ms
 * (`0.412`), two decimals below 10 ms (`4.27`), one above (`231.4`, `1500.0`).
 */
export function formatMs(ms: number): string {
  const abs = Math.abs(ms);
  if (abs === 0) return "0";
  if (abs < 1) return ms.toFixed(3);
  if (abs < 10) return ms.toFixed(2);
  return ms.toFixed(1);
}

/** Milliseconds with their unit: `231.4 ms`. */
export function formatDurationMs(ms: number): string {
  return `${formatMs(ms)} ms`;
}

/** Milliseconds as seconds with one decimal: `12.0 s` (elapsed and planned durations). */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * A fraction 0..1 as a percentage: `0 %`, `0.50 %`, `12.34 %`; tiny non-zero rates keep 2
 * digits. Like every unit here, separated from the number by a space.
 */
export function formatPercent(fraction: number): string {
  const pct = fraction * 100;
  if (pct === 0) return "0 %";
  if (Math.abs(pct) < 0.01) return `${pct.toPrecision(2)} %`;
  return `${pct.toFixed(2)} %`;
}

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

/** Bytes in binary units with one decimal: `512 B`, `1.5 KiB`, `12.3 MiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** A per-second rate with one decimal: `48.7`. */
export function formatRate(perSec: number): string {
  return perSec.toFixed(1);
}

/** A count as an integer with thousands separators: `1,461`. */
export function formatCount(n: number): string {
  return groupThousands(String(Math.round(n)));
}

/** `1234567.5` → `1,234,567.5`: digits of the integer part grouped by three. */
export function groupThousands(text: string): string {
  const [whole = "", fraction] = text.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** Tokens as a whole number with thousands separators: `1,234 tok`. */
export function formatTokens(tokens: number): string {
  return `${groupThousands(String(Math.round(tokens)))} tok`;
}

/** Tokens per second with one decimal and thousands separators: `52.3 tok/s`, `1,600.0 tok/s`. */
export function formatTokenRate(tokensPerSec: number): string {
  return `${groupThousands(tokensPerSec.toFixed(1))} tok/s`;
}

/**
 * A metric value with its unit: `231.4 ms` for durations, `1.96 %` for fractions, `48.7 req/s`
 * for rates, a plain integer for counts; `n/a` for no data.
 */
export function formatMetricValue(value: number | null, unit: MetricUnit): string {
  if (value === null) return NO_DATA;
  switch (unit) {
    case "duration":
      return formatDurationMs(value);
    case "fraction":
      return formatPercent(value);
    case "per_sec":
      return `${formatRate(value)} req/s`;
    case "count":
      return formatCount(value);
  }
}

/**
 * `formatMetricValue` for a catalogue metric by name, with `tok` / `tok/s` for token metrics;
 * an unknown name is shown as a plain number.
 */
export function formatMetric(metric: string, value: number | null): string {
  const def = findMetric(metric);
  if (def && value !== null && isTokenMetric(metric)) {
    return def.unit === "per_sec" ? formatTokenRate(value) : formatTokens(value);
  }
  if (def) return formatMetricValue(value, def.unit);
  return value === null ? NO_DATA : String(value);
}

/** At most `decimals` decimals, trailing zeros dropped: 500 → `500`, 0.5 → `0.5`. */
function trimmed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/**
 * A limit (a threshold's or a floor) in the metric's unit, as compact as the budget writes it:
 * `500 ms`, `0.5 ms`, `1 %`, `20 req/s`, `1,500 tok/s`. Unlike a measured value it carries no
 * padding decimals: `<= 100 ms`, not `<= 100.0 ms`.
 */
export function formatLimit(metric: string, value: number): string {
  const def = findMetric(metric);
  if (def === undefined) return trimmed(value, 3);
  if (isTokenMetric(metric)) {
    return `${groupThousands(trimmed(value, 3))} ${def.unit === "per_sec" ? "tok/s" : "tok"}`;
  }
  switch (def.unit) {
    case "duration":
      return `${trimmed(value, 3)} ms`;
    case "fraction":
      return `${trimmed(value * 100, 4)} %`;
    case "per_sec":
      return `${trimmed(value, 3)} req/s`;
    case "count":
      return trimmed(value, 3);
  }
}
