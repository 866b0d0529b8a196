/**
 * The usage of a NON-streamed JSON response (`request.usage`): an OpenAI chat/completions or
 * embeddings body (`{"choices": …, "usage": {…}}`), a Responses API body (`{"object": "response",
 * "usage": {…}}`) or an Anthropic Messages body (`{"type": "message", "content": […], "usage": {…}}`).
 * Only the server's own counts are used: a body without a parsable `usage` has no tokens (an
 * estimate from a JSON envelope would count its keys and ids as text).
 */
import { isObject, type Json } from "./event-json.js";
import { readUsageCounts, type UsageCounts } from "./usage-counts.js";

/** What a JSON body says of its tokens. */
export interface JsonUsage {
  readonly counts: UsageCounts;
  /**
   * Reasoning text the body carries (Anthropic `thinking` blocks, vLLM/DeepSeek
   * `message.reasoning_content` / `message.reasoning`), to estimate reasoning tokens when usage
   * has no count of its own; "" when none (or only the tail of a long body was kept).
   */
  readonly reasoningText: string;
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** Reasoning text of an Anthropic body's `thinking` blocks and of OpenAI-compatible choices. */
function reasoningTextOf(json: Json): string {
  let text = "";
  if (Array.isArray(json.content)) {
    for (const block of json.content) {
      if (isObject(block) && block.type === "thinking") text += str(block.thinking);
    }
  }
  if (Array.isArray(json.choices)) {
    for (const choice of json.choices) {
      const message = isObject(choice) ? choice.message : undefined;
      if (isObject(message)) text += str(message.reasoning_content) + str(message.reasoning);
    }
  }
  return text;
}

/**
 * The object that follows the LAST `"usage"` key in `text`, parsed, or undefined: how the usage of
 * a body longer than the bytes kept is found in its kept tail (every API above writes `usage`
 * last or near it). Braces inside strings are skipped.
 */
export function lastUsageObject(text: string): unknown {
  const key = text.lastIndexOf('"usage"');
  if (key < 0) return undefined;
  const open = text.indexOf("{", key);
  if (open < 0 || text.slice(key + 7, open).trim() !== ":") return undefined;
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) {
      try {
        return JSON.parse(text.slice(open, i + 1));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Reads the usage of a JSON response body: `whole` is the complete body, or null when it was
 * longer than the bytes kept, and `tail` then its last bytes. Undefined when the body has no
 * usage with any count (not JSON, an error object, a server that sends none).
 */
export function readJsonUsage(whole: string | null, tail: string): JsonUsage | undefined {
  let usage: unknown;
  let reasoningText = "";
  if (whole !== null) {
    let json: unknown;
    try {
      json = JSON.parse(whole);
    } catch {
      return undefined;
    }
    if (!isObject(json)) return undefined;
    usage = json.usage;
    reasoningText = reasoningTextOf(json);
  } else {
    usage = lastUsageObject(tail);
  }
  const counts = readUsageCounts(usage);
  if (counts.outputTokens === undefined && counts.promptTokens === undefined) return undefined;
  return { counts, reasoningText };
}
