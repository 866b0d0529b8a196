import { rawExcerpt } from "../metrics/error-samples.js";
import { isObject, type Json } from "./event-json.js";
import { otherApiMessage } from "./other-api.js";
import { NO_EVENT, type TypedStreamEvent, usageEvent } from "./typed-event.js";
import { readUsageCounts } from "./usage-counts.js";

/**
 * OpenAI Responses API streams (`POST /v1/responses`, `"stream": true`)
 * says, reduced to what the metrics need. The stream opens with `response.created` and
 * `response.in_progress` (no content), then output items whose deltas carry the generated text
 * (`response.output_text.delta`, `response.reasoning_text.delta`, `response.reasoning_summary_text.delta`,
 * `response.refusal.delta`, `response.function_call_arguments.delta`), and ends with
 * `response.completed` (or `response.incomplete`), whose `response.usage` has the token counts.
 * `response.failed` and `error` end a failed stream. Every event names its type in its `event:`
 * line and in its data's `type`.
 */
const NONE = NO_EVENT;

/** The delta events whose `delta` string is generated output. */
const DELTA_EVENTS = new Set([
  "response.output_text.delta",
  "response.reasoning_text.delta",
  "response.reasoning_summary_text.delta",
  "response.refusal.delta",
  "response.function_call_arguments.delta",
]);

/** The delta events of reasoning text: not the answer (ttfat waits for the answer). */
const REASONING_EVENTS = new Set(["response.reasoning_text.delta", "response.reasoning_summary_text.delta"]);

/** The server's words for why the response failed, from `response.error` or the event's own `error`/`message`. */
function failureText(json: Json): string {
  const response = isObject(json.response) ? json.response : null;
  const error = isObject(response?.error) ? response.error : isObject(json.error) ? json.error : json;
  return typeof error.message === "string" ? `: ${JSON.stringify(error.message)}` : "";
}

/**
 * Reads one event of a Responses API stream (OpenAI, Azure OpenAI, and servers that serve
 * `/v1/responses`: vLLM, LiteLLM, Ollama). Never throws.
 */
export function readResponsesEvent(data: string, type: string): TypedStreamEvent {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    if (data.trim() === "[DONE]") return NONE; // a few proxies close every stream with it
    return { kind: "invalid", message: `event is not valid JSON: ${rawExcerpt(data)}` };
  }
  if (!isObject(json)) return { kind: "invalid", message: `event is not a JSON object: ${rawExcerpt(data)}` };
  const kind = type !== "message" ? type : typeof json.type === "string" ? json.type : type;
  if (DELTA_EVENTS.has(kind)) {
    const text = typeof json.delta === "string" ? json.delta : "";
    return text === "" ? NONE : { kind: "delta", text, reasoning: REASONING_EVENTS.has(kind) };
  }
  switch (kind) {
    case "response.completed":
    case "response.incomplete": {
      const response = isObject(json.response) ? json.response : null;
      const counts = readUsageCounts(response?.usage);
      return usageEvent(counts.promptTokens, counts.outputTokens, true, counts);
    }
    case "response.failed":
    case "error":
      return {
        kind: "invalid",
        message: `${kind} event in the stream${failureText(json)} (${rawExcerpt(data)})`,
      };
    default: {
      const other = otherApiMessage("openai-responses", kind, json, data);
      if (other !== null) return { kind: "invalid", message: other };
      return NONE;
    }
  }
}
