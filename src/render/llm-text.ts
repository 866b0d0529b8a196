/**
 * Words for what a reasoning model, a prompt cache and a non-streamed usage body add to a
 * scenario, shared by the terminal and the markdown summary (each styles them its own way).
 */
import type { LatencySummary, ScenarioReport } from "../report/types.js";
import { formatPercent, formatTokens } from "./format.js";

function p50(summary: LatencySummary | undefined): number | null {
  return summary === undefined || summary.count === 0 ? null : summary.p50;
}

/**
 * `reasoning 512 tok p50 (estimated), answer 88 tok p50 (12 of 40 ok requests reasoned)`, or
 * null when no ok request reasoned.
 */
export function describeReasoning(s: ScenarioReport): string | null {
  const reasoning = s.stream?.reasoning;
  const tokens = p50(s.reasoning_tokens);
  if (reasoning === undefined || tokens === null) return null;
  const estimated =
    reasoning.estimated === 0
      ? ""
      : reasoning.estimated === reasoning.requests
        ? " (estimated)"
        : ` (${reasoning.estimated} of ${reasoning.requests} estimated)`;
  const answer = p50(s.answer_tokens);
  const answerText = answer === null ? "" : `, answer ${formatTokens(answer)} p50`;
  const share =
    reasoning.requests < s.requests.ok
      ? ` (${reasoning.requests} of ${s.requests.ok} ok requests reasoned)`
      : "";
  return `reasoning ${formatTokens(tokens)} p50${estimated}${answerText}${share}`;
}

/** `prompt cache 25.00% hit (1,050 of 4,200 prompt tokens)`, or null without cached counts. */
export function describePromptCache(s: ScenarioReport): string | null {
  const cache = s.stream?.prompt_cache;
  if (cache === undefined || s.prompt_cache_hit_rate === undefined) return null;
  const of = `${cache.cached_tokens.toLocaleString("en-US")} of ${cache.prompt_tokens.toLocaleString("en-US")} prompt tokens`;
  return `prompt cache ${formatPercent(s.prompt_cache_hit_rate)} hit (${of})`;
}

/**
 * `12 of 40 ok responses carried no usage: no tokens for them` for a non-streamed body read for
 * its usage, or null when every ok response carried one (or the scenario streams).
 */
export function describeMissingUsage(s: ScenarioReport): string | null {
  const stream = s.stream;
  const without = stream?.requests_without_usage ?? 0;
  if (stream?.format !== "json" || without === 0) return null;
  const all = without + stream.requests_with_usage;
  return `${without} of ${all} ok responses carried no usage: no tokens for them`;
}
