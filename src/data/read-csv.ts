/**
 * CSV with a header row (RFC 4180 quoting through csv-parse). Values stay strings: "007" is an
 * id, not the number 7; a template inserts the text as it is.
 */
import { parse } from "csv-parse/sync";
import { clipText } from "../budget/clip-text.js";
import { emptyRead, type ReadResult } from "./read-result.js";

interface CsvRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/** CSV rows as objects keyed by the header; a row with another number of values is a problem. */
export function readCsv(text: string): ReadResult {
  const read = emptyRead();
  let records: CsvRecord[];
  try {
    records = parse(text, {
      relax_column_count: true,
      info: true,
      skip_empty_lines: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    // csv-parse's message quotes the offending value: only its code is shown (see describeValue).
    const code = (error as { code?: unknown }).code;
    const reason =
      typeof code === "string" ? code.replace(/^CSV_/, "").toLowerCase().replaceAll("_", " ") : "";
    read.problems.push({
      line: typeof line === "number" ? line : 1,
      message: `not valid CSV${reason === "" ? "" : `: ${reason}`}; quote a value that holds a comma, a quote or a line break`,
    });
    return read;
  }
  const [head, ...body] = records;
  if (head === undefined) return read;
  const header = head.record;
  checkHeader(header, read);
  for (const { record, info } of body) {
    const line = startLine(record, info.lines);
    if (record.length !== header.length) {
      read.problems.push({
        line,
        message: `expected ${header.length} values (the header's columns: ${clipText(header.join(","))}), got ${record.length}; quote a value that holds a comma`,
      });
      continue;
    }
    read.rows.push(Object.fromEntries(header.map((name, i) => [name, record[i] ?? ""])));
    read.lines.push(line);
  }
  return { ...read, header };
}

function checkHeader(header: readonly string[], read: ReadResult): void {
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name.trim() === "") {
      read.problems.push({
        line: 1,
        message: `column ${i + 1} of the header has no name: name every column`,
      });
    } else if (seen.has(name)) {
      read.problems.push({
        line: 1,
        message: `column "${clipText(name)}" appears twice in the header: rename one`,
      });
    }
    seen.add(name);
  });
}

/** csv-parse reports the line a record ends on; a quoted value with line breaks started earlier. */
function startLine(record: readonly string[], endLine: number): number {
  let breaks = 0;
  for (const value of record) for (const char of value) if (char === "\n") breaks++;
  return endLine - breaks;
}
