/**
 * How each streamed-response metric is computed, in words, for report.json's `definitions`: a
 * reader of a report (or a tool comparing ours with vLLM's or genai-perf's) must not have to guess
 * what "ttft" started its clock at or whether token counts were estimated.
 */
import { findMetric } from "../metrics/catalogue.js";
import { TOKEN_ESTIMATE_FORMULA } from "../metrics/token-estimate.js";
import type { MeasuredScenario } from "./types.js";

/** Said of every metric below: partial timings of a broken stream must not flatter the ok ones. */
const OK_ONLY = "Failed and cut-off requests are errors and never feed it.";

/** Metric name (family or plain metric) → its formula, in the words of the issue that defined them. */
export const STREAM_METRIC_DEFINITIONS: Readonly<Record<string, string>> = {
  ttft: `Per ok request, due time → first chunk carrying non-empty generated content (delta.content, reasoning or tool-call deltas); a role-only chunk is not a token. ms. ${OK_ONLY}`,
  itl: `Every gap between consecutive content-carrying chunks, pooled over all ok requests (as vLLM), ms. ${OK_ONLY}`,
  tpot: `Per ok request with more than 1 output token, (latency − ttft) / (output_tokens − 1), ms. ${OK_ONLY}`,
  output_tokens: `Per ok request, the server's usage.completion_tokens when sent, otherwise ${TOKEN_ESTIMATE_FORMULA} (never one token per chunk); stream.output_tokens_source says which. A non-streamed body (stream.format json) counts only its usage (completion_tokens, or output_tokens for Responses and Anthropic): a response without usage has no tokens (stream.requests_without_usage), never an estimate. ${OK_ONLY}`,
  prompt_tokens: `Per ok request whose server sent it, usage.prompt_tokens (Responses, Anthropic: input_tokens; Anthropic adds cache_read_input_tokens and cache_creation_input_tokens, which its input_tokens excludes). ${OK_ONLY}`,
  request_output_tps: `Per ok request with at least 1 output token, output_tokens / latency in seconds, tokens/s. ${OK_ONLY}`,
  output_tps: `Total output tokens of ok requests / measured seconds, tokens/s. ${OK_ONLY}`,
  goodput: `Ok requests meeting every slo objective / measured seconds, requests/s. ${OK_ONLY}`,
  ttfat: `Per ok request with answer content, due time → first chunk carrying ANSWER content (delta.content, output_text, text_delta, tool calls), not reasoning or thinking (delta.reasoning_content / delta.reasoning, reasoning_text and reasoning_summary_text deltas, thinking_delta); equal to ttft for a request that did not reason. Reported only when some ok request reasoned; streamed responses only, ms. ${OK_ONLY}`,
  reasoning_tokens: `Per ok request that reasoned (reasoning deltas, thinking blocks, or a reasoning count above 0 in usage), usage.completion_tokens_details.reasoning_tokens (Responses: usage.output_tokens_details.reasoning_tokens) when sent, otherwise ${TOKEN_ESTIMATE_FORMULA} over the reasoning text (Anthropic reports no thinking count: always estimated); stream.reasoning.estimated says how many. ${OK_ONLY}`,
  answer_tokens: `Per ok request that reasoned, output_tokens − reasoning_tokens (at least 0). ${OK_ONLY}`,
  prompt_cache_hit_rate: `Cached prompt tokens / prompt tokens, summed over the ok requests whose server reported a cached count (usage.prompt_tokens_details.cached_tokens, Responses usage.input_tokens_details.cached_tokens, Anthropic cache_read_input_tokens), 0..1. Anthropic's input_tokens excludes cache reads and writes, so its prompt_tokens is input_tokens + cache_read_input_tokens + cache_creation_input_tokens. ${OK_ONLY}`,
};

/** Definitions of issue 11's workload metrics, stated when some scenario has steps or checks. */
export const WORKLOAD_METRIC_DEFINITIONS: Readonly<Record<string, string>> = {
  iteration:
    "Multi-step scenarios: one iteration runs the steps in order on one connection, and the scenario's requests, latency, error_rate and rates count iterations. An iteration is ok when every step is ok; its latency runs from the first step's due time (closed model: its send) to the end of the last step's response. iteration.<stat> is the scenario's latency.<stat>.",
  steps:
    "steps.<step>.<metric>: that step's requests, measured like a scenario's (latency from the step's own send; the first step's from the iteration's due time in the open model). A capture that finds nothing fails the iteration as capture_failed and the steps after it are not sent (the next step counts it once).",
  pass_rate:
    "checks.<check>.pass_rate: (evaluated − failed) / evaluated over the complete measured responses of the request or step the check belongs to. The report stores 1 when nothing was evaluated; the gate reads that as no data.",
};

