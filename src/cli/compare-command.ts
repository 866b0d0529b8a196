/**
 * `perf-gate compare [BASE…] HEAD`: the gate over existing reports, without sending a request.
 * The thresholds are those recorded in HEAD; the regression and creep rules come from `--budget`.
 * Several BASE files make a history window (newest by `startedAt` first); HEAD alone must carry
 * its own baseline side, measured side by side (`report.side_by_side`).
 */
import { loadBudget } from "../budget/load-budget.js";
import type { RegressionRule } from "../budget/types.js";
import { InputError } from "../errors.js";
import { creepOf, judgeRun, recordedThresholds, rulesOf } from "../judge-run.js";
import { readReport } from "../report/write-report.js";
import { embeddedSource, readCompareBaselines } from "./baseline-window.js";
import { printGate, verdictExitCode, writeMarkdown } from "./gate-steps.js";
import type { CliIo, RedactingOutput } from "./io.js";
import type { CompareCommand } from "./parse-args.js";

/** Said in the summary and the terminal when `--budget` is absent. */
export const NO_BUDGET_WARNING =
  "no --budget given: there are no regression rules, so nothing was compared with the baseline; only the thresholds recorded in the head report gate";

/** HEAD alone, without an embedded baseline side: there is nothing to compare it with. */
export const NOTHING_TO_COMPARE =
  "compare needs BASE.json HEAD.json, or one report measured side by side (baseline_target)";

/**
 * Runs `perf-gate compare …` and returns the exit code: 0 pass, 1 a threshold failed, a
 * regression was found, or HEAD's run was untrusted or incomplete. The verdict is decided again
 * from the files alone (HEAD's recorded thresholds and counters, the budget's rules). Unreadable reports or budget are `PerfGateError`s (exit 2): unlike
 * `run --baseline`, comparing is the whole point here, so a bad baseline is not a warning.
 */
export async function compareCommand(
  command: CompareCommand,
  io: CliIo,
  out: RedactingOutput,
): Promise<number> {
  const { baseline, history } = await readCompareBaselines(command.baseFiles);
  const head = await readReport(command.headFile);
  // With HEAD alone the gate compares with its embedded side (a null baseline says so).
  const source = baseline ? baseline.source : embeddedSource(command.headFile, head);
  if (source === null)
    throw new InputError(`${NOTHING_TO_COMPARE}: ${command.headFile} was not measured side by side`);
  let rules: ReadonlyMap<string, readonly RegressionRule[]> = new Map();
  let creep: ReadonlyMap<string, readonly RegressionRule[]> = new Map();
  const warnings: string[] = [];
  let secrets: readonly string[] = [];
  if (command.budgetFile === undefined) {
    warnings.push(NO_BUDGET_WARNING);
  } else {
    const budget = await loadBudget(command.budgetFile, { env: io.env, uses: "regression" });
    out.setSecrets(budget.secrets);
    secrets = budget.secrets;
    rules = rulesOf(budget);
    creep = creepOf(budget);
  }
  const { report, gate } = judgeRun(head, {
    thresholds: recordedThresholds(head),
    rules,
    creep,
    baseline: baseline?.report ?? null,
    baselineSource: source,
    history,
    failOn: command.failOn,
    notRun: head.not_run,
    warnings,
  });
  printGate(report, gate, { color: command.color, quiet: command.quiet, withBaseline: true }, io, out);
  if (command.markdownFile !== undefined) {
    await writeMarkdown(command.markdownFile, report, gate, baseline?.report ?? null, secrets);
    if (!command.quiet) out.err(`markdown summary written to ${command.markdownFile}\n`);
  }
  return verdictExitCode(report);
}
