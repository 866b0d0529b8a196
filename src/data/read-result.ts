import type { TemplateValue } from "../template/types.js";
import type { DataProblem } from "./types.js";

/** Rows read from one file; `lines[i]` is the 1-based line row `i` starts on. */
export interface ReadResult {
  readonly rows: TemplateValue[];
  readonly lines: number[];
  readonly problems: DataProblem[];
  /** The CSV header; undefined for other formats (fields are the keys every row has). */
  readonly header?: readonly string[];
}

/** An empty result to fill. */
export function emptyRead(): ReadResult {
  return { rows: [], lines: [], problems: [] };
}

/**
 * A value as a problem names it: its kind only. A data file can hold credentials (a users.csv
 * with passwords), and problems are printed in CI logs: no part of the file's content is quoted.
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return "a string";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** True for a JSON object (not an array, not null). */
export function isObjectRow(value: unknown): value is { readonly [key: string]: TemplateValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
