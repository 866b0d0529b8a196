/**
 * A template string's literal text and compiled holes, shared by `compileString` and the strings
 * of `compileJson`. Every hole is compiled even after a problem, so one pass reports them all.
 */
import { compileExpression } from "./compile-expression.js";
import type { Evaluate } from "./names.js";
import { parseExpression } from "./parse-expression.js";
import { ExpressionProblem } from "./problem.js";
import type { Scope } from "./refs.js";
import { type Hole, scanTemplate } from "./scan.js";
import type { TemplateProblem } from "./types.js";

/** `literals[0] hole[0] literals[1] … hole[n-1] literals[n]`. */
export interface CompiledParts {
  readonly literals: readonly string[];
  readonly holes: readonly Hole[];
  /** One per hole, in order. */
  readonly evaluators: readonly Evaluate[];
  readonly problems: readonly TemplateProblem[];
}

const NEVER: Evaluate = () => undefined;

/** Scans and compiles `text`; problems carry `scope.path`. */
export function compileParts(text: string, scope: Scope): CompiledParts {
  const scanned = scanTemplate(text);
  const problems: TemplateProblem[] = scanned.problems.map((problem) => ({ path: scope.path, ...problem }));
  const evaluators = scanned.holes.map((hole) => {
    try {
      const parsed = parseExpression(text, hole.exprStart, hole.exprEnd);
      if ("problem" in parsed) {
        problems.push({ path: scope.path, ...parsed.problem });
        return NEVER;
      }
      return compileExpression(parsed.expr, scope);
    } catch (error) {
      if (!(error instanceof ExpressionProblem)) throw error;
      problems.push({ path: scope.path, ...error.problem });
      return NEVER;
    }
  });
  return { literals: scanned.literals, holes: scanned.holes, evaluators, problems };
}

/** Problems for typed holes (`{{= … }}`) where only text can go, with the fix for each. */
export function typedHoleProblems(parts: CompiledParts, scope: Scope, inJson: boolean): TemplateProblem[] {
  const fix = inJson
    ? "{{= … }} gives a JSON value only when it is the whole string; write {{ … }} to insert text here"
    : "{{= … }} gives a JSON value and only works as a whole string inside json:; write {{ … }} to insert text";
  return parts.holes
    .filter((hole) => hole.typed)
    .map((hole) => ({ path: scope.path, offset: hole.start, message: `found "{{=" here: ${fix}` }));
}
