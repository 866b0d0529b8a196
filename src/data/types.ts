/**
 * Data files of a scenario (`data: { file, order, seed }`): rows read once when the budget is
 * parsed, one row per iteration (`row.*` in templates).
 */
import type { TemplateValue } from "../template/types.js";

/** How iterations walk the rows. */
export type DataOrder = "sequential" | "shuffle";

/** Formats read, chosen by the file's extension (`.jsonl`/`.ndjson`, `.csv`, `.txt`, `.json`). */
export type DataFormat = "jsonl" | "csv" | "txt" | "json";

/** A scenario's data, loaded. */
export interface DataSet {
  /** The path as the budget wrote it (relative to the budget file). */
  readonly file: string;
  readonly format: DataFormat;
  readonly order: DataOrder;
  /** Seed of the shuffle (budget `data.seed`, default the scenario's load seed). */
  readonly seed: number;
  /** Rows in file order: objects for jsonl/csv/json (of objects), strings for txt. Never empty. */
  readonly rows: readonly TemplateValue[];
  /**
   * Field names every row has (jsonl/json: keys present in every object row; csv: the header).
   * Empty for txt (its rows are plain values: `{{ row }}`).
   */
  readonly fields: readonly string[];
  /** The 1-based line each row starts on in the file, for messages. */
  readonly lines?: readonly number[];
}

/** A problem in a data file, at a line of that file (1-based; 1 for whole-file problems). */
export interface DataProblem {
  readonly line: number;
  readonly message: string;
}
