/**
 * Names an expression reads: `seq`, `uuid`, `row…`, `vars.<name>`, `setup.<name>`. A name's
 * accessors are resolved when the template compiles into one closure per name, so a request
 * only walks the row.
 */
import { suggest } from "../budget/did-you-mean.js";
import type { Accessor, Expr } from "./parse-expression.js";
import { EXPECTED_EXPRESSIONS } from "./parse-expression.js";
import { fail } from "./problem.js";
import { randomUuid } from "./random.js";
import type { Scope } from "./refs.js";
import type { TemplateContext, TemplateValue } from "./types.js";

/** Evaluates one expression for one request; undefined when a row has no such field. */
export type Evaluate = (ctx: TemplateContext) => TemplateValue | undefined;

/** Every name and function, for did-you-mean. */
export const ALL_NAMES = [
  "seq",
  "uuid",
  "row",
  "vars",
  "setup",
  "randomInt",
  "randomString",
  "pick",
  "urlencode",
  "messages",
] as const;

/** How to call each function, for messages. */
export const CALL_FORMS: Readonly<Record<string, string>> = {
  randomInt: "randomInt(1, 100)",
  randomString: "randomString(8)",
  pick: 'pick(["a", "b"])',
  urlencode: "urlencode(row.q)",
  messages: "messages(row.conversations)",
};

type NameExpr = Extract<Expr, { kind: "name" }>;

/** The evaluator of a name expression, recording what it reads in `scope.refs`. */
export function compileName(expr: NameExpr, scope: Scope): Evaluate {
  const { name, path, offset } = expr;
  const ref = (refName: string) => ({ name: refName, path: scope.path, offset });
  switch (name) {
    case "seq":
    case "uuid":
      if (path.length > 0) {
        const kind = name === "seq" ? "a number" : "text";
        fail(expr.pathOffsets[0] ?? offset, `${name} is ${kind}: it has no field ${showAccessor(path)}`);
      }
      return name === "seq" ? (ctx) => ctx.seq : (ctx) => randomUuid(ctx.random);
    case "row":
      scope.refs.usesRow = true;
      if (typeof path[0] === "string") scope.refs.rowFields.push(ref(path[0]));
      return rowReader(path);
    case "vars":
    case "setup":
      return capturedReader(expr, scope, ref);
  }
  if (Object.hasOwn(CALL_FORMS, name)) {
    fail(offset, `${name} is a function: write ${CALL_FORMS[name]}`);
  }
  return fail(offset, unknownMessage("name", name));
}

/** `unknown name "x": expected one of …; did you mean "y"?` (or the `${VAR}` hint for `env`). */
export function unknownMessage(what: "name" | "function", name: string): string {
  if (name === "env") {
    return `unknown ${what} "env": environment variables are written \${NAME} and read once when the budget loads`;
  }
  const guess = suggest(name, ALL_NAMES);
  const hint = guess ? `did you mean "${guess}"?` : "check the spelling";
  return `unknown ${what} "${name}": expected one of ${EXPECTED_EXPRESSIONS}; ${hint}`;
}

function capturedReader(
  expr: NameExpr,
  scope: Scope,
  ref: (name: string) => { name: string; path: readonly (string | number)[]; offset: number },
): Evaluate {
  const { name, path, offset } = expr;
  const key = path[0];
  if (typeof key !== "string") {
    fail(expr.pathOffsets[0] ?? offset, `${name} needs a name: write ${name}.<name>`);
  }
  if (path.length > 1) {
    fail(
      expr.pathOffsets[1] ?? offset,
      `${name}.${key} is text (a captured value): it has no field ${showAccessor(path.slice(1))}`,
    );
  }
  (name === "vars" ? scope.refs.vars : scope.refs.setup).push(ref(key));
  return name === "vars" ? (ctx) => ctx.vars[key] : (ctx) => ctx.setup[key];
}

/** A reader of `row` and its accessors; a field a row lacks reads as undefined. */
function rowReader(path: readonly Accessor[]): Evaluate {
  if (path.length === 0) return (ctx) => ctx.row;
  if (path.length === 1) {
    const key = path[0] as Accessor;
    return (ctx) => step(ctx.row, key);
  }
  return (ctx) => {
    let value = ctx.row;
    for (const key of path) value = step(value, key);
    return value;
  };
}

/** `value[key]` for own fields and array indexes only (never `constructor`, `length` …). */
function step(value: TemplateValue | undefined, key: Accessor): TemplateValue | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if (Array.isArray(value)) return typeof key === "number" ? value[key] : undefined;
  const record = value as { readonly [key: string]: TemplateValue };
  const field = String(key);
  return Object.hasOwn(record, field) ? record[field] : undefined;
}

function showAccessor(path: readonly Accessor[]): string {
  return path.map((key) => (typeof key === "number" ? `[${key}]` : `"${key}"`)).join("");
}
