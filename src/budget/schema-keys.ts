/**
 * Reads the keys the budget schema allows at a key path, so "unknown key" messages can suggest
 * the intended one without keeping a second list of keys that could drift from the schema.
 */
import * as z from "zod";
import type { KeyPath } from "./yaml-source.js";

/** Strips the wrappers that do not change which keys a map allows. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault)
      current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else return current;
  }
}

/** The schema that validates the value at `path`, or undefined when the path leaves the schema. */
export function schemaAt(root: z.ZodType, path: KeyPath): z.ZodType | undefined {
  let current: z.ZodType | undefined = unwrap(root);
  for (const seg of path) {
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, z.ZodType>)[String(seg)];
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else return undefined;
    if (current === undefined) return undefined;
    current = unwrap(current);
  }
  return current;
}

/** Keys of the map at `path` (empty when it is not a fixed-key map). */
export function keysAt(root: z.ZodType, path: KeyPath): string[] {
  const schema = schemaAt(root, path);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/**
 * The child map of `path` that allows `key`, e.g. `load` for a `duration` written one level too
 * high; undefined when no direct child has it.
 */
export function childOwning(root: z.ZodType, path: KeyPath, key: string): string | undefined {
  return keysAt(root, path).find((child) => keysAt(root, [...path, child]).includes(key));
}
