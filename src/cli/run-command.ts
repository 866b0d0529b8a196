/**
 * `perf-gate run`: load the budget, check the input files, run it with a live line, let the gate
 * decide, write report.json with that verdict, print the report, and turn the verdict into the
 * exit code. The demo reuses `executeBudget` with its own budget.
 */
import { budgetDigest } from "../budget/budget-digest.js";
import { loadBudget } from "../budget/load-budget.js";
import { shortCapturedWarning } from "../budget/short-secrets.js";
import type { Budget, WorkerCount } from "../budget/types.js";
import { PerfGateError, RunError } from "../errors.js";
import { creepOf, judgeRun, rulesOf, thresholdsOf } from "../judge-run.js";
import { judgeShard } from "../judge-shard.js";
import { shardPart } from "../load/shard.js";
import { checkStartAt, START_AT_FLAG } from "../load/start-at.js";
import { wallNowMs } from "../load/wall-clock.js";
import { renderShardText } from "../render/shard-text.js";
import type { FailOn, Report } from "../report/types.js";
import { writeReport } from "../report/write-report.js";
import { checkRunnable, runBudget } from "../run-budget.js";
import { type BaselineWindow, readBaselineWindow } from "./baseline-window.js";
import { printGate, verdictExitCode, writeMarkdown } from "./gate-steps.js";
import { listenForInterrupt } from "./interrupt.js";
import type { CliIo, RedactingOutput } from "./io.js";
import { createProgressPrinter } from "./live-progress.js";
import { readToolVersion } from "./package-files.js";
import type { OutputOptions, RunCommand, Shard } from "./parse-args.js";

/** Options of `executeBudget` beyond the output: the baselines to compare with, what fails, the summary file. */
export interface GateOptions {
  /** `--baseline` files, in command-line order (several: a history window, see baseline-window.ts). */
  readonly baselineFiles?: readonly string[] | undefined;
  /** What fails the run; default `any`. */
  readonly failOn?: FailOn | undefined;
  readonly markdownFile?: string | undefined;
  /** `--shard k/N` and the budget file's digest: run that share of the load, gate nothing. */
  readonly shard?: { readonly shard: Shard; readonly digest: string } | undefined;
  /** `--workers`: worker threads per scenario, replacing the budget's `load.workers`. */
  readonly workers?: WorkerCount | undefined;
  /** `--start-at` (with `shard`): the instant, epoch ms, the first scenario starts at. */
  readonly startAtMs?: number | undefined;
}

/** Exit codes of a run that happened: the verdict decides. */
export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;

/** Runs `perf-gate run …` and returns the exit code. User errors are thrown as `PerfGateError`. */
export async function runCommand(command: RunCommand, io: CliIo, out: RedactingOutput): Promise<number> {
  // An instant already past or hours off is refused before anything is read; once more before the wait.
  if (command.startAtMs !== undefined) checkStartAt(command.startAtMs, START_AT_FLAG, wallNowMs());
  const budget = await loadBudget(command.budgetFile, {
    env: io.env,
    target: command.target,
    ...(command.baselineTarget === undefined ? {} : { baselineTarget: command.baselineTarget }),
    uses: { scenario: command.scenario },
  });
  const shard =
    command.shard === undefined
      ? undefined
      : { shard: command.shard, digest: await budgetDigest(command.budgetFile) };
  return executeBudget(budget, { ...command, shard }, io, out);
}

/**
 * Runs a loaded budget and reports it: 0 pass; 1 fail or untrusted; 130 / 143 when a signal
 * interrupted it. Input files are checked before any load is sent (a mistyped `--baseline` is
 * an error at once, not after the run). The report is written in every one of those cases,
 * with the gate's verdict, before anything is printed about it.
 */
