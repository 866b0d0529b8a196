/**
 * The streamed part of a scenario in the markdown summary: rows for the LLM metrics a reader
 * looks at first (time to first token, inter-token latency, time per output token, token rate,
 * goodput) in the scenario's table, a line on tokens and goodput, and the error samples.
 */

import { isTokenMetric } from "../metrics/catalogue.js";
import type { MeasuredScenario, ScenarioReport } from "../report/types.js";
import { formatTokenRate, formatTokens } from "./format.js";
import { describeMissingUsage, describePromptCache, describeReasoning } from "./llm-text.js";
import { code, formatChange, formatValue, tableRow } from "./markdown-values.js";
import { scenarioMetricValue } from "./scenario-metric.js";
import { streamEndEvent } from "./stream-end.js";
import { describeGoodput, estimatedNote, sampleLabel, sampleText } from "./stream-text.js";

/**
 * The metrics shown for every streamed scenario (and `goodput` for any with an `slo`), whether or
 * not the budget gates on them, in the order a reader asks about them.
 */
export const STREAM_ROW_METRICS = [
  "ttft.p50",
  "ttft.p95",
  "ttft.p99",
  "ttfat.p50",
  "itl.p50",
  "itl.p99",
  "tpot.p50",
  "tpot.p95",
  "output_tps",
  "prompt_cache_hit_rate",
  "goodput",
] as const;

/** Error messages are cut here in the summary: enough to recognise a malformed chunk. */
const SAMPLE_MAX_CHARS = 300;

/**
 * `estimated` / `partly estimated` for a token metric (or `tpot`) of a scenario whose token counts were not
 * all the server's own; null for any other metric or source.
 */
export function estimateLabel(metric: string, s: MeasuredScenario | null): string | null {
  // tpot divides by the output tokens, so it is as estimated as they are.
  if (!isTokenMetric(metric) && !metric.startsWith("tpot.")) return null;
  switch (s?.stream?.output_tokens_source) {
    case "estimated":
      return "estimated";
    case "mixed":
      return "partly estimated";
    default:
      return null;
  }
}

/** A value with its unit, then `(estimated)` / `(partly estimated)` as `estimateLabel` says. */
export function labelledValue(metric: string, value: number | null, s: MeasuredScenario | null): string {
  const text = formatValue(metric, value);
  const label = value === null ? null : estimateLabel(metric, s);
  return label === null ? text : `${text} (${label})`;
}

/**
 * The status of a row no rule gates: "not gated" once there is a change to show. It never says
 * "worse": a 1 % wobble between two runs is noise as often as not, and only a rule (with its
 * tolerance and confidence interval) may call a change a regression.
 */
function ungatedStatus(change: number | null): string {
  return change === null ? "" : "not gated";
}

function infoRow(metric: string, s: ScenarioReport, baseline: MeasuredScenario | null): string {
  const actual = scenarioMetricValue(s, metric);
  const before = scenarioMetricValue(baseline, metric);
  const change = actual === null || before === null ? null : actual - before;
  const relative = change === null || before === null || before === 0 ? null : change / before;
  return tableRow([
    code(metric),
    labelledValue(metric, before, baseline),
    labelledValue(metric, actual, s),
    formatChange(metric, change, relative),
    "—",
    ungatedStatus(change),
  ]);
}

/**
 * Table rows (metric | baseline | this run | change | limit | status) for each of
 * `STREAM_ROW_METRICS` the scenario has and no threshold or rule in `named` already shows; the
 * limit is `—` and the status "not gated": shown for context, judged by no rule.
 */
export function renderStreamRows(
  s: ScenarioReport,
  baseline: MeasuredScenario | null,
  named: ReadonlySet<string>,
): string[] {
  return STREAM_ROW_METRICS.filter((m) => !named.has(m) && scenarioMetricValue(s, m) !== null).map((m) =>
    infoRow(m, s, baseline),
  );
}

function tokensLine(s: ScenarioReport): string | null {
  const stream = s.stream;
  if (stream === undefined) return null;
  const note = estimatedNote(stream);
  const none = stream.format === "json" && s.requests.ok > 0 ? "no usage" : "no ok request";
  const source = note ?? (stream.output_tokens_source === "usage" ? "from usage" : none);
  const parts = [
    stream.format === "json" ? `${code("json")} body (not streamed)` : `${code(stream.format)} stream`,
    `${formatTokens(stream.output_tokens_total)} output (${source})`,
  ];
  const perRequest = scenarioMetricValue(s, "output_tokens.p50");
  if (perRequest !== null) parts.push(`${formatTokens(perRequest)} per request p50`);
  const tps = scenarioMetricValue(s, "request_output_tps.p50");
  if (tps !== null) parts.push(`${formatTokenRate(tps)} per request p50`);
  const prompt = scenarioMetricValue(s, "prompt_tokens.p50");
  if (prompt !== null) parts.push(`prompt ${formatTokens(prompt)} p50`);
  for (const part of [describeReasoning(s), describePromptCache(s), describeMissingUsage(s)]) {
    if (part !== null) parts.push(part);
  }
  if (stream.streams_without_done > 0) {
    // `[DONE]`, `message_stop`, `response.completed`: the event's name, without its field.
    const end = streamEndEvent(stream).replace(/^(data|event): /, "");
    parts.push(`${stream.streams_without_done} ok streams ended without ${code(end)}`);
  }
  return `**Streaming:** ${parts.join(" · ")}`;
}

/** The `**Streaming:**` and `**Goodput:**` lines, each when the scenario has it. */
export function renderStreamLines(s: ScenarioReport): string[] {
  const goodput = describeGoodput(s);
  return [tokensLine(s), goodput === null ? null : `**Goodput:** ${goodput}`].filter(
    (line): line is string => line !== null,
  );
}

/**
 * The scenario's error samples in a collapsed `<details>`, each on one line of a code block, so
 * server text can neither render as markdown nor open an HTML tag; none without samples.
 */
export function renderErrorSamplesMarkdown(s: ScenarioReport): string[] {
  const samples = s.error_samples ?? [];
  if (samples.length === 0) return [];
  const lines = samples.map((x) => `${sampleLabel(x)}: ${sampleText(x.message, SAMPLE_MAX_CHARS)}`);
  // A fence longer than any run of backticks in the text, so a message cannot close it.
  const longest = Math.max(2, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((run) => run.length)));
  const fence = "`".repeat(longest + 1);
  const title = `Error samples: first ${samples.length} failure${samples.length === 1 ? "" : "s"} in full`;
  return [`<details><summary>${title}</summary>`, "", `${fence}text`, ...lines, fence, "", "</details>"];
}
