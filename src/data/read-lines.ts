import { describeValue, emptyRead, isObjectRow, type ReadResult } from "./read-result.js";

/** Each non-blank line as [1-based line number, text without its line break]. */
function* nonBlankLines(text: string): Generator<readonly [number, string]> {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const clean = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (clean.trim() !== "") yield [i + 1, clean];
  }
}

/** JSONL rows: every non-blank line must be a JSON object; any other line is a problem at that line. */
export function readJsonLines(text: string): ReadResult {
  const read = emptyRead();
  for (const [line, source] of nonBlankLines(text)) {
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch {
      // The parser's message quotes the line: never shown (see describeValue).
      read.problems.push({ line, message: "expected a JSON object, got text that is not JSON" });
      continue;
    }
    if (!isObjectRow(value)) {
      read.problems.push({
        line,
        message: `expected a JSON object like {"q": "…"}, got ${describeValue(value)}`,
      });
      continue;
    }
    read.rows.push(value);
    read.lines.push(line);
  }
  return read;
}

/** Text rows: each non-blank line is one string row, as it is (no trimming). */
export function readTextLines(text: string): ReadResult {
  const read = emptyRead();
  for (const [line, source] of nonBlankLines(text)) {
    read.rows.push(source);
    read.lines.push(line);
  }
  return read;
}
