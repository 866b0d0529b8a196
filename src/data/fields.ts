/**
 * Fields of a data set, for the budget's checks of `row.<field>`: a field is "known" only when
 * every row has it, so a budget that passes the check never reads a missing field.
 */
import type { TemplateValue } from "../template/types.js";
import { isObjectRow } from "./read-result.js";

/** Keys every row has, in the first row's order; empty when any row is not an object. */
export function commonFields(rows: readonly TemplateValue[]): string[] {
  const [first] = rows;
  if (!isObjectRow(first)) return [];
  let fields = Object.keys(first);
  for (const row of rows) {
    if (!isObjectRow(row)) return [];
    fields = fields.filter((field) => Object.hasOwn(row, field));
    if (fields.length === 0) break;
  }
  return fields;
}

/** Where the first row lacking a field is: its 0-based index, and its 1-based line when known. */
export interface MissingField {
  readonly index: number;
  readonly line?: number;
}

/**
 * The first row without `field` (or that is not an object), or undefined when every row has it:
 * lets the budget say "row 17 (line 18) has no field q". `lines[i]` is row i's line.
 */
export function rowMissingField(
  rows: readonly TemplateValue[],
  field: string,
  lines?: readonly number[],
): MissingField | undefined {
  const index = rows.findIndex((row) => !isObjectRow(row) || !Object.hasOwn(row, field));
  if (index === -1) return undefined;
  const line = lines?.[index];
  return line === undefined ? { index } : { index, line };
}
