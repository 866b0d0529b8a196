/**
 * What each format's reader returns: rows in file order, the line each starts on, and problems.
 */
import { clipText } from "../budget/clip-text.js";
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

/** A value as a problem quotes it: its kind, and short values themselves. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `a string "${clipText(value)}"`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

/** True for a JSON object (not an array, not null). */
export function isObjectRow(value: unknown): value is { readonly [key: string]: TemplateValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
