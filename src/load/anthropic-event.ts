/**
 * Anthropic Messages streams (`POST /v1/messages`, `"stream": true`): `message_start` (with the
 * input tokens), then per content block `content_block_start`, `content_block_delta`s and
 * `content_block_stop`, then `message_delta` (with the cumulative output tokens) and
 * `message_stop`; `ping` may come anywhere and `error` ends a failed stream. Every event names
 * its type both in its `event:` line and in its data's `type`.
 */
import { rawExcerpt } from "../metrics/error-samples.js";
import { isObject, type Json, tokenCount } from "./event-json.js";
import { otherApiMessage } from "./other-api.js";
import { NO_EVENT, type TypedStreamEvent, usageEvent } from "./typed-event.js";
import { readUsageCounts } from "./usage-counts.js";

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

/** `{ cachedTokens }` when the count is known, else nothing. */
function pick(cachedTokens: number | undefined): { cachedTokens?: number } {
  return cachedTokens === undefined ? {} : { cachedTokens };
}

/**
 * Reads one event of an Anthropic Messages stream (Anthropic, and servers that speak its API:
 * Bedrock's and Vertex's Messages endpoints, LiteLLM, vLLM's `/v1/messages`). Never throws.
 */
export function readAnthropicEvent(data: string, type: string): TypedStreamEvent {
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
      // input_tokens excludes cache reads and writes: promptTokens is their sum (usage-counts.ts).
      const counts = readUsageCounts(isObject(json.message) ? json.message.usage : undefined);
      return counts.promptTokens === undefined
        ? NONE
        : usageEvent(counts.promptTokens, undefined, false, { ...pick(counts.cachedTokens) });
    }
    case "message_delta": {
      const outputTokens = isObject(json.usage) ? tokenCount(json.usage.output_tokens) : undefined;
      return outputTokens === undefined ? NONE : usageEvent(undefined, outputTokens, false);
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
