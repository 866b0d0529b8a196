import { rawExcerpt } from "../metrics/error-samples.js";
import { isObject, type Json } from "./event-json.js";
import { readUsageCounts } from "./usage-counts.js";

/**
 * What one `data:` event of an OpenAI-compatible streamed (chat) completion says, reduced to what the
 * metrics need: whether generated output arrived, its text (for token estimation), and usage.
 */
export type OpenAiChunk =
  | { readonly kind: "done" } // data is "[DONE]" (whitespace-trimmed)
  | { readonly kind: "invalid"; readonly message: string } // not JSON, or JSON that is not an object
  | { readonly kind: "error"; readonly message: string } // {"error": …} (object or string), or {"object": "error", "message": …} (vLLM)
  | {
      readonly kind: "chunk";
      /** Generated text in this chunk (all choices): delta.content, delta.reasoning_content, delta.reasoning, delta.refusal, tool_calls[].function.name/arguments, legacy completions' choices[].text. "" when none. */
      readonly text: string;
      /** True when the chunk carries generated output: non-empty text, or a tool-call delta. A role-only opening chunk ({"delta":{"role":"assistant","content":""}}) is false. */
      readonly hasContent: boolean;
      /** The part of `text` that is reasoning (delta.reasoning_content, delta.reasoning); "" when none. */
      readonly reasoningText: string;
      /** True when the chunk carries ANSWER output (content, refusal, tool calls, legacy text), not only reasoning. */
      readonly hasAnswer: boolean;
      /** usage.completion_tokens_details.reasoning_tokens, and usage.prompt_tokens_details.cached_tokens, when sent. */
      readonly reasoningTokens?: number;
      readonly cachedTokens?: number;
      /** usage.completion_tokens when the chunk carries usage (a finite number ≥ 0), else undefined. */
      readonly completionTokens?: number;
      /** usage.prompt_tokens, likewise. */
      readonly promptTokens?: number;
      /** choices[0].finish_reason when it is a string (`stop`, `length`, …); absent while null. */
      readonly finishReason?: string;
    };

const DONE: OpenAiChunk = { kind: "done" };
// Longest data that can still be "[DONE]" once trimmed; shorter checks skip trim() on every chunk.
const DONE_MAX_CHARS = 32;

/** The chunk quoted RAW (up to `SAMPLE_RAW_CHARS`): the report redacts first, then cuts. */
function excerpt(data: string): string {
  return rawExcerpt(data);
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** The server's own words for an error object, whichever of the known shapes it uses. */
function errorMessage(json: Json): string | undefined {
  const error = json.error;
  if (typeof error === "string") return error; // TGI: {"error":"Input validation error: …","error_type":…}
  if (isObject(error)) return typeof error.message === "string" ? error.message : undefined; // OpenAI, llama.cpp
  return typeof json.message === "string" ? json.message : undefined; // vLLM: {"object":"error","message":…}
}

function isError(json: Json): boolean {
  // `"error": null` is sent by a few proxies on ordinary chunks: only a present error is one.
  return (json.error !== undefined && json.error !== null) || json.object === "error";
}

/** Tool-call deltas carry output (a name or argument fragment) even when the fragment is empty. */
function hasToolCall(delta: Json): boolean {
  return Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0;
}

function toolCallText(toolCalls: readonly unknown[]): string {
  let text = "";
  for (const call of toolCalls) {
    const fn = isObject(call) ? call.function : undefined;
    if (isObject(fn)) text += str(fn.name) + str(fn.arguments);
  }
  return text;
}

/** The generated answer text of one choice; "" for role-only, reasoning-only and finish_reason chunks. */
function choiceText(choice: Json): string {
  const delta = choice.delta;
  // Legacy /v1/completions streams put the text on the choice itself.
  if (!isObject(delta)) return str(choice.text);
  const text = str(delta.content) + str(delta.refusal);
  return hasToolCall(delta) ? text + toolCallText(delta.tool_calls as unknown[]) : text;
}

/**
 * The reasoning text of one choice. reasoning_content (DeepSeek, vLLM) and reasoning (Ollama,
 * OpenRouter, newer vLLM) are generated tokens as much as content is (a thinking model's first
 * token is usually one of them: ttft counts it), but not the answer (ttfat does not).
 */
function choiceReasoning(choice: Json): string {
  const delta = choice.delta;
  return isObject(delta) ? str(delta.reasoning_content) + str(delta.reasoning) : "";
}

function readChunk(json: Json): OpenAiChunk {
  let text = "";
  let reasoningText = "";
  let toolCall = false;
  const choices = json.choices;
  if (Array.isArray(choices)) {
    // n > 1: every choice's tokens are output tokens of this request.
    for (const choice of choices) {
      if (!isObject(choice)) continue;
      text += choiceText(choice);
      reasoningText += choiceReasoning(choice);
      toolCall ||= isObject(choice.delta) && hasToolCall(choice.delta);
    }
  }
  const hasAnswer = toolCall || text !== "";
  const hasContent = hasAnswer || reasoningText !== "";
  const chunk = { kind: "chunk", text: text + reasoningText, hasContent, reasoningText, hasAnswer } as const;
  // Every chunk but the last says `"finish_reason": null`; the checks want the last one said.
  const first = Array.isArray(choices) ? choices[0] : undefined;
  const reason = isObject(first) && typeof first.finish_reason === "string" ? first.finish_reason : undefined;
  const usage = json.usage; // null on ordinary chunks when include_usage is on
  if (!isObject(usage)) return reason === undefined ? chunk : { ...chunk, finishReason: reason };
  const counts = readUsageCounts(usage);
  return {
    ...chunk,
    completionTokens: counts.outputTokens,
    promptTokens: counts.promptTokens,
    ...(counts.reasoningTokens === undefined ? {} : { reasoningTokens: counts.reasoningTokens }),
    ...(counts.cachedTokens === undefined ? {} : { cachedTokens: counts.cachedTokens }),
    ...(reason === undefined ? {} : { finishReason: reason }),
  };
}

/**
 * Reads one SSE event's data from an OpenAI-compatible stream (OpenAI, Azure OpenAI, vLLM, TGI's
 * Messages API, llama.cpp server, Ollama's /v1). Never throws: malformed data is an `invalid` value
 * the engine turns into a `stream_error` with the message as its sample.
 */
export function readOpenAiChunk(data: string): OpenAiChunk {
  if (data === "[DONE]" || (data.length <= DONE_MAX_CHARS && data.trim() === "[DONE]")) return DONE;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { kind: "invalid", message: `chunk is not valid JSON: ${excerpt(data)}` };
  }
  if (!isObject(json)) return { kind: "invalid", message: `chunk is not a JSON object: ${excerpt(data)}` };
  if (isError(json)) {
    const said = errorMessage(json);
    const quoted = said === undefined ? "" : `: ${JSON.stringify(said)}`;
    return { kind: "error", message: `error event in the stream${quoted} (${excerpt(data)})` };
  }
  return readChunk(json);
}
