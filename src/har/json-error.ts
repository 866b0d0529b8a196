/**
 * Where a text stops being JSON. `JSON.parse` says only that it failed, in V8's wording, and
 * quotes the text around the error: a HAR file holds cookies and tokens, so that quote must not
 * reach the terminal. This scanner finds the offset of the first error itself (iteratively: a
 * hostile nesting depth cannot overflow the stack) and words it without echoing the file.
 */

/** The first JSON syntax error of a text: its offset (0-based, UTF-16) and what is wrong there. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly message: string;
}

type State = "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "comma-or-close" | "end";

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

/**
 * Scans `text` as one JSON value (RFC 8259) and returns its first syntax error, or undefined when
 * it is valid JSON. Only called after `JSON.parse` failed, so it may be slower.
 */
export function findJsonError(text: string): JsonSyntaxError | undefined {
  const stack: ("{" | "[")[] = [];
  let state: State = "value";
  let i = 0;
  // A function returning the state (not setting it): TypeScript narrows `state` across the loop.
  const afterValue = (): State => (stack.length === 0 ? "end" : "comma-or-close");
  while (true) {
    while (i < text.length && WHITESPACE.has(text.charAt(i))) i++;
    if (i >= text.length) {
      return state === "end" ? undefined : { offset: text.length, message: "the JSON ends too early" };
    }
    const c = text.charAt(i);
    const unexpected = (expected: string) => ({
      offset: i,
      message: `expected ${expected}, found ${shown(c)}`,
    });
    if (state === "end") return { offset: i, message: `unexpected ${shown(c)} after the JSON value` };
    if (state === "colon") {
      if (c !== ":") return unexpected("':'");
      state = "value";
      i++;
    } else if (state === "comma-or-close") {
      const close = stack.at(-1) === "{" ? "}" : "]";
      if (c === ",") state = close === "}" ? "key" : "value";
      else if (c === close) {
        stack.pop();
        state = afterValue();
      } else return unexpected(`',' or '${close}'`);
      i++;
    } else if (state === "key" || state === "key-or-close") {
      if (state === "key-or-close" && c === "}") {
        stack.pop();
        state = afterValue();
        i++;
      } else if (c === '"') {
        const end = scanString(text, i);
        if (typeof end !== "number") return end;
        i = end;
        state = "colon";
      } else
        return unexpected(state === "key" ? "a property name in double quotes" : "a property name or '}'");
    } else if (state === "value-or-close" && c === "]") {
      stack.pop();
      state = afterValue();
      i++;
    } else {
      const end = scanValueStart(text, i, stack);
      if (typeof end !== "number") return end;
      if (c === "{") state = "key-or-close";
      else if (c === "[") state = "value-or-close";
      else state = afterValue();
      i = end;
    }
  }
}

/** Scans a scalar, or opens a container (pushed on `stack`); returns the offset after it. */
function scanValueStart(text: string, i: number, stack: ("{" | "[")[]): number | JsonSyntaxError {
  const c = text.charAt(i);
  if (c === "{" || c === "[") {
    stack.push(c);
    return i + 1;
  }
  if (c === '"') return scanString(text, i);
  for (const literal of ["true", "false", "null"]) {
    if (text.startsWith(literal, i)) return i + literal.length;
  }
  NUMBER_RE.lastIndex = i;
  if (NUMBER_RE.test(text)) return NUMBER_RE.lastIndex;
  return { offset: i, message: `expected a JSON value, found ${shown(c)}` };
}

/** Scans the string starting with the quote at `start`; returns the offset after its closing quote. */
function scanString(text: string, start: number): number | JsonSyntaxError {
  for (let j = start + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c < 0x20) return { offset: j, message: "a line break or control character inside a string" };
    if (c === 0x5c) {
      const next = text.charAt(j + 1);
      if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) j += 5;
      else if (ESCAPES.has(next)) j++;
      else return { offset: j, message: "an invalid escape inside a string" };
    }
  }
  return { offset: start, message: "a string that is never closed" };
}

/** One character as messages show it: never more of the file than that. */
function shown(c: string): string {
  return /^[\x21-\x7e]$/.test(c)
    ? `'${c}'`
    : `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}
