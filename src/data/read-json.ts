import { describeValue, emptyRead, isObjectRow, type ReadResult } from "./read-result.js";

/** Rows of a JSON array; all must be objects, or all strings, like the first. */
export function readJsonArray(text: string): ReadResult {
  const read = emptyRead();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the text around the error: only its line is shown.
    const reason = error instanceof Error ? error.message : String(error);
    read.problems.push({ line: errorLine(text, reason), message: "not valid JSON" });
    return read;
  }
  if (!Array.isArray(value)) {
    read.problems.push({
      line: 1,
      message: `expected a JSON array of objects or strings (e.g. a ShareGPT dump), got ${describeValue(value)}; for one object per line, name the file .jsonl`,
    });
    return read;
  }
  const strings = typeof value[0] === "string";
  const lines = elementLines(text);
  value.forEach((item: unknown, i) => {
    const line = lines[i] ?? 1;
    if (strings ? typeof item === "string" : isObjectRow(item)) {
      read.rows.push(item as string);
      read.lines.push(line);
    } else {
      const kind = strings ? "a string" : "an object";
      read.problems.push({
        line,
        message: `element [${i}]: expected ${kind} like element [0], got ${describeValue(item)}`,
      });
    }
  });
  return read;
}

/**
 * The line each element of the top-level array starts on, so a problem with a row can name its
 * line. `text` is known to be valid JSON: only strings and nesting need tracking.
 */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\n") line++;
    if (char === " " || char === "\t" || char === "\r" || char === "\n") continue;
    if (depth === 1 && expectElement && char !== "]") {
      lines.push(line);
      expectElement = false;
    }
    if (char === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (char === "[" || char === "{") {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (char === "]" || char === "}") {
      depth--;
    } else if (char === "," && depth === 1) {
      expectElement = true;
    }
  }
  return lines;
}

/** The line of a JSON.parse error, from the "position N" V8 puts in its message. */
function errorLine(text: string, reason: string): number {
  const position = /position (\d+)/.exec(reason)?.[1];
  if (position === undefined) return 1;
  let line = 1;
  const end = Math.min(Number(position), text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
