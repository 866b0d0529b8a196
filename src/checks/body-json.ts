/**
 * Parsing a response body as JSON for checks and captures. Several JSON checks and captures of
 * one response read the same body: the last parse is kept, so the body is parsed once per
 * response however many of them there are.
 */

/** The body parsed, or `NOT_JSON`. */
export const NOT_JSON: unique symbol = Symbol("not JSON");

let lastBody: string | null = null;
let lastValue: unknown = NOT_JSON;

/**
 * `body` parsed as JSON, or `NOT_JSON`. The result is shared with other readers of the same body
 * text: callers must not mutate it.
 */
export function parseBodyJson(body: string): unknown {
  // Equal text parses to an equal value, so a hit is correct even for another response's body.
  if (body === lastBody) return lastValue;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    value = NOT_JSON;
  }
  lastBody = body;
  lastValue = value;
  return value;
}

/** A selected JSON value as text: strings as they are, anything else as its JSON text. */
export function jsonText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
