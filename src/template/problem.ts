/**
 * A problem in one template string, at a character offset of that string. Parsing and compiling
 * an expression stop at its first problem: the rest of the expression would only repeat it.
 */

/** A problem at a character offset of the template string. */
export interface OffsetProblem {
  readonly offset: number;
  readonly message: string;
}

/** Thrown inside the parser and the compiler of one expression, caught at the hole. */
export class ExpressionProblem extends Error {
  constructor(readonly problem: OffsetProblem) {
    super(problem.message);
  }
}

/** Stops the expression being parsed or compiled with a problem at `offset`. */
export function fail(offset: number, message: string): never {
  throw new ExpressionProblem({ offset, message });
}
