/**
 * `perf-gate compare BASE HEAD`: the gate over two existing reports, without sending a request.
 * The thresholds are those recorded in HEAD; the regression rules come from `--budget`.
 */
import { loadBudget } from "../budget/load-budget.js";
import type { RegressionRule } from "../budget/types.js";
import { readReport } from "../report/write-report.js";
import { fileSource, gateExitCode, gateReport, printGate, rulesOf, writeMarkdown } from "./gate-steps.js";
import type { CliIo, RedactingOutput } from "./io.js";
import type { CompareCommand } from "./parse-args.js";

/** Said in the summary and the terminal when `--budget` is absent. */
export const NO_BUDGET_WARNING =
  "no --budget given: there are no regression rules, so nothing was compared with the baseline; only the thresholds recorded in the head report gate";

/**
 * Runs `perf-gate compare …` and returns the exit code: 0 pass, 1 a threshold failed or a
 * regression was found. Unreadable reports or budget are `PerfGateError`s (exit 2): unlike
 * `run --baseline`, comparing is the whole point here, so a bad baseline is not a warning.
 */
export async function compareCommand(
  command: CompareCommand,
  io: CliIo,
  out: RedactingOutput,
): Promise<number> {
  const base = await readReport(command.baseFile);
  const head = await readReport(command.headFile);
  let rules: ReadonlyMap<string, readonly RegressionRule[]> = new Map();
  const warnings: string[] = [];
  let secrets: readonly string[] = [];
  if (command.budgetFile === undefined) {
    warnings.push(NO_BUDGET_WARNING);
  } else {
    const budget = await loadBudget(command.budgetFile, { env: io.env, uses: "regression" });
    out.setSecrets(budget.secrets);
    secrets = budget.secrets;
    rules = rulesOf(budget);
  }
  const baseline = { report: base, source: fileSource(command.baseFile, base) };
  const gate = gateReport(head, baseline, rules, warnings);
  printGate(head, gate, { color: command.color, quiet: command.quiet, withReport: true }, io, out);
  if (command.markdownFile !== undefined) {
    await writeMarkdown(command.markdownFile, head, gate, base, secrets);
    out.err(`markdown summary written to ${command.markdownFile}\n`);
  }
  return gateExitCode(head, gate);
}
