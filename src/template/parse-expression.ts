/**
 * The expression inside `{{ … }}` as a tree. The grammar is small on purpose: a literal, a list
 * of expressions, a name with accessors (`row.items[0].text`), or a call (`randomInt(1, 5)`).
 * No operators: anything computed belongs in the data file.
 */
import { clipText } from "../budget/clip-text.js";
import { ExpressionProblem, fail as failAt, type OffsetProblem } from "./problem.js";
import type { Token } from "./tokens.js";
import { tokenize } from "./tokens.js";
import type { TemplateValue } from "./types.js";

/** One step into a value: `.name`, `["name"]` or `[0]`. */
export type Accessor = string | number;

/** A parsed expression; `offset` is where it starts in the template string. */
export type Expr =
  | {
      readonly kind: "literal";
      readonly value: TemplateValue;
      readonly text: string;
      readonly offset: number;
    }
  | { readonly kind: "list"; readonly items: readonly Expr[]; readonly offset: number }
  | {
      readonly kind: "name";
      readonly name: string;
      readonly path: readonly Accessor[];
      /** Offset of each accessor, for problems about one of them. */
      readonly pathOffsets: readonly number[];
      readonly offset: number;
    }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Expr[]; readonly offset: number };

/** A tree, or the first problem met. */
export type Parsed = { readonly expr: Expr } | { readonly problem: OffsetProblem };

/** The expression in `text` between `start` and `end` (the inside of one hole). */
export function parseExpression(text: string, start: number, end: number): Parsed {
  const tokenized = tokenize(text, start, end);
  if ("problem" in tokenized) return tokenized;
  const tokens = tokenized.tokens;
  const first = tokens[0];
  if (first?.kind === "end") {
    return {
      problem: { offset: start, message: `empty expression: expected one of ${EXPECTED_EXPRESSIONS}` },
    };
  }
  try {
    let at = 0;
    const peek = (): Token => tokens[at] ?? (tokens[tokens.length - 1] as Token);
    const take = (): Token => {
      const token = peek();
      at = Math.min(at + 1, tokens.length - 1);
      return token;
    };
    const expr = parseOne(peek, take);
    const next = peek();
    if (next.kind !== "end") {
      fail(next, `unexpected ${describe(next)} after the expression: write one expression per {{ }}`);
    }
    return { expr };
  } catch (error) {
    if (error instanceof ExpressionProblem) return { problem: error.problem };
    throw error;
  }
}

/** What may stand in `{{ … }}`, for messages. */
export const EXPECTED_EXPRESSIONS =
  "seq, uuid, randomInt(a, b), randomString(n), pick([…]), row, row.<field>, vars.<name>, setup.<name>, urlencode(x), messages(x)";

const KEYWORDS: Readonly<Record<string, TemplateValue>> = { true: true, false: false, null: null };

/**
 * Deepest nesting of lists and calls. The parser recurses per level, so without a bound a
 * `{{ [[[[… }}` of a few thousand brackets overflowed the stack (a RangeError, not a problem).
 */
export const MAX_EXPRESSION_DEPTH = 32;

function parseOne(peek: () => Token, take: () => Token, depth = 0): Expr {
  const token = take();
  if (depth > MAX_EXPRESSION_DEPTH) {
    fail(token, `expression nested deeper than ${MAX_EXPRESSION_DEPTH} lists or calls: flatten it`);
  }
  if (token.kind === "string" || token.kind === "number") {
    return { kind: "literal", value: token.value, text: token.text, offset: token.offset };
  }
  if (token.kind === "ident" && Object.hasOwn(KEYWORDS, token.text)) {
    return { kind: "literal", value: KEYWORDS[token.text] ?? null, text: token.text, offset: token.offset };
  }
  if (token.kind === "punct" && token.text === "[") {
    return { kind: "list", items: parseList(peek, take, "]", depth + 1), offset: token.offset };
  }
  if (token.kind !== "ident") return fail(token, `unexpected ${describe(token)}: expected an expression`);
  if (peek().text === "(") {
    take();
    const args = parseList(peek, take, ")", depth + 1);
    const after = peek();
    if (after.text === "." || after.text === "[") {
      fail(after, `unexpected ${describe(after)} after ${token.text}(…): a call's result has no fields`);
    }
    return { kind: "call", name: token.text, args, offset: token.offset };
  }
  const path: Accessor[] = [];
  const pathOffsets: number[] = [];
  while (peek().text === "." || peek().text === "[") {
    const open = take();
    const key = take();
    if (open.text === ".") {
      if (key.kind !== "ident")
        fail(key, `expected a field name after "${token.text}.", got ${describe(key)}`);
      path.push(key.text);
    } else {
      if (key.kind === "number" && Number.isInteger(key.value) && key.value >= 0) path.push(key.value);
      else if (key.kind === "string") path.push(key.value);
      else
        fail(key, `expected an index like [0] or a quoted field like ["first name"], got ${describe(key)}`);
      const close = take();
      if (close.text !== "]") fail(close, `expected "]", got ${describe(close)}`);
    }
    pathOffsets.push(key.offset);
  }
  return { kind: "name", name: token.text, path, pathOffsets, offset: token.offset };
}

/** Comma-separated expressions up to `close` (the opening bracket is already taken). */
function parseList(peek: () => Token, take: () => Token, close: string, depth: number): Expr[] {
  const items: Expr[] = [];
  if (peek().text === close) {
    take();
    return items;
  }
  for (;;) {
    items.push(parseOne(peek, take, depth));
    const next = take();
    if (next.text === close) return items;
    if (next.text !== ",") fail(next, `expected "," or "${close}", got ${describe(next)}`);
  }
}

function describe(token: Token): string {
  return token.kind === "end"
    ? 'the end of the expression (missing ")" or "]"?)'
    : `"${clipText(token.text)}"`;
}

function fail(token: Token, message: string): never {
  return failAt(token.offset, message);
}
