/**
 * `perf-gate merge SHARD.json… --out report.json [--budget FILE]`: the shards of one run (`run
 * --shard k/N`) checked to belong together, merged exactly into one report, then gated once as
 * `run` gates — the same judge, the same terminal report, markdown and exit codes (0 pass, 1 fail
 * or untrusted, 2 bad input: a shard missing, twice, foreign, or started too far apart).
 */
import { budgetDigest } from "../budget/budget-digest.js";
import { loadBudget } from "../budget/load-budget.js";
import type { Budget } from "../budget/types.js";
import { creepOf, judgeRun, rulesOf, thresholdsOf } from "../judge-run.js";
import { mergeShardFiles, recordedShardThresholds } from "../merge-shard-files.js";
import { writeReport } from "../report/write-report.js";
import { readBaselineWindow } from "./baseline-window.js";
import { printGate, verdictExitCode, writeMarkdown } from "./gate-steps.js";
import type { CliIo, RedactingOutput } from "./io.js";
import { readToolVersion } from "./package-files.js";
import type { MergeCommand } from "./parse-args.js";

/** Said when `--budget` is absent: the gate then has the shards' recorded thresholds and no regression rules. */
export const MERGE_NO_BUDGET_WARNING =
  "no --budget given: the thresholds recorded in the shard reports gate, and there are no regression rules";

/** The `--budget` file, its digest (which the shards' must equal), and its secrets masked from now on. */
async function readMergeBudget(
  file: string,
  io: CliIo,
  out: RedactingOutput,
): Promise<{ budget: Budget; digest: string }> {
  // Only the rules are used: the target and the flows' ${VAR}s need not be set in the merge job.
  const budget = await loadBudget(file, { env: io.env, uses: "regression" });
  out.setSecrets(budget.secrets);
  return { budget, digest: await budgetDigest(file) };
}

/** Runs `perf-gate merge …` and returns the exit code; bad input is thrown as a `PerfGateError` (exit 2). */
export async function mergeCommand(command: MergeCommand, io: CliIo, out: RedactingOutput): Promise<number> {
  const given =
    command.budgetFile === undefined ? undefined : await readMergeBudget(command.budgetFile, io, out);
  const { measured, checked, notRun, interruptedBy } = await mergeShardFiles(command.shardFiles, {
    ...(given && command.budgetFile !== undefined
      ? { budget: { file: command.budgetFile, digest: given.digest } }
      : {}),
    toolVersion: await readToolVersion(),
  });
  const window = await readBaselineWindow(command.baselineFiles, out);
  for (const warning of checked.warnings) out.err(`warning: ${warning}\n`);
  const budget = given?.budget;
  const { report, gate } = judgeRun(measured, {
    thresholds: budget ? thresholdsOf(budget) : recordedShardThresholds(checked),
    rules: budget ? rulesOf(budget) : new Map(),
    creep: budget ? creepOf(budget) : new Map(),
    baseline: window.baseline?.report ?? null,
    baselineSource: window.baseline?.source ?? null,
    history: window.history,
    failOn: command.failOn,
    notRun,
    ...(interruptedBy ? { interruptedBy } : {}),
    warnings: [...(budget ? [] : [MERGE_NO_BUDGET_WARNING]), ...checked.warnings, ...window.warnings],
  });
  const secrets = budget?.secrets ?? [];
  await writeReport(command.outFile, report, secrets);
  printGate(
    report,
    gate,
    { color: command.color, quiet: command.quiet, withBaseline: command.baselineFiles.length > 0 },
    io,
    out,
  );
  if (!command.quiet) out.err(`merged ${checked.count} shards; report written to ${command.outFile}\n`);
  if (command.markdownFile !== undefined) {
    await writeMarkdown(command.markdownFile, report, gate, window.baseline?.report ?? null, secrets);
    if (!command.quiet) out.err(`markdown summary written to ${command.markdownFile}\n`);
  }
  return verdictExitCode(report);
}
