/**
 * `parseDataFile`: a scenario's data file, read once when the budget is read. The format comes
 * from the extension; problems are located at a line of the file, capped so a wrong file (say a
 * 100,000-line CSV read as JSONL) gives a readable list rather than 100,000 lines.
 */
import { extname } from "node:path";
import type { TemplateValue } from "../template/types.js";
import { commonFields } from "./fields.js";
import { readCsv } from "./read-csv.js";
import { readJsonArray } from "./read-json.js";
import { readJsonLines, readTextLines } from "./read-lines.js";
import type { ReadResult } from "./read-result.js";
import type { DataFormat, DataProblem } from "./types.js";

/** Problems listed for one file; the rest are counted in one last problem. */
export const MAX_DATA_PROBLEMS = 20;

/** A data file, parsed; usable when `problems` is empty (then `rows` is never empty). */
export interface ParsedData {
  /** Undefined when the extension is not one of the accepted ones. */
  readonly format: DataFormat | undefined;
  readonly rows: readonly TemplateValue[];
  /** The 1-based line each row starts on (1 for every row of a one-line `.json`). */
  readonly lines: readonly number[];
  /** csv: the header; jsonl/json: keys every object row has; txt and string rows: []. */
  readonly fields: readonly string[];
  readonly problems: readonly DataProblem[];
}

const FORMATS: Readonly<Record<string, DataFormat>> = {
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".csv": "csv",
  ".txt": "txt",
  ".json": "json",
};

const READERS: Readonly<Record<DataFormat, (text: string) => ReadResult>> = {
  jsonl: readJsonLines,
  csv: readCsv,
  txt: readTextLines,
  json: readJsonArray,
};

const EXPECTED_ROWS: Readonly<Record<DataFormat, string>> = {
  jsonl: 'one JSON object per line, like {"q": "red shoes"}',
  csv: "a header row, then one row of values per line",
  txt: "one value per line",
  json: "a JSON array of objects or strings",
};

/**
 * Rows of `text`, the content of `file` (its name picks the format: `.jsonl`/`.ndjson`, `.csv`,
 * `.txt`, `.json`). A UTF-8 byte order mark is dropped. No rows at all is a problem.
 */
export function parseDataFile(text: string, file: string): ParsedData {
  const extension = extname(file).toLowerCase();
  const format = FORMATS[extension];
  if (format === undefined) {
    const accepted = Object.keys(FORMATS).join(", ");
    return {
      format,
      rows: [],
      lines: [],
      fields: [],
      problems: [
        { line: 1, message: `unknown data file type "${extension || file}": expected one of ${accepted}` },
      ],
    };
  }
  const read = READERS[format](text.startsWith("\ufeff") ? text.slice(1) : text);
  const problems = [...read.problems];
  if (read.rows.length === 0 && problems.length === 0) {
    const found = read.header ? "the file has a header and no rows below it" : "the file is empty";
    problems.push({ line: 1, message: `no rows: ${found}; expected ${EXPECTED_ROWS[format]}` });
  }
  return {
    format,
    rows: read.rows,
    lines: read.lines,
    fields: read.header ?? commonFields(read.rows),
    problems: capProblems(problems),
  };
}

function capProblems(problems: readonly DataProblem[]): readonly DataProblem[] {
  if (problems.length <= MAX_DATA_PROBLEMS) return problems;
  const rest = problems.length - MAX_DATA_PROBLEMS;
  const next = problems[MAX_DATA_PROBLEMS] as DataProblem;
  return [
    ...problems.slice(0, MAX_DATA_PROBLEMS),
    { line: next.line, message: `… and ${rest} more problems like these from here on` },
  ];
}
