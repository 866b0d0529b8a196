/**
 * The action's one sequence: inputs → budget → load → baseline → gate → render → files, summary,
 * annotations, comment, outputs, artifact → pass or fail. Everything the user reads is written
 * before the step fails, and this is the only place that calls `core.setFailed`. A sharded
 * workflow's jobs take the two ends of it: `shard: k/N` runs its share and uploads it, nothing
 * more; `merge: true` measures by merging the shards (shard-job.ts), then gates as a run does.
 */

import { DefaultArtifactClient } from "@actions/artifact";
import * as core from "@actions/core";
import { loadBudget } from "../budget/load-budget.js";
import type { Budget } from "../budget/types.js";
import { BudgetError, PerfGateError } from "../errors.js";
import type { GateResult } from "../gate/types.js";
import { creepOf, judgeRun, rulesOf, thresholdsOf } from "../judge-run.js";
import { renderMarkdownSummary } from "../render/markdown-summary.js";
import { commentMarker, renderComment } from "../render/pr-comment.js";
import { renderTerminalReport } from "../render/terminal-report.js";
import type { Report } from "../report/types.js";
import { writeReport } from "../report/write-report.js";
import type { RunOutcome } from "../run-budget.js";
import { annotateBudget, annotateBudgetProblems, gateAnnotations } from "./annotations.js";
import { resolveBaseline } from "./baseline.js";
import { type ActionInputs, parseInputs } from "./inputs.js";
import { createOctokit, type Octokit } from "./octokit.js";
import { appendSummaryNote, outputPaths, setOutputs, writeMarkdown } from "./outputs.js";
import { type RunContext, readRunContext } from "./run-context.js";
import { runLoad } from "./run-load.js";
import { saveBaseline, shouldSaveBaseline } from "./save-baseline.js";
import { mergeShardJob, runShardJob } from "./shard-job.js";
import { upsertComment } from "./sticky-comment.js";

/**
 * Runs the action. Never throws: a user error (invalid input or budget, a run that could not
 * happen) and a failed gate both end in `core.setFailed`; warnings never fail the step.
 */
export async function run(): Promise<void> {
  try {
    const inputs = parseInputs((name) => core.getInput(name));
    const context = await readRunContext(process.env);
    const budget = await loadBudget(inputs.budget, {
      env: process.env,
      target: inputs.target,
      baselineTarget: inputs.baselineTarget,
      // The merge job sends nothing: the budget's target and flows need not resolve there.
      ...(inputs.merge ? { uses: "regression" as const } : {}),
    });
    // First thing after loading: every later log line, annotation and output is masked.
    for (const secret of budget.secrets) core.setSecret(secret);
    if (inputs.shard) {
      await runShardJob(inputs, budget, inputs.shard, new DefaultArtifactClient());
      return;
    }
    const gate = await gateBudget(inputs, context, budget);
    if (gate.verdict !== "pass") core.setFailed(failureMessage(gate));
  } catch (error) {
    if (error instanceof BudgetError) annotateBudgetProblems(error.problems);
    core.setFailed(error instanceof PerfGateError ? error.message : errorWithStack(error));
  }
}

/** Everything after the budget loaded: load, gate, and every output, in the order users see them. */
async function gateBudget(inputs: ActionInputs, context: RunContext, budget: Budget): Promise<GateResult> {
  const paths = outputPaths(inputs.budget, process.env);
  const octokit = inputs.githubToken ? createOctokit(inputs.githubToken, context.apiUrl) : undefined;
  // The baseline is found before the load: a run of minutes should not end in a lookup failure.
  // Side by side, `baseline: auto` IS the baseline target measured in this job: an artifact of
  // another runner would replace the paired comparison with a noisier one.
  const sideBySide = budget.baselineTarget !== undefined && inputs.baseline.kind === "auto";
  const baseline = sideBySide
    ? { report: null, source: null, history: [], warnings: [] }
    : await resolveBaseline(inputs.baseline, context, octokit, {
        artifactName: inputs.artifactName,
        history: inputs.baselineHistory,
      });
  if (sideBySide) core.info(`baseline: measured side by side with ${budget.baselineTarget}`);
  if (baseline.source) core.info(`baseline: ${baseline.source.description}`);
  if (baseline.history.length > 0) core.info(`baseline history: ${baseline.history.length} older run(s)`);
  // The merge job measures nothing itself: its outcome is the shards' reports, merged.
  const outcome: RunOutcome & { readonly interruptedBy?: string; readonly warnings: readonly string[] } =
    inputs.merge
      ? await mergeShardJob(inputs, budget, new DefaultArtifactClient())
      : {
          ...(await runLoad(budget, inputs.workers === undefined ? {} : { workers: inputs.workers })),
          warnings: [],
        };
  // Why the baseline is missing and what is odd about the budget go first, so the summary says
  // them, not only the log. The gate decides; the report records its verdict.
  const { report, gate } = judgeRun(outcome.measured, {
    thresholds: thresholdsOf(budget),
    rules: rulesOf(budget),
    creep: creepOf(budget),
    baseline: baseline.report,
    baselineSource: baseline.source,
    history: baseline.history,
    failOn: inputs.failOn,
    notRun: outcome.notRun,
    ...(outcome.interruptedBy ? { interruptedBy: outcome.interruptedBy } : {}),
    warnings: [...baseline.warnings, ...(budget.warnings ?? []), ...outcome.warnings],
  });
  await writeReport(paths.report, report, outcome.secrets);
  core.info(renderTerminalReport(report, { color: false }));
  for (const warning of gate.warnings) core.warning(warning);

  await writeMarkdown(paths, renderMarkdownSummary(report, gate, { baseline: baseline.report }));
  annotateBudget(budget.file, gateAnnotations(gate));
  await postComment(inputs, context, octokit, report, gate, baseline.report);
  setOutputs(paths, gate);
  if (shouldSaveBaseline(inputs.saveBaseline, context)) {
    const saved = await saveBaseline(new DefaultArtifactClient(), paths.report, inputs.artifactName);
    if (saved.saved) core.info(`baseline saved as artifact '${inputs.artifactName}'`);
    else core.warning(saved.warning);
  }
  return gate;
}

/** The sticky comment on a pull request; other events have nothing to comment on. */
async function postComment(
  inputs: ActionInputs,
  context: RunContext,
  octokit: Octokit | undefined,
  report: Report,
  gate: GateResult,
  baseline: Report | null,
): Promise<void> {
  const pr = context.pullRequest;
  if (!pr || inputs.comment === "never") return;
  if (!octokit) {
    core.warning("no PR comment: `github-token` is empty");
    return;
  }
  const marker = commentMarker(inputs.budget);
  const result = await upsertComment(octokit, {
    owner: context.owner,
    repo: context.repo,
    issueNumber: pr.number,
    marker,
    body: renderComment(report, gate, { marker, baseline }),
    mode: inputs.comment,
    verdict: gate.verdict,
  });
  if (result.warning) {
    core.warning(result.warning);
    await appendSummaryNote(`No PR comment was posted: ${result.warning}`);
  } else
    core.info(
      `PR comment ${result.action}${result.url ? `: ${result.url}` : ""}${result.reason ? ` (${result.reason})` : ""}`,
    );
}

/** The step's failure message: the verdict and its one-line reason, as every output says it. */
function failureMessage(gate: GateResult): string {
  return `perf-gate: ${gate.verdict}: ${gate.reason} (see the job summary)`;
}

/** An unexpected error is a bug: keep its stack for the report. */
function errorWithStack(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
