/**
 * One parsed expression → one closure over the request context. Names and calls are resolved
 * here, once, so evaluating costs what the expression computes and nothing more.
 */
import { compileCall } from "./functions.js";
import { compileName, type Evaluate } from "./names.js";
import type { Expr } from "./parse-expression.js";
import type { Scope } from "./refs.js";
import type { TemplateValue } from "./types.js";

/** The evaluator of `expr`; throws `ExpressionProblem` for an unknown name or a bad call. */
export function compileExpression(expr: Expr, scope: Scope): Evaluate {
  switch (expr.kind) {
    case "literal": {
      const value = expr.value;
      return () => value;
    }
    case "list": {
      const items = expr.items.map((item) => compileExpression(item, scope));
      return (ctx) => items.map((item) => item(ctx) ?? null) as readonly TemplateValue[];
    }
    case "name":
      return compileName(expr, scope);
    case "call":
      return compileCall(expr, (arg) => compileExpression(arg, scope));
  }
}
