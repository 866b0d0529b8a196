/**
 * The terminal's view of a streamed scenario, next to its latency table: time to first token,
 * inter-token latency, time per output token and time to first byte, token rates and counts,
 * goodput, and the first error samples.
 */
import type { LatencySummary, ScenarioReport } from "../report/types.js";
import type { Paint } from "./ansi.js";
import { formatMs, formatTokenRate, formatTokens, NO_DATA } from "./format.js";
import { describeMissingUsage, describePromptCache, describeReasoning } from "./llm-text.js";
import { streamEndEvent } from "./stream-end.js";
import { describeGoodput, estimatedNote, sampleLabel, sampleText } from "./stream-text.js";
import { renderColumns, renderTable } from "./table.js";

/** Columns of the streaming table: the percentiles a chat user feels, then mean and max. */
const STAT_COLUMNS = [
  "p50",
  "p95",
  "p99",
  "mean",
  "max",
] as const satisfies readonly (keyof LatencySummary)[];

/** Rows of the streaming table, in the order a reader asks: first token, then the pace after it. */
const ROWS = [
  ["TTFT", "ttft"],
  ["TTFAT", "ttfat"],
  ["ITL", "itl"],
  ["TPOT", "tpot"],
  ["TTFB", "ttfb"],
] as const;

/** Error samples printed in the terminal; report.json and the summary keep the rest. */
const MAX_SAMPLES = 3;
const SAMPLE_MAX_CHARS = 160;

function statRow(label: string, summary: LatencySummary | undefined): string[] {
  const empty = summary === undefined || summary.count === 0;
  return [label, ...STAT_COLUMNS.map((key) => (empty ? NO_DATA : formatMs(summary[key])))];
}

/**
 * The "Streaming (openai)" table of TTFT, ITL, TPOT and TTFB in ms (p50, p95, p99, mean, max),
 * or no lines when the scenario did not stream.
 */
export function renderStreamTable(s: ScenarioReport, paint: Paint, indent: string): string[] {
  if (s.stream === undefined) return [];
  // A non-streamed body has no chunks (only TTFB), and ttfat is there only when a request reasoned.
  const json = s.stream.format === "json";
  const shown = ROWS.filter(([, family]) =>
    family === "ttfat" ? s.ttfat !== undefined : !json || family === "ttfb",
  );
  const title = json ? "Response (json body, tokens from usage), ms" : `Streaming (${s.stream.format}), ms`;
  const rows = [[title, ...STAT_COLUMNS], ...shown.map(([label, family]) => statRow(label, s[family]))];
  return renderTable(rows, {
    indent,
    align: ["left"],
    style: (text, row, col) => (row === 0 || col === 0 ? paint.bold(text) : text),
  });
}

function p50(summary: LatencySummary | undefined): number | null {
  return summary === undefined || summary.count === 0 ? null : summary.p50;
}

function outputText(s: ScenarioReport): string {
  const parts = [s.output_tps === undefined ? `${NO_DATA} tok/s` : formatTokenRate(s.output_tps)];
  const perRequestTps = p50(s.request_output_tps);
  if (perRequestTps !== null) parts.push(`${formatTokenRate(perRequestTps)} per request p50`);
  const outputTokens = p50(s.output_tokens);
  const note = estimatedNote(s.stream);
  if (outputTokens !== null) {
    parts.push(`${formatTokens(outputTokens)} per request p50${note === null ? "" : ` (${note})`}`);
  }
  const promptTokens = p50(s.prompt_tokens);
  if (promptTokens !== null) parts.push(`prompt ${formatTokens(promptTokens)} p50`);
  for (const part of [describeReasoning(s), describePromptCache(s)]) if (part !== null) parts.push(part);
  return parts.join(" · ");
}

/**
 * Label/value rows for the scenario's totals block: `output` (token rates and counts, labelled
 * when estimated) when it streams, `goodput` when it has an `slo`; none otherwise.
 */
export function streamTotalRows(s: ScenarioReport): string[][] {
  const rows: string[][] = [];
  if (s.stream !== undefined) rows.push(["output", outputText(s)]);
  const goodput = describeGoodput(s);
  if (goodput !== null) rows.push(["goodput", goodput]);
  return rows;
}

/** Warnings about the stream itself (text only; the caller styles and indents them). */
export function streamWarnings(s: ScenarioReport): string[] {
  const missing = s.stream?.streams_without_done ?? 0;
  const end = streamEndEvent(s.stream ?? { format: "openai" });
  const noUsage = describeMissingUsage(s);
  return [
    ...(missing > 0 ? [`${missing} ok streams ended without ${end}`] : []),
    ...(noUsage ? [noUsage] : []),
  ];
}

/**
 * The first error samples under the errors, one line each, server text made safe for a terminal:
 * `error samples (3 of 4):` then `stream_error  malformed JSON in chunk: …`. None without samples.
 */
export function renderErrorSamples(s: ScenarioReport, paint: Paint, indent: string): string[] {
  const samples = s.error_samples ?? [];
  if (samples.length === 0) return [];
  const shown = samples.slice(0, MAX_SAMPLES);
  const title = shown.length < samples.length ? ` (${shown.length} of ${samples.length})` : "";
  const rows = shown.map((sample) => [sampleLabel(sample), sampleText(sample.message, SAMPLE_MAX_CHARS)]);
  const lines = renderColumns(rows, {
    indent: indent + indent,
    style: (text, _row, col) => (col === 0 ? paint.red(text) : text),
  });
  return [`${indent}error samples${title}:`, ...lines];
}
