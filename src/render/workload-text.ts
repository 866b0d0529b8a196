/**
 * Words for issue 11's workloads, shared by the terminal and the markdown summary: the per-step
 * table of a multi-step scenario, the response checks' pass rates, the data file and the unique
 * prefix. The scenario's own lines stay as they are: in a multi-step scenario they are its
 * iterations'.
 */
import type { LatencySummary, ResponseCheckReport, ScenarioReport, StepReport } from "../report/types.js";
import { formatCount, formatMs, formatPercent, formatRate, formatSeconds, NO_DATA } from "./format.js";

/** A pass rate with one decimal (`98.5%`): checks pass or fail whole responses, two decimals are noise. */
function passRateText(check: ResponseCheckReport): string {
  if (check.evaluated === 0) return "not evaluated";
  const pct = `${(check.pass_rate * 100).toFixed(1)}%`;
  return check.failed === 0 ? pct : `${pct} (${formatCount(check.failed)} failed)`;
}

/**
 * `status 100.0% · body 98.5% (15 failed)`: each response check's pass rate, in budget order;
 * null when the scenario has none. `name` styles a check's name (markdown: code).
 */
export function describeChecks(s: ScenarioReport, name = (text: string) => text): string | null {
  const checks = s.response_checks ?? [];
  if (checks.length === 0) return null;
  return checks.map((c) => `${name(c.name)} ${passRateText(c)}`).join(" · ");
}

/** `queries.jsonl, 120 rows, sequential` (or `shuffled, seed 7`); null without a data file. */
export function describeData(s: ScenarioReport): string | null {
  const data = s.data;
  if (data === undefined) return null;
  const order = data.order === "shuffle" ? `shuffled, seed ${data.seed}` : "sequential";
  return `${data.file}, ${formatCount(data.rows)} ${data.rows === 1 ? "row" : "rows"}, ${order}`;
}

/** `on (cold prefill)` when every prompt started with a unique marker; null otherwise. */
export function describeUniquePrefix(s: ScenarioReport): string | null {
  return s.unique_prefix === true ? "on (cold prefill)" : null;
}

/**
 * The scenario's workload notes as label/text pairs, for the caller to lay out: `checks`, `data`,
 * `unique prefix`, each only when the scenario has it.
 */
export function workloadRows(s: ScenarioReport, name?: (text: string) => string): [string, string][] {
  const rows: [string, string | null][] = [
    ["checks", describeChecks(s, name)],
    ["data", describeData(s)],
    ["unique prefix", describeUniquePrefix(s)],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== null);
}

function stat(summary: LatencySummary | undefined, key: "p50" | "p95" | "p99"): string {
  return summary === undefined || summary.count === 0 ? NO_DATA : formatMs(summary[key]);
}

/** True when some step (or stage) of the scenario streamed: its table then has a ttft column. */
function anyStreams(steps: readonly StepReport[]): boolean {
  return steps.some((step) => step.ttft !== undefined);
}

/**
 * The per-step table of a multi-step scenario, header first: step, requests, error rate, latency
 * p50 / p95 / p99 in ms, and ttft p95 when some step streams. Empty for a single-request scenario.
 */
export function stepTableRows(s: ScenarioReport): string[][] {
  const steps = s.steps ?? [];
  if (steps.length === 0) return [];
  const ttft = anyStreams(steps);
  const head = [
    "step",
    "requests",
    "error rate",
    "p50 (ms)",
    "p95 (ms)",
    "p99 (ms)",
    ...(ttft ? ["ttft p95 (ms)"] : []),
  ];
  const rows = steps.map((step) => [
    step.name,
    formatCount(step.requests.total),
    formatPercent(step.error_rate),
    stat(step.latency, "p50"),
    stat(step.latency, "p95"),
    stat(step.latency, "p99"),
    ...(ttft ? [stat(step.ttft, "p95")] : []),
  ]);
  return [head, ...rows];
}

/** `3 steps per iteration: upload → read → delete`, or null for a single-request scenario. */
export function describeIteration(s: ScenarioReport): string | null {
  const steps = s.steps ?? [];
  if (steps.length === 0) return null;
  const n = steps.length;
  return `${n} ${n === 1 ? "step" : "steps"} per iteration: ${steps.map((t) => t.name).join(" → ")}; the scenario's requests, latency and error rate count whole iterations`;
}

/** A stage as planned: `5 s → 100/s` (open model) or `5 s → 8 loops` (closed). */
function plannedText(planned: NonNullable<ScenarioReport["stages"]>[number]["planned"]): string {
  const target =
    planned.rate !== undefined ? `${formatRate(planned.rate)}/s` : `${planned.connections ?? 0} loops`;
  return `${formatSeconds(planned.duration_ms)} → ${target}`;
}

/**
 * The per-stage table of a load shape, header first: stage, as planned, requests (those due in
 * it), rps, error rate, latency p50 / p95 / p99 in ms, and ttft p95 of the requests due in it
 * when the scenario streams. Empty without stages.
 */
export function stageTableRows(s: ScenarioReport): string[][] {
  const stages = s.stages ?? [];
  if (stages.length === 0) return [];
  const ttft = anyStreams(stages);
  const head = [
    "stage",
    "planned",
    "requests",
    "rps",
    "error rate",
    "p50 (ms)",
    "p95 (ms)",
    "p99 (ms)",
    ...(ttft ? ["ttft p95 (ms)"] : []),
  ];
  const rows = stages.map((stage) => [
    stage.name,
    plannedText(stage.planned),
    formatCount(stage.requests.total),
    formatRate(stage.rps),
    formatPercent(stage.error_rate),
    stat(stage.latency, "p50"),
    stat(stage.latency, "p95"),
    stat(stage.latency, "p99"),
    ...(ttft ? [stat(stage.ttft, "p95")] : []),
  ]);
  return [head, ...rows];
}

/** `3 stages: up → hold → spike; each row counts the requests due in that stage`, or null. */
export function describeStages(s: ScenarioReport): string | null {
  const stages = s.stages ?? [];
  if (stages.length === 0) return null;
  const n = stages.length;
  return `${n} ${n === 1 ? "stage" : "stages"}: ${stages.map((t) => t.name).join(" → ")}; each row counts the requests due in that stage`;
}
