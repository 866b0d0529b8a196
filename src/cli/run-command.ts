/**
 * `perf-gate run`: load the budget, run it with a live line, write report.json, print the report,
 * and turn the verdict into the exit code. The demo reuses `executeBudget` with its own budget.
 */
import { loadBudget } from "../budget/load-budget.js";
import type { Budget } from "../budget/types.js";
import { PerfGateError, RunError } from "../errors.js";
import { renderTerminalReport } from "../render/terminal-report.js";
import type { Report } from "../report/types.js";
import { writeReport } from "../report/write-report.js";
import { runBudget } from "../run-budget.js";
import {
  gateExitCode,
  gateReport,
  printGate,
  readBaselineOrWarn,
  rulesOf,
  writeMarkdown,
} from "./gate-steps.js";
import { listenForInterrupt } from "./interrupt.js";
import { type CliIo, type RedactingOutput, SIGNAL_EXIT_CODE } from "./io.js";
import { createProgressPrinter } from "./live-progress.js";
import { readToolVersion } from "./package-files.js";
import type { OutputOptions, RunCommand } from "./parse-args.js";

/** Options of `executeBudget` beyond the output: the baseline to compare with and the summary file. */
export interface GateOptions {
  readonly baselineFile?: string | undefined;
  readonly markdownFile?: string | undefined;
}

/** Exit codes of a run that happened: the verdict decides. */
export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;

/** Runs `perf-gate run …` and returns the exit code. User errors are thrown as `PerfGateError`. */
export async function runCommand(command: RunCommand, io: CliIo, out: RedactingOutput): Promise<number> {
  const budget = await loadBudget(command.budgetFile, {
    env: io.env,
    target: command.target,
    uses: { scenario: command.scenario },
  });
  return executeBudget(budget, { ...command }, io, out);
}

/**
 * Runs a loaded budget and reports it: 0 pass, 1 fail, 130 / 143 when a signal interrupted it.
 * The report is written in every one of those cases, before anything is printed about it.
 */
export async function executeBudget(
  budget: Budget,
  options: OutputOptions & GateOptions & { readonly scenario?: string | undefined },
  io: CliIo,
  out: RedactingOutput,
): Promise<number> {
  out.setSecrets(budget.secrets);
  for (const warning of budget.warnings ?? []) out.err(`warning: ${warning}\n`);
  const toolVersion = await readToolVersion();
  const progress = options.quiet
    ? undefined
    : createProgressPrinter({ write: (t) => out.err(t), tty: io.isTTY.stderr });
  const interrupt = listenForInterrupt(io, (text) => (progress ? progress.note(text) : out.err(text)));
  try {
    const report = await runBudget(budget, {
      scenario: options.scenario,
      signal: interrupt.signal,
      onProgress: progress?.update,
      toolVersion,
    });
    progress?.finish();
    const writeError = await tryWriteReport(options.outFile, report, budget.secrets);
    if (!options.quiet) {
      const color = options.color ?? (io.isTTY.stdout && !io.env.NO_COLOR);
      out.out(renderTerminalReport(report, { color }));
    }
    if (writeError) throw writeError;
    out.err(`report written to ${options.outFile}\n`);
    const gateCode = await gateAfterRun(budget, report, options, io, out);
    const stoppedBy = interrupt.received();
    if (stoppedBy) return SIGNAL_EXIT_CODE[stoppedBy];
    return gateCode;
  } finally {
    progress?.finish();
    interrupt.dispose();
  }
}

/**
 * With `--baseline` and/or `--markdown`: reads the baseline (a bad one is a warning), evaluates
 * the gate with the budget's regression rules, prints the regressions, writes the summary.
 * Returns the exit code the gate decides; without either flag, the report's verdict alone.
 */
async function gateAfterRun(
  budget: Budget,
  report: Report,
  options: OutputOptions & GateOptions,
  io: CliIo,
  out: RedactingOutput,
): Promise<number> {
  if (options.baselineFile === undefined && options.markdownFile === undefined) {
    return report.verdict === "pass" ? EXIT_PASS : EXIT_FAIL;
  }
  const read =
    options.baselineFile === undefined
      ? { baseline: null }
      : await readBaselineOrWarn(options.baselineFile, out);
  const gate = gateReport(report, read.baseline, rulesOf(budget), read.warning ? [read.warning] : []);
  if (options.baselineFile !== undefined) {
    printGate(report, gate, { color: options.color, quiet: options.quiet, withReport: false }, io, out);
  }
  if (options.markdownFile !== undefined) {
    await writeMarkdown(options.markdownFile, report, gate, read.baseline?.report ?? null, budget.secrets);
    out.err(`markdown summary written to ${options.markdownFile}\n`);
  }
  return gateExitCode(report, gate) === 0 ? EXIT_PASS : EXIT_FAIL;
}

/** Writes the report; a failure is returned (not thrown) so the terminal report still prints. */
async function tryWriteReport(
  path: string,
  report: Parameters<typeof writeReport>[1],
  secrets: readonly string[],
): Promise<PerfGateError | undefined> {
  try {
    await writeReport(path, report, secrets);
    return undefined;
  } catch (err) {
    if (err instanceof PerfGateError) return err;
    const reason = err instanceof Error ? err.message : String(err);
    return new RunError(`cannot write the report to ${path}: ${reason}`);
  }
}
