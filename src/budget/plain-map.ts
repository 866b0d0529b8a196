/**
 * Reading raw budget data (parsed YAML or a `json:` body) before or apart from the schema: the
 * cross-key rules must run even where the schema failed, so they cannot trust any shape.
 */

/** A map of raw budget data. */
export type PlainMap = Record<string, unknown>;

/** `value` as a map when it is one (not null, not an array), else undefined. */
export function asMap(value: unknown): PlainMap | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as PlainMap)
    : undefined;
}
