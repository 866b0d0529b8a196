/**
 * Tokens of one `{{ … }}` expression. Offsets are character offsets in the whole template string,
 * so a problem points at the token the user wrote.
 */
import type { OffsetProblem } from "./problem.js";

/** One token; `offset` is where it starts in the template string. */
export type Token =
  | { readonly kind: "ident"; readonly text: string; readonly offset: number }
  | { readonly kind: "number"; readonly value: number; readonly text: string; readonly offset: number }
  | { readonly kind: "string"; readonly value: string; readonly text: string; readonly offset: number }
  | { readonly kind: "punct"; readonly text: string; readonly offset: number }
  | { readonly kind: "end"; readonly text: ""; readonly offset: number };

/** Tokens, or the first problem met. */
export type Tokenized = { readonly tokens: readonly Token[] } | { readonly problem: OffsetProblem };

const IDENT_START = /[A-Za-z_$]/;
/** Hyphens are allowed inside names (`row.user-id`): there is no arithmetic to confuse them with. */
const IDENT_PART = /[A-Za-z0-9_$-]/;
const NUMBER_PART = /[0-9A-Za-z_.+-]/;
const JSON_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;
const PUNCT = new Set(["(", ")", "[", "]", ",", "."]);
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  "\\": "\\",
  "/": "/",
  n: "\n",
  r: "\r",
  t: "\t",
  b: "\b",
  f: "\f",
};

/** Tokens of `text` from `start` to `end` (exclusive), ending with an `end` token at `end`. */
export function tokenize(text: string, start: number, end: number): Tokenized {
  const tokens: Token[] = [];
  let i = start;
  while (i < end) {
    const char = text[i] ?? "";
    if (char === " " || char === "\t" || char === "\n" || char === "\r") {
      i++;
    } else if (IDENT_START.test(char)) {
      let j = i + 1;
      while (j < end && IDENT_PART.test(text[j] ?? "")) j++;
      tokens.push({ kind: "ident", text: text.slice(i, j), offset: i });
      i = j;
    } else if (char === "-" || (char >= "0" && char <= "9")) {
      let j = i + 1;
      while (j < end && NUMBER_PART.test(text[j] ?? "")) j++;
      const raw = text.slice(i, j);
      if (!JSON_NUMBER.test(raw)) {
        return problem(i, `bad number "${raw}": expected a number like 42, -3 or 0.5`);
      }
      tokens.push({ kind: "number", value: Number(raw), text: raw, offset: i });
      i = j;
    } else if (char === '"' || char === "'") {
      const read = readString(text, i, end);
      if ("problem" in read) return read;
      tokens.push(read.token);
      i = read.next;
    } else if (PUNCT.has(char)) {
      tokens.push({ kind: "punct", text: char, offset: i });
      i++;
    } else {
      return problem(
        i,
        `unexpected character "${char}": an expression is a name, a call or a literal (no operators)`,
      );
    }
  }
  tokens.push({ kind: "end", text: "", offset: end });
  return { tokens };
}

type StringRead = { readonly token: Token; readonly next: number } | { readonly problem: OffsetProblem };

function readString(text: string, start: number, end: number): StringRead {
  const quote = text[start];
  let value = "";
  let i = start + 1;
  while (i < end) {
    const char = text[i] ?? "";
    if (char === quote) {
      return { token: { kind: "string", value, text: text.slice(start, i + 1), offset: start }, next: i + 1 };
    }
    if (char !== "\\") {
      value += char;
      i++;
      continue;
    }
    const escaped = text[i + 1] ?? "";
    const hex = text.slice(i + 2, i + 6);
    if (escaped === "u" && /^[0-9a-fA-F]{4}$/.test(hex)) {
      value += String.fromCharCode(Number.parseInt(hex, 16));
      i += 6;
    } else if (Object.hasOwn(ESCAPES, escaped)) {
      value += ESCAPES[escaped];
      i += 2;
    } else {
      return problem(
        i,
        `unknown escape "\\${escaped}" in a string: expected one of \\" \\' \\\\ \\n \\t \\r \\uXXXX`,
      );
    }
  }
  return problem(start, `string starting ${quote}${text.slice(start + 1, end)} is not closed: add ${quote}`);
}

function problem(offset: number, message: string): { readonly problem: OffsetProblem } {
  return { problem: { offset, message } };
}
