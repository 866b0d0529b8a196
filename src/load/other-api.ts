import type { StreamFormat } from "../budget/types.js";
import { rawExcerpt } from "../metrics/error-samples.js";
import type { Json } from "./event-json.js";

/** The event types of an Anthropic Messages stream. */
const ANTHROPIC_EVENTS = new Set([
  "message_start",
  "content_block_start",
  "content_block_delta",
  "content_block_stop",
  "message_delta",
  "message_stop",
]);

/** Which streamed API an event belongs to, from its type and (when parsed) its data; null: none known. */
function apiOf(type: string, json: Json | null): StreamFormat | null {
  if (ANTHROPIC_EVENTS.has(type)) return "anthropic";
  if (type.startsWith("response.")) return "openai-responses";
  if (json !== null && (Array.isArray(json.choices) || json.object === "chat.completion.chunk"))
    return "openai";
  return null;
}

const WHAT: Readonly<Record<string, string>> = {
  anthropic: "an Anthropic Messages stream",
  "openai-responses": "an OpenAI Responses API stream",
  openai: "an OpenAI chat completions chunk",
};

/**
 * The stream_error of an event that belongs to another API than the `reading` format's, naming
 * the format to write instead (`got event message_start, an Anthropic Messages stream: did you
 * mean stream: anthropic? (…)`), or null when the event is not recognisably another API's.
 * `type` is the event's type (`message` when it named none), `json` its parsed data when read.
 */
export function otherApiMessage(
  reading: StreamFormat,
  type: string,
  json: Json | null,
  data: string,
): string | null {
  const api = apiOf(type, json);
  if (api === null || api === reading) return null;
  const got = type === "message" ? "got" : `got event ${type},`;
  return `${got} ${WHAT[api]}: did you mean stream: ${api}? (${rawExcerpt(data)})`;
}
