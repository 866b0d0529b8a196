/**
 * `unique_prefix`: a marker unique to the run and the request at the start of the prompt, so no
 * two requests share a cached prompt prefix and TTFT measures cold prefill (vLLM and GuideLLM
 * both found fixed prompts against a warm prefix cache inflate results).
 */
import type { TemplateValue } from "./types.js";

type Record_ = { readonly [key: string]: TemplateValue };

/**
 * The marker of request `seq` in a run: `[<nonce>-<seq in base36>] `, e.g. `[a1b2c3-h] ` for
 * seq 17. The trailing space keeps it apart from the prompt's first word.
 */
export function uniqueMarker(runNonce: string, seq: number): string {
  return `[${runNonce}-${seq.toString(36)}] `;
}

/**
 * True when `body` (the `json:` value as written, before templating) has something
 * `withUniquePrefix` can prefix: a `messages` or `prompt` key (whose value may be a template
 * filled per request), or the body is itself one template string (`{{= row }}`), known only per
 * request. The budget refuses `unique_prefix: true` when this is false.
 */
export function hasPromptToPrefix(body: TemplateValue): boolean {
  if (typeof body === "string") return body.includes("{{");
  return isRecord(body) && (Object.hasOwn(body, "messages") || Object.hasOwn(body, "prompt"));
}

/**
 * A copy of `body` with `marker` prepended to the first `role: "user"` message's content (a
 * string, or the first `{type: "text"}` part of an array; a text part is added in front when
 * there is none; any other content is left as it is), or, when there is no `messages` array, to a string `prompt` (or the first
 * string of an array `prompt`, legacy completions). `body` itself is never modified (its parts
 * are shared between requests); only the objects on the way to the prompt are copied. Returns
 * `body` unchanged when it has neither.
 */
export function withUniquePrefix(body: TemplateValue, marker: string): TemplateValue {
  if (!isRecord(body)) return body;
  const messages = body.messages;
  if (Array.isArray(messages)) {
    const list = messages as readonly TemplateValue[];
    const at = list.findIndex((message) => isRecord(message) && message.role === "user");
    const user = list[at];
    if (!isRecord(user)) return body;
    const copy = [...list];
    copy[at] = { ...user, content: prefixContent(user.content, marker) };
    return { ...body, messages: copy };
  }
  const prompt = body.prompt;
  if (typeof prompt === "string") return { ...body, prompt: marker + prompt };
  if (Array.isArray(prompt) && typeof prompt[0] === "string") {
    return { ...body, prompt: [marker + prompt[0], ...prompt.slice(1)] };
  }
  return body;
}

function prefixContent(content: TemplateValue | undefined, marker: string): TemplateValue {
  if (typeof content === "string") return marker + content;
  if (!Array.isArray(content)) return content ?? null;
  const parts = content as readonly TemplateValue[];
  const at = parts.findIndex(
    (part) => isRecord(part) && part.type === "text" && typeof part.text === "string",
  );
  const part = parts[at];
  if (!isRecord(part)) return [{ type: "text", text: marker }, ...parts];
  const copy = [...parts];
  copy[at] = { ...part, text: marker + String(part.text) };
  return copy;
}

function isRecord(value: TemplateValue | undefined): value is Record_ {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
