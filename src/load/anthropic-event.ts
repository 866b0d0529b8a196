/**
 * Anthropic Messages streams (`POST /v1/messages`, `"stream": true`): `message_start` (with the
 * input tokens), then per content block `content_block_start`, `content_block_delta`s and
 * `content_block_stop`, then `message_delta` (with the cumulative output tokens; newer API
 * versions repeat the input and cache counts there) and `message_stop`; `ping` may come anywhere
 * and `error` ends a failed stream. Every event names its type both in its `event:` line and in
 * its data's `type`.
 */
import { rawExcerpt } from "../metrics/error-samples.js";
import { isObject, type Json, tokenCount } from "./event-json.js";
import { otherApiMessage } from "./other-api.js";
import { NO_EVENT, type TypedStreamEvent, usageEvent } from "./typed-event.js";

/**
 * What one SSE event of an Anthropic Messages stream (`POST /v1/messages`, `"stream": true`)
 * says, reduced to what the metrics need. The stream is `message_start` (with the input tokens),
 * then per content block `content_block_start`, `content_block_delta`s and `content_block_stop`,
 * then `message_delta` (with the cumulative output tokens) and `message_stop`; `ping` may come
 * anywhere and `error` ends a failed stream. Every event names its type both in its `event:` line
 * and in its data's `type`.
 */
const NONE = NO_EVENT;
const STOP = usageEvent(undefined, undefined, true);

/** The delta's generated text: `text_delta`, `thinking_delta`, `input_json_delta` (tool arguments). */
function deltaText(delta: Json): string {
  switch (delta.type) {
    case "text_delta":
      return typeof delta.text === "string" ? delta.text : "";
    case "thinking_delta":
      return typeof delta.thinking === "string" ? delta.thinking : "";
    case "input_json_delta":
      return typeof delta.partial_json === "string" ? delta.partial_json : "";
    default:
      // signature_delta (a thinking block's signature) and unknown kinds are not generated tokens.
      return "";
  }
}

/**
 * One Anthropic stream's prompt counts so far. `message_start` carries them, and newer API
 * versions repeat `input_tokens`, `cache_read_input_tokens` and `cache_creation_input_tokens` in
 * `message_delta.usage`, where they may be the only ones or differ from the start's: each field
 * is the last value sent (a field absent or null in a later event keeps the earlier one), so the
 * prompt and the cache hit rate are right whichever event carried them. Reset per request.
 */
export class AnthropicPrompt {
  private input = -1;
  private cacheRead = -1;
  private cacheCreation = -1;
  /** Some usage named a cache field (sent even when 0 or null): the server reports its cache. */
  private namesCache = false;

  /** Forgets the previous request's counts. */
  reset(): void {
    this.input = -1;
    this.cacheRead = -1;
    this.cacheCreation = -1;
    this.namesCache = false;
  }

  /**
   * Takes the prompt counts `usage` has (of `message_start.message` or `message_delta`). Each is
   * the highest sent: the counts are cumulative and never go down, so a later 0 (a placeholder)
   * never wipes out the count message_start gave, and a later, larger count wins.
   */
  update(usage: unknown): void {
    if (!isObject(usage)) return;
    this.input = Math.max(this.input, tokenCount(usage.input_tokens) ?? -1);
    this.cacheRead = Math.max(this.cacheRead, tokenCount(usage.cache_read_input_tokens) ?? -1);
    this.cacheCreation = Math.max(this.cacheCreation, tokenCount(usage.cache_creation_input_tokens) ?? -1);
    if ("cache_read_input_tokens" in usage || "cache_creation_input_tokens" in usage) this.namesCache = true;
  }

  /**
   * The usage event of the counts so far, with `outputTokens` when the event had them. Anthropic's
   * `input_tokens` EXCLUDES cache reads and writes: the prompt the model saw is their sum (as in
   * usage-counts.ts), and the cached tokens are the reads, reported when the server names its cache.
   */
  event(outputTokens: number | undefined): TypedStreamEvent {
    if (this.input < 0) return outputTokens === undefined ? NONE : usageEvent(undefined, outputTokens, false);
    const prompt = this.input + Math.max(0, this.cacheRead) + Math.max(0, this.cacheCreation);
    const cached = this.namesCache ? { cachedTokens: Math.max(0, this.cacheRead) } : {};
    return usageEvent(prompt, outputTokens, false, cached);
  }
}

/**
 * Reads one event of an Anthropic Messages stream (Anthropic, and servers that speak its API:
 * Bedrock's and Vertex's Messages endpoints, LiteLLM, vLLM's `/v1/messages`). `prompt` holds the
 * request's prompt counts across its events (a reader keeps one; absent: the event read alone).
 * Never throws.
 */
export function readAnthropicEvent(
  data: string,
  type: string,
  prompt: AnthropicPrompt = new AnthropicPrompt(),
): TypedStreamEvent {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    if (type === "error")
      return { kind: "invalid", message: `error event in the stream: ${rawExcerpt(data)}` };
    return { kind: "invalid", message: `event is not valid JSON: ${rawExcerpt(data)}` };
  }
  if (!isObject(json)) return { kind: "invalid", message: `event is not a JSON object: ${rawExcerpt(data)}` };
  // The `event:` line names the type; a server that omits it still sends `type` in the data.
  const kind = type !== "message" ? type : typeof json.type === "string" ? json.type : type;
  switch (kind) {
    case "content_block_delta": {
      const text = isObject(json.delta) ? deltaText(json.delta) : "";
      const reasoning = isObject(json.delta) && json.delta.type === "thinking_delta";
      return text === "" ? NONE : { kind: "delta", text, reasoning };
    }
    case "message_start": {
      const usage = isObject(json.message) ? json.message.usage : undefined;
      prompt.update(usage);
      // Its output_tokens is the count so far (1), never the answer's: message_delta has that.
      return prompt.event(undefined);
    }
    case "message_delta": {
      const usage = isObject(json.usage) ? json.usage : undefined;
      prompt.update(usage);
      return prompt.event(usage === undefined ? undefined : tokenCount(usage.output_tokens));
    }
    case "message_stop":
      return STOP;
    case "ping":
    case "content_block_start":
    case "content_block_stop":
      return NONE;
    case "error": {
      const error = isObject(json.error) ? json.error : null;
      const said = typeof error?.message === "string" ? `: ${JSON.stringify(error.message)}` : "";
      return { kind: "invalid", message: `error event in the stream${said} (${rawExcerpt(data)})` };
    }
    default: {
      const other = otherApiMessage("anthropic", kind, json, data);
      if (other !== null) return { kind: "invalid", message: other };
      // A new event type Anthropic adds later carries nothing we measure: not a failure.
      return NONE;
    }
  }
}
