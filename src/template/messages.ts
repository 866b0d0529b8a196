/**
 * `messages(x)`: a ShareGPT conversation as the OpenAI chat `messages` of its next request.
 * ShareGPT dumps (the vLLM and GuideLLM benchmark sets) hold `conversations: [{from, value}]`
 * with `from` human/gpt/system; a chat request needs `[{role, content}]` ending on a user turn,
 * so the trailing assistant answers are dropped: the server is asked for the answer instead.
 */
import type { TemplateValue } from "./types.js";

/** ShareGPT speakers and the chat role each becomes; any other `from` is kept as the role. */
const ROLES: Readonly<Record<string, string>> = {
  human: "user",
  user: "user",
  gpt: "assistant",
  chatgpt: "assistant",
  bard: "assistant",
  bing: "assistant",
  model: "assistant",
  assistant: "assistant",
  system: "system",
};

/**
 * Chat messages from `value`:
 * - an array of `{from, value}` turns: converted, trailing assistant turns dropped;
 * - an array whose items have `role` (already chat messages): returned as it is;
 * - an object with a `conversations` or `messages` array (a whole ShareGPT row): that array, as above;
 * - a string: one user message with that content (a plain prompt file);
 * - anything else (a missing field): an empty array.
 */
export function toChatMessages(value: TemplateValue | undefined): TemplateValue {
  if (typeof value === "string") return [{ role: "user", content: value }];
  if (isRecord(value)) {
    const inner = value.conversations ?? value.messages;
    return Array.isArray(inner) ? toChatMessages(inner) : [];
  }
  if (!Array.isArray(value)) return [];
  const turns = value as readonly TemplateValue[];
  if (turns.some((turn) => isRecord(turn) && "role" in turn)) return turns;
  const messages = turns.map(toMessage);
  let end = messages.length;
  while (end > 0 && messages[end - 1]?.role === "assistant") end--;
  return messages.slice(0, end);
}

function toMessage(turn: TemplateValue): { role: string; content: TemplateValue } {
  if (!isRecord(turn)) return { role: "user", content: turn };
  const from = typeof turn.from === "string" ? turn.from : "human";
  return { role: ROLES[from.toLowerCase()] ?? from, content: turn.value ?? "" };
}

function isRecord(value: TemplateValue | undefined): value is { readonly [key: string]: TemplateValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
