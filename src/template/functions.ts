/**
 * Calls: `randomInt(a, b)`, `randomString(n)`, `pick([…])`, `urlencode(x)`, `messages(x)`.
 * Arguments of the random functions are literals, checked when the budget is read, so a request
 * only draws numbers.
 */
import { clipText } from "../budget/clip-text.js";
import { toChatMessages } from "./messages.js";
import { CALL_FORMS, type Evaluate, unknownMessage } from "./names.js";
import type { Expr } from "./parse-expression.js";
import { fail } from "./problem.js";
import { randomAlphanumeric, randomIntIn } from "./random.js";
import { toText, urlencode } from "./text.js";
import type { TemplateValue } from "./types.js";

type CallExpr = Extract<Expr, { kind: "call" }>;

/** Longest `randomString(n)`: a 10,000-character value is already far past any sane field. */
export const MAX_RANDOM_STRING = 10_000;

const NOT_CALLABLE: Readonly<Record<string, string>> = {
  seq: "{{ seq }}",
  uuid: "{{ uuid }}",
  row: "{{ row }} or {{ row.<field> }}",
  vars: "{{ vars.<name> }}",
  setup: "{{ setup.<name> }}",
};

/** The evaluator of a call; `compileArg` compiles the expression argument of urlencode/messages. */
export function compileCall(expr: CallExpr, compileArg: (arg: Expr) => Evaluate): Evaluate {
  const { name, args, offset } = expr;
  switch (name) {
    case "randomInt": {
      arity(expr, 2, "a, b");
      const min = integerArg(expr, args[0] as Expr, "a");
      const max = integerArg(expr, args[1] as Expr, "b");
      if (min > max) {
        fail(
          offset,
          `randomInt(a, b) needs a ≤ b, got a = ${min} and b = ${max}: write randomInt(${max}, ${min})`,
        );
      }
      if (max - min >= Number.MAX_SAFE_INTEGER) {
        fail(offset, `randomInt(a, b) needs b - a below 2^53, got a = ${min} and b = ${max}`);
      }
      return (ctx) => randomIntIn(ctx.random, min, max);
    }
    case "randomString": {
      arity(expr, 1, "n");
      const length = integerArg(expr, args[0] as Expr, "n");
      if (length < 1 || length > MAX_RANDOM_STRING) {
        fail(offset, `randomString(n) takes a length from 1 to ${MAX_RANDOM_STRING}, got ${length}`);
      }
      return (ctx) => randomAlphanumeric(ctx.random, length);
    }
    case "pick": {
      const choices = pickChoices(expr);
      return (ctx) => choices[Math.floor(ctx.random() * choices.length)];
    }
    case "urlencode":
    case "messages": {
      arity(expr, 1, "x");
      const inner = compileArg(args[0] as Expr);
      return name === "urlencode"
        ? (ctx) => urlencode(toText(inner(ctx)))
        : (ctx) => toChatMessages(inner(ctx));
    }
  }
  if (Object.hasOwn(NOT_CALLABLE, name))
    fail(offset, `${name} is not a function: write ${NOT_CALLABLE[name]}`);
  return fail(offset, unknownMessage("function", name));
}

function arity(expr: CallExpr, count: number, params: string): void {
  if (expr.args.length === count) return;
  const plural = count === 1 ? "argument" : "arguments";
  fail(
    expr.args[count]?.offset ?? expr.offset,
    `${expr.name}(${params}) takes ${count} ${plural}, got ${expr.args.length}: write ${CALL_FORMS[expr.name]}`,
  );
}

function integerArg(expr: CallExpr, arg: Expr, param: string): number {
  if (arg.kind === "literal" && typeof arg.value === "number" && Number.isSafeInteger(arg.value)) {
    return arg.value;
  }
  return fail(
    arg.offset,
    `${expr.name}'s ${param} must be an integer literal, got ${show(arg)}: write ${CALL_FORMS[expr.name]}`,
  );
}

function pickChoices(expr: CallExpr): readonly TemplateValue[] {
  const list = expr.args[0];
  if (expr.args.length !== 1 || list?.kind !== "list") {
    const got = expr.args.length === 1 && list ? show(list) : `${expr.args.length} arguments`;
    fail(list?.offset ?? expr.offset, `pick takes one list of values, got ${got}: write ${CALL_FORMS.pick}`);
  }
  if (list.items.length === 0)
    fail(list.offset, "pick([]) has nothing to pick from: list at least one value");
  return list.items.map((item) => {
    if (item.kind === "literal") return item.value;
    return fail(
      item.offset,
      `pick([…]) takes literals (strings, numbers, true, false, null), got ${show(item)}: write ${CALL_FORMS.pick}`,
    );
  });
}

/** An expression as the user wrote it (near enough), for messages. */
function show(expr: Expr): string {
  switch (expr.kind) {
    case "literal":
      return clipText(expr.text);
    case "list":
      return `[${expr.items.map(show).join(", ")}]`;
    case "name":
      return clipText(
        expr.name + expr.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${key}`)).join(""),
      );
    case "call":
      return `${expr.name}(…)`;
  }
}
