/**
 * One event of a generic SSE stream the budget describes (`stream: sse` with `request.sse`), as
 * the stream reader needs it: the text it carries when it is content, the token counts it
 * carries, whether it ends the stream. The paths were compiled with the budget; per event only
 * the data is parsed (once, and only when a path reads it) and the paths' steps walked.
 */
import type { SseSpec } from "../budget/types.js";
import { type JsonPath, selectJson } from "../checks/json-path.js";
import { rawExcerpt } from "../metrics/error-samples.js";
import { tokenCount } from "./event-json.js";

/** What one event means; `text` is "" when the event is no content. */
export type SseEvent =
  | {
      readonly kind: "read";
      readonly text: string;
      readonly inputTokens?: number;
      readonly outputTokens?: number;
      readonly end: boolean;
    }
  | { readonly kind: "invalid"; readonly message: string };

const NOTHING: SseEvent = { kind: "read", text: "", end: false };
const END: SseEvent = { kind: "read", text: "", end: true };

/**
 * Reads event `type` with `data` as `spec` describes. Content is an event of a type in
 * `spec.events` (absent: any) whose `text` path is a non-empty string (no path: non-empty data).
 * Token counts are read from any event whose data has them, so a final `usage` event need not be
 * a content type. `data: [DONE]` and an event of type `spec.end` end the stream.
 */
export function readCustomSseEvent(spec: SseSpec, data: string, type: string): SseEvent {
  if (data === "[DONE]") return END;
  const end = spec.end !== undefined && type === spec.end;
  const content = !end && (spec.events === undefined || spec.events.includes(type));
  const textPath = content ? spec.text : undefined;
  const readsUsage = spec.usage !== undefined || spec.promptUsage !== undefined;
  if ((textPath === undefined && !readsUsage) || data.length === 0) return whole(content, data, end);
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    // Only a content event whose text is at a path must be JSON: other events (keep-alives,
    // progress) may hold anything, and then carry no usage.
    if (textPath === undefined) return whole(content, data, end);
    return invalid(
      `got event ${type} whose data is not JSON, but sse.text reads ${textPath.text} from it`,
      data,
    );
  }
  const text = textPath !== undefined ? readText(textPath, json, type, data) : content ? data : "";
  if (typeof text !== "string") return text;
  const output = readTokens("usage", spec.usage, json, type, data);
  if (typeof output === "object") return output;
  const input = readTokens("prompt_usage", spec.promptUsage, json, type, data);
  if (typeof input === "object") return input;
  return {
    kind: "read",
    text,
    end,
    ...(output === undefined ? {} : { outputTokens: output }),
    ...(input === undefined ? {} : { inputTokens: input }),
  };
}

/** The event as a whole: its data is the text when it is content (a data-less event never is). */
function whole(content: boolean, data: string, end: boolean): SseEvent {
  if (content && data.length > 0) return { kind: "read", text: data, end };
  return end ? END : NOTHING;
}

/** The text at `path`: "" when absent or null (no content in this event); any other value is a wrong path. */
function readText(path: JsonPath, json: unknown, type: string, data: string): string | SseEvent {
  const selected = selectJson(path, json);
  if (!selected.found || selected.value === null) return "";
  if (typeof selected.value === "string") return selected.value;
  return invalid(
    `sse.text ${path.text} is ${kindOf(selected.value)} in event ${type}, expected text: point sse.text at the string`,
    data,
  );
}

/** The count at `path`: undefined when absent or null; anything but a number ≥ 0 is a wrong path. */
function readTokens(
  key: string,
  path: JsonPath | undefined,
  json: unknown,
  type: string,
  data: string,
): number | undefined | SseEvent {
  if (path === undefined) return undefined;
  const selected = selectJson(path, json);
  if (!selected.found || selected.value === null) return undefined;
  const count = tokenCount(selected.value);
  if (count !== undefined) return count;
  return invalid(
    `sse.${key} ${path.text} is ${kindOf(selected.value)} in event ${type}, expected a token count: point sse.${key} at the number`,
    data,
  );
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  return typeof value === "string" ? `the text ${JSON.stringify(rawExcerpt(value))}` : String(value);
}

function invalid(what: string, data: string): SseEvent {
  return { kind: "invalid", message: `${what} (${rawExcerpt(data)})` };
}