/** Definitions of a load shape's per-stage blocks and timeline marks, stated when some scenario has stages. */
export const STAGE_DEFINITIONS: Readonly<Record<string, string>> = {
  stages:
    "stages.<stage>.<metric>: the requests DUE in that stage (open model: by their scheduled time; closed model: by their send), measured like the scenario's, wherever they completed: latency, error_rate and, when the scenario streams, ttft, itl, tpot and the token metrics; goodput counts the stage's good requests completed inside the measured window per second of the stage, and rps and output_tps likewise.",
  "timeline.stage": "The stage a timeline second starts in, by the planned stage lengths.",
  "timeline.latency_p50":
    "Per timeline second of a load shape: p50, p95 (latency_p95) and p99 (latency_p99) in ms of the latency of the ok requests that COMPLETED in that second (the scenario's latency: from the due time in the open model); absent for a second in which none did, and dropped from a merged second fed by several runs (quantiles cannot be added).",
};

const REASONING_NAMES: ReadonlySet<string> = new Set(["ttfat", "reasoning_tokens", "answer_tokens"]);
const CHUNK_NAMES: ReadonlySet<string> = new Set(["ttft", "itl", "tpot"]);
/**
 * The phase timings (k6's http_req_connecting, http_req_tls_handshaking, http_req_waiting,
 * http_req_receiving), stated when some scenario has them: every report written since they exist.
 */
export const PHASE_DEFINITIONS: Readonly<Record<string, string>> = {
  connect:
    "Per connection the run opened — warm-up and drain included, since with keep-alive most connections open during the warm-up — connect call → TCP connected, ms (for a host name this includes its DNS lookup, which k6 counts apart). One sample per new connection (a reused connection costs nothing and is not a sample), so its count is the number of connections opened; failed attempts are connect errors instead. The scenario's only: its steps and stages share its connections.",
  tls: "Per TLS connection the run opened (warm-up included), TCP connected → TLS handshake done, ms; present only when some connection was TLS (an https target).",
  ttfb: `Per ok request, the latency's origin (due time; closed model: send time) → response headers, ms: ttfb ≤ latency, and in the open model it includes any wait for a free connection. ${OK_ONLY}`,
  body: `Per ok request, response headers → end of the body, ms; ttfb + body = latency (to the µs). ${OK_ONLY}`,
};

/** What a scenario needs for a defined metric to appear: the catalogue's `requires`. */
function requirement(name: string): "stream" | "slo" | "capacity" | "tokens" | undefined {
  return (findMetric(name) ?? findMetric(`${name}.p50`))?.requires;
}

/**
 * The definitions relevant to a run: the streamed-response metrics when any scenario (or step)
 * streamed, `goodput` when any had an `slo`, `iteration` and `steps` when any had steps,
 * `pass_rate` when any had response checks, the stage definitions when any had a load shape, the
 * the phase timings (`ttfb` among them) when any had them;
 * undefined when none (the report then has no `definitions`).
 */
export function definitionsFor(
  scenarios: readonly MeasuredScenario[],
): Readonly<Record<string, string>> | undefined {
  const streams = scenarios.some(
    (s) => s.stream !== undefined || (s.steps ?? []).some((t) => t.stream !== undefined),
  );
  const steps = scenarios.some((s) => s.steps !== undefined);
  const checks = scenarios.some((s) => (s.response_checks ?? []).length > 0);
  const slo = scenarios.some((s) => s.slo !== undefined);
  // Reasoning and prompt-cache metrics are defined where some scenario reported them.
  const reasoned = scenarios.some((s) => s.reasoning_tokens !== undefined);
  const cached = scenarios.some((s) => s.prompt_cache_hit_rate !== undefined);
  // ttft, itl and tpot need chunks: a run whose only "stream" is a JSON body read for usage has none.
  const chunked = scenarios.some(
    (s) =>
      (s.stream !== undefined && s.stream.format !== "json") ||
      (s.steps ?? []).some((t) => t.stream !== undefined && t.stream.format !== "json"),
  );
  const relevant = Object.entries(STREAM_METRIC_DEFINITIONS).filter(([name]) => {
    if (REASONING_NAMES.has(name)) return reasoned;
    if (CHUNK_NAMES.has(name) && !chunked) return false;
    if (name === "prompt_cache_hit_rate") return cached;
    return requirement(name) === "slo" ? slo : streams;
  });
  const workload = Object.entries(WORKLOAD_METRIC_DEFINITIONS).filter(([name]) =>
    name === "pass_rate" ? checks : steps,
  );
  const stages = scenarios.some((s) => s.stages !== undefined) ? Object.entries(STAGE_DEFINITIONS) : [];
  const phases = scenarios.some((s) => s.connect !== undefined || s.body !== undefined)
    ? Object.entries(PHASE_DEFINITIONS)
    : [];
  const all = [...relevant, ...workload, ...stages, ...phases];
  return all.length > 0 ? Object.fromEntries(all) : undefined;
}
