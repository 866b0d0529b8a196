/**
 * A capacity search in words, a table and a chart: the line that says what `capacity` is and
 * which steps decided it, the steps (rate, achieved rps, p95, error rate, met), and a Mermaid
 * chart of p95 latency against the rate — the knee the search looked for. Pure.
 */
import { holds, objectiveValueText, rateText } from "../report/capacity-record.js";
import type { CapacitySearchRecord, CapacityStepRecord, MeasuredScenario } from "../report/types.js";
import { niceCeiling, quoted } from "./mermaid-chart.js";

/** `latency.p95 <= 50ms, error_rate <= 1%`: the objectives as written. */
function objectives(search: CapacitySearchRecord): string {
  return search.slo.map((o) => `${o.metric} ${o.op} ${o.source}`).join(", ");
}

/** `latency.p95 61.2 ms`: the first objective a step broke, with its value (or `no data`). */
function broken(search: CapacitySearchRecord, step: CapacityStepRecord): string {
  for (const [i, o] of search.slo.entries()) {
    const v = step.values[i];
    if (v === null || v === undefined) return `${o.metric} no data`;
    if (!holds(v, o)) return `${o.metric} ${objectiveValueText(o.metric, v)}`;
  }
  return "an objective";
}

/**
 * The headline: `capacity 100 req/s (latency.p95 <= 50ms, error_rate <= 1%): 100/s met, 105/s
 * broke latency.p95 73.7 ms`. A search that did not end on a bracket (max rate, generator,
 * interrupted) says so in the search's own reason. Null without a search.
 */
export function capacityLine(s: MeasuredScenario): string | null {
  const search = s.capacity_search;
  if (search === undefined) return null;
  return `capacity ${capacityValue(s)} (${objectives(search)}): ${bracketText(s, search)}`;
}

/**
 * The baseline's search beside this run's: `baseline: capacity 100 req/s: 100/s met, 105/s broke
 * latency.p95 73.0 ms` (the objectives repeated only when they differ from this run's). Null
 * when either side ran no search.
 */
export function baselineCapacityLine(
  s: MeasuredScenario,
  baseline: MeasuredScenario | null | undefined,
): string | null {
  const [search, other] = [s.capacity_search, baseline?.capacity_search];
  if (search === undefined || other === undefined || baseline == null) return null;
  const differ = objectives(other) !== objectives(search) ? ` (${objectives(other)})` : "";
  return `baseline: capacity ${capacityValue(baseline)}${differ}: ${bracketText(baseline, other)}`;
}

function capacityValue(s: MeasuredScenario): string {
  return s.capacity == null ? "none" : `${Number(s.capacity.toPrecision(4))} req/s`;
}

/** What decided the capacity: the rate at it that met and the lowest above it that broke. */
function bracketText(s: MeasuredScenario, search: CapacitySearchRecord): string {
  if (search.stopped_by !== "slo") return search.reason;
  const met = s.capacity == null ? undefined : search.steps.find((t) => t.rate === s.capacity);
  const bad = search.steps
    .filter((t) => !t.met && !t.generator_limited && (s.capacity == null || t.rate > s.capacity))
    .sort((a, b) => a.rate - b.rate)[0];
  const parts = [
    ...(met ? [`${rateText(met.rate)} met`] : []),
    ...(bad ? [`${rateText(bad.rate)} broke ${broken(search, bad)}`] : []),
  ];
  return parts.join(", ");
}

/** The steps in the order run: a header row, then rate, achieved rps, p95, error rate and met. */
export function capacityRows(search: CapacitySearchRecord): string[][] {
  return [
    ["step", "rate", "achieved", "p95", "errors", "met"],
    ...search.steps.map((t, i) => [
      String(i + 1),
      rateText(t.rate),
      `${t.rps.toFixed(1)}/s`,
      `${t.latency_p95.toFixed(1)} ms`,
      `${(100 * t.error_rate).toFixed(1)} %`,
      t.generator_limited ? "generator" : t.met ? "yes" : "no",
    ]),
  ];
}

/**
 * A fenced ```mermaid line chart of each step's p95 latency (ms) against its rate, the rates in
 * increasing order, with the `latency.p95` objective (when there is one) as a flat red line.
 * Returns no lines with fewer than 2 steps: one point shows no knee.
 */
export function renderCapacityChart(name: string, search: CapacitySearchRecord): string[] {
  const steps = [...search.steps].sort((a, b) => a.rate - b.rate);
  if (steps.length < 2) return [];
  const p95 = steps.map((t) => Math.round(t.latency_p95 * 10) / 10);
  const limit = search.slo.find((o) => o.metric === "latency.p95")?.limit;
  // A runaway queue's p95 (seconds) would flatten the knee: cap the axis at 4× the objective.
  const top = niceCeiling(Math.min(Math.max(...p95, limit ?? 0), limit === undefined ? Infinity : 4 * limit));
  const shown = p95.map((v) => Math.min(v, top));
  return [
    "```mermaid",
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#0969da, #cf222e"}}}}%%`,
    "xychart-beta",
    `  title ${quoted(`${name}: p95 latency (ms) vs rate (req/s)`)}`,
    `  x-axis [${steps.map((t) => quoted(String(Number(t.rate.toPrecision(4))))).join(", ")}]`,
    `  y-axis "ms" 0 --> ${top}`,
    `  line [${shown.join(", ")}]`,
    ...(limit === undefined ? [] : [`  line [${steps.map(() => limit).join(", ")}]`]),
    "```",
    "",
    `<sub>blue line: p95 latency of each step${limit === undefined ? "" : ` · red line: objective latency.p95 ${search.slo.find((o) => o.metric === "latency.p95")?.source}`}${shown.some((v, i) => v !== p95[i]) ? ` · values above ${top} ms drawn at ${top}` : ""}</sub>`,
  ];
}