export async function executeBudget(
  budget: Budget,
  options: OutputOptions & GateOptions & { readonly scenario?: string | undefined },
  io: CliIo,
  out: RedactingOutput,
): Promise<number> {
  out.setSecrets(budget.secrets);
  const baselines = options.baselineFiles ?? [];
  const window = await readBaselineWindow(baselines, out);
  for (const warning of budget.warnings ?? []) out.err(`warning: ${warning}\n`);
  const toolVersion = await readToolVersion();
  // A shard that cannot run (a capacity search, baseline_target …) says so, not "starting at" first.
  if (options.startAtMs !== undefined)
    checkRunnable(budget, {
      scenario: options.scenario,
      ...(options.shard ? { part: shardPart(options.shard.shard) } : {}),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
    });
  const progress = options.quiet
    ? undefined
    : createProgressPrinter({
        write: (t) => out.err(t),
        tty: io.isTTY.stderr,
        columns: () => io.columns?.(),
      });
  const interrupt = listenForInterrupt(io, (text) => (progress ? progress.note(text) : out.err(text)));
  const startAt = options.startAtMs;
  if (startAt !== undefined && !options.quiet)
    out.err(
      `starting at ${new Date(startAt).toISOString()} (in ${Math.max(0, (startAt - wallNowMs()) / 1000).toFixed(1)} s), with the other shards\n`,
    );
  try {
    const outcome = await runBudget(budget, {
      scenario: options.scenario,
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      signal: interrupt.signal,
      onProgress: progress?.update,
      ...(progress ? { onScenarioDone: progress.done } : {}),
      // A setup's captured token is masked in every line from the moment it is known.
      onSecrets: (values) => {
        out.setSecrets([...out.secretsInUse, ...values]);
        const warning = shortCapturedWarning(values);
        if (warning === null) return;
        if (progress) progress.note(`warning: ${warning}\n`);
        else out.err(`warning: ${warning}\n`);
      },
      toolVersion,
      ...(options.shard ? { part: shardPart(options.shard.shard) } : {}),
      ...(startAt === undefined ? {} : { startAt: { atMs: startAt, label: START_AT_FLAG } }),
    });
    progress?.finish();
    const stoppedBy = interrupt.received();
    const judgeOptions = {
      ...windowOptions(budget, window),
      failOn: options.failOn ?? "any",
      notRun: outcome.notRun,
      ...(stoppedBy ? { interruptedBy: stoppedBy } : {}),
    };
    if (options.shard) {
      const report = judgeShard(outcome.measured, {
        budget,
        ...options.shard,
        notRun: outcome.notRun,
        interruptedBy: stoppedBy,
      });
      const writeError = await tryWriteReport(options.outFile, report, outcome.secrets);
      const merge = `perf-gate merge <the ${options.shard.shard.count} shard reports> --out report.json (this one is ${options.outFile})`;
      if (!options.quiet) out.out(renderShardText(report, merge));
      if (writeError) throw writeError;
      if (!options.quiet) out.err(`report written to ${options.outFile}\n`);
      // A shard gates nothing: 0 unless the run itself failed (a signal; an unwritable report threw).
      return stoppedBy === undefined ? EXIT_PASS : verdictExitCode(report, stoppedBy);
    }
    const { report, gate } = judgeRun(outcome.measured, judgeOptions);
    const writeError = await tryWriteReport(options.outFile, report, outcome.secrets);
    printGate(
      report,
      gate,
      {
        color: options.color,
        quiet: options.quiet,
        withBaseline: baselines.length > 0 || gate.baselineMode !== "none",
      },
      io,
      out,
    );
    if (writeError) throw writeError;
    if (!options.quiet) out.err(`report written to ${options.outFile}\n`);
    if (options.markdownFile !== undefined) {
      await writeMarkdown(
        options.markdownFile,
        report,
        gate,
        window.baseline?.report ?? null,
        outcome.secrets,
      );
      if (!options.quiet) out.err(`markdown summary written to ${options.markdownFile}\n`);
    }
    return verdictExitCode(report, stoppedBy);
  } finally {
    progress?.finish();
    interrupt.dispose();
  }
}

/** The budget's rules and the baseline window, as `judgeRun` takes them. */
function windowOptions(budget: Budget, window: BaselineWindow) {
  return {
    thresholds: thresholdsOf(budget),
    rules: rulesOf(budget),
    creep: creepOf(budget),
    baseline: window.baseline?.report ?? null,
    baselineSource: window.baseline?.source ?? null,
    history: window.history,
    warnings: window.warnings,
  };
}

/** Writes the report; a failure is returned (not thrown) so the terminal report still prints. */
async function tryWriteReport(
  path: string,
  report: Report,
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
