/**
 * Data files of a scenario: parsed once when the budget is read, one row per iteration.
 */

export { commonFields, type MissingField, rowMissingField } from "./fields.js";
export { MAX_DATA_PROBLEMS, type ParsedData, parseDataFile } from "./parse-data-file.js";
export { rowAt, shuffledOrder } from "./row-at.js";
export type * from "./types.js";
