/**
 * The token counts of one `usage` object, whichever LLM API wrote it: OpenAI chat/completions
 * (`completion_tokens`, `prompt_tokens`, `completion_tokens_details.reasoning_tokens`,
 * `prompt_tokens_details.cached_tokens`), embeddings (`prompt_tokens` only), the Responses API
 * (`output_tokens`, `input_tokens`, `output_tokens_details.reasoning_tokens`,
 * `input_tokens_details.cached_tokens`) and Anthropic Messages (`output_tokens`, `input_tokens`,
 * `cache_read_input_tokens`, `cache_creation_input_tokens`). Streamed events and non-streamed
 * bodies read it the same way.
 */
import { isObject, type Json, tokenCount } from "./event-json.js";

/** A usage object's counts; absent: the object did not say. */
export interface UsageCounts {
  readonly outputTokens?: number;
  /** The TRUE total prompt: for Anthropic, `input_tokens` + cache reads + cache writes. */
  readonly promptTokens?: number;
  /** Output tokens spent reasoning (OpenAI and Responses details; Anthropic reports none). */
  readonly reasoningTokens?: number;
  /** Prompt tokens served from the server's prompt cache. */
  readonly cachedTokens?: number;
}

function detail(usage: Json, key: string, field: string): number | undefined {
  const details = usage[key];
  return isObject(details) ? tokenCount(details[field]) : undefined;
}

/**
 * Anthropic's `input_tokens` EXCLUDES the tokens read from or written to its prompt cache
 * (`cache_read_input_tokens`, `cache_creation_input_tokens`): the prompt the model saw is their
 * sum, so a cache hit rate (cached / prompt) stays a share of the whole prompt as for OpenAI.
 */
function anthropicPrompt(usage: Json): number | undefined {
  const input = tokenCount(usage.input_tokens);
  if (input === undefined) return undefined;
  return (
    input +
    (tokenCount(usage.cache_read_input_tokens) ?? 0) +
    (tokenCount(usage.cache_creation_input_tokens) ?? 0)
  );
}

/** True for Anthropic's usage shape: it names its cache fields (sent even when 0 or null). */
function isAnthropic(usage: Json): boolean {
  return "cache_read_input_tokens" in usage || "cache_creation_input_tokens" in usage;
}

/** The counts of `usage` (see the file's header); an empty object for anything that is not one. */
export function readUsageCounts(usage: unknown): UsageCounts {
  if (!isObject(usage)) return {};
  const anthropic = isAnthropic(usage);
  const outputTokens = tokenCount(usage.completion_tokens) ?? tokenCount(usage.output_tokens);
  const promptTokens = anthropic
    ? anthropicPrompt(usage)
    : (tokenCount(usage.prompt_tokens) ?? tokenCount(usage.input_tokens));
  const reasoningTokens =
    detail(usage, "completion_tokens_details", "reasoning_tokens") ??
    detail(usage, "output_tokens_details", "reasoning_tokens");
  const cachedTokens = anthropic
    ? (tokenCount(usage.cache_read_input_tokens) ?? 0)
    : (detail(usage, "prompt_tokens_details", "cached_tokens") ??
      detail(usage, "input_tokens_details", "cached_tokens"));
  return {
    ...(outputTokens === undefined ? {} : { outputTokens }),
    ...(promptTokens === undefined ? {} : { promptTokens }),
    ...(reasoningTokens === undefined ? {} : { reasoningTokens }),
    ...(cachedTokens === undefined || promptTokens === undefined ? {} : { cachedTokens }),
  };
}
