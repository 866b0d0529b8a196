/**
 * Words for a streamed scenario shared by the terminal and the markdown summary: where its token
 * counts came from, its goodput against the `slo`, error kinds and error samples.
 */

import { describeSlo } from "../report/slo-text.js";
import type { ScenarioReport, StreamReport } from "../report/types.js";
import { formatPercent, formatRate } from "./format.js";

/**
 * The fraction 0..1 of ok requests that met every objective, or null without goodput or without
 * an ok request. Goodput is good requests per second of the same measured time as the ok count,
 * so the duration cancels out.
 */
export function goodShare(s: ScenarioReport): number | null {
  // Over the same requests: goodput and ok_rps both count what ended inside the window (ok total
  // also counts the drain, which made a run where every request met the slo read 85 %).
  const okRps = s.ok_rps ?? (s.requests.ok * 1000) / Math.max(1, s.duration_ms);
  if (s.goodput === undefined || okRps === 0) return null;
  return Math.min(1, s.goodput / okRps);
}

/**
 * `9.0 req/s (90.00% of ok requests met slo ttft ≤ 500ms, tpot ≤ 50ms)`, or null when the
 * scenario has no goodput (no `slo`).
 */
export function describeGoodput(s: ScenarioReport): string | null {
  if (s.goodput === undefined) return null;
  const share = goodShare(s);
  const slo = describeSlo(s.slo);
  const met = share === null ? "no ok request" : `${formatPercent(share)} of ok requests met`;
  return `${formatRate(s.goodput)} req/s (${met} slo ${slo})`;
}

/**
 * How trustworthy the token counts are, to print next to them: null when every count came from
 * the server's usage (or there was none), `estimated`, or `mixed: 10 of 40 estimated`.
 */
export function estimatedNote(stream: StreamReport | undefined): string | null {
  switch (stream?.output_tokens_source) {
    case "estimated":
      return "estimated";
    case "mixed": {
      const all = stream.requests_with_usage + stream.requests_estimated;
      return `mixed: ${stream.requests_estimated} of ${all} estimated`;
    }
    default:
      return null;
  }
}

/** Error kinds whose name alone does not say what happened, with a few words more. */
const KIND_HINT: Readonly<Record<string, string>> = {
  stream_error: "error event, bad JSON or no event in the stream",
  client_error:
    "the load generator itself failed, not the server: out of file descriptors (EMFILE) means raise ulimit -n or lower connections",
  check_failed: "a response failed a check: see the sample",
  capture_failed: "a capture found nothing: later steps not sent",
  other: "see the error samples for the reason",
};

/**
 * An error sample's kind with what identifies it: `http_5xx [HTTP 503]`, `connect [ECONNREFUSED]`,
 * or the kind alone when the sample has neither a status nor a code.
 */
export function sampleLabel(sample: {
  readonly kind: string;
  readonly code?: string;
  readonly status?: number;
}): string {
  const tags = [sample.status === undefined ? null : `HTTP ${sample.status}`, sample.code ?? null].filter(
    (t): t is string => t !== null && t !== "",
  );
  return tags.length === 0 ? sample.kind : `${sample.kind} [${tags.join(" ")}]`;
}

/** An error count as `http_5xx 3`, or `stream_error 2 (bad stream content: …)` with its hint. */
export function describeErrorCount(kind: string, count: number, name: string = kind): string {
  const hint = KIND_HINT[kind];
  return hint === undefined ? `${name} ${count}` : `${name} ${count} (${hint})`;
}

/**
 * A server-supplied error message made safe to print on one line: control characters (which
 * could move a terminal's cursor or inject colours) and line breaks become spaces, and a long
 * message is cut to `maxChars` with an ellipsis.
 */
export function sampleText(message: string, maxChars: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const flat = message.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  return flat.length <= maxChars ? flat : `${flat.slice(0, maxChars - 1)}…`;
}
