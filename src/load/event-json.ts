/**
 * What the stream parsers (openai-chunk.ts, anthropic-event.ts, responses-event.ts) read from an
 * event's parsed JSON: objects, and token counts.
 */

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** True for a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A token count from an event: a finite number ≥ 0, else undefined (a missing or odd field is no count). */
export function tokenCount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}
