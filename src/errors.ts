/**
 * Errors users see. Every error perf-gate throws on purpose is a `PerfGateError` with a stable
 * `code` and the process exit code it maps to; anything else is a bug and may show a stack trace.
 * A failed gate is not an error: it is a verdict in the report.
 */
export class PerfGateError extends Error {
  /** Stable, machine-readable code (`E_BUDGET`, `E_INPUT`, `E_RUN`). */
  readonly code: string;
  /** Exit code of the CLI for this error: 2 for invalid input, 3 for a run that could not happen. */
  readonly exitCode: number;

  constructor(message: string, code: string, exitCode: number) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** One problem found in a budget file, located in the source. Lines and columns are 1-based. */
export interface BudgetProblem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Key path such as `scenarios[0].thresholds.latency.p95`; empty for the document itself. */
  readonly path: string;
  /** What was expected and what was found, plus a hint ("did you mean …") when there is one. */
  readonly message: string;
}

/** Formats a problem the way editors and GitHub annotations link it: `file:line:col path: message`. */
export function formatProblem(p: BudgetProblem): string {
  const where = `${p.file}:${p.line}:${p.col}`;
  return p.path ? `${where} ${p.path}: ${p.message}` : `${where} ${p.message}`;
}

/** An invalid budget: carries every problem found, not just the first. Exit code 2. */
export class BudgetError extends PerfGateError {
  readonly problems: readonly BudgetProblem[];

  constructor(problems: readonly BudgetProblem[]) {
    const n = problems.length;
    super(
      `invalid budget (${n} problem${n === 1 ? "" : "s"}):\n${problems.map((p) => `  ${formatProblem(p)}`).join("\n")}`,
      "E_BUDGET",
      2,
    );
    this.problems = problems;
  }
}

/** Unusable command-line flags or action inputs. Exit code 2. */
export class InputError extends PerfGateError {
  constructor(message: string) {
    super(message, "E_INPUT", 2);
  }
}

/** The run could not happen or its results could not be written. Exit code 3. */
export class RunError extends PerfGateError {
  constructor(message: string) {
    super(message, "E_RUN", 3);
  }
}
