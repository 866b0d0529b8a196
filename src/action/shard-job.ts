/**
 * The two jobs of a sharded workflow, as the action runs them: a shard job (`shard: k/N`) runs its
 * share of the load, writes and uploads its report, and gates nothing; the merge job (`merge:
 * true`) sends no load and measures by merging the shards' reports, which the ordinary gate then
 * judges once (run.ts), with the one summary, comment and baseline.
 */
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import { budgetDigest } from "../budget/budget-digest.js";
import type { Budget } from "../budget/types.js";
import { judgeShard } from "../judge-shard.js";
import { type Shard, shardPart } from "../load/shard.js";
import { checkStartAt } from "../load/start-at.js";
import { wallNowMs } from "../load/wall-clock.js";
import { mergeShardFiles } from "../merge-shard-files.js";
import { renderShardText } from "../render/shard-text.js";
import { writeReport } from "../report/write-report.js";
import { checkRunnable, type RunOutcome } from "../run-budget.js";
import { type ActionInputs, START_AT_INPUT } from "./inputs.js";
import { outputPaths, writeMarkdown } from "./outputs.js";
import { runLoad } from "./run-load.js";
import {
  downloadShardReports,
  type ShardArtifactClient,
  shardArtifactName,
  uploadShardReport,
} from "./shard-artifacts.js";
import { readActionVersion } from "./tool-version.js";

/**
 * `shard: k/N`: runs the shard (from the `start-at` instant, when given), writes its report (the
 * `report` output), uploads it as `perf-gate-shard-k-of-N`, and says in the log and the job
 * summary that the merge job judges.
 * Never fails on the share's numbers; throws (a failed step) only when the run or the upload could
 * not happen, since the merge would then miss this shard.
 */
export async function runShardJob(
  inputs: ActionInputs,
  budget: Budget,
  shard: Shard,
  client: ShardArtifactClient,
): Promise<void> {
  const digest = await budgetDigest(inputs.budget);
  const paths = outputPaths(inputs.budget, process.env);
  const startAt =
    inputs.startAtMs === undefined ? undefined : { atMs: inputs.startAtMs, label: START_AT_INPUT };
  if (startAt) {
    // Past or hours off: refused before the load (and again, past, right before the wait).
    checkStartAt(startAt.atMs, startAt.label, wallNowMs());
    // A shard that cannot run (a capacity search, baseline_target …) says so, not "starts at" first.
    checkRunnable(budget, {
      part: shardPart(shard),
      ...(inputs.workers === undefined ? {} : { workers: inputs.workers }),
    });
    core.info(
      `shard ${shard.index} of ${shard.count} starts at ${new Date(startAt.atMs).toISOString()}, with the other shards`,
    );
  }
  const outcome = await runLoad(budget, {
    part: shardPart(shard),
    ...(startAt ? { startAt } : {}),
    ...(inputs.workers === undefined ? {} : { workers: inputs.workers }),
  });
  const report = judgeShard(outcome.measured, {
    budget,
    shard,
    digest,
    notRun: outcome.notRun,
    interruptedBy: outcome.interruptedBy,
  });
  await writeReport(paths.report, report, outcome.secrets);
  core.setOutput("report", paths.report);
  const name = shardArtifactName(inputs.artifactName, shard);
  const text = renderShardText(report, "the job with `merge: true` downloads every shard's artifact");
  core.info(text);
  await uploadShardReport(client, paths.report, name);
  core.info(`shard report uploaded as the artifact '${name}'`);
  await writeMarkdown(
    paths,
    `### perf-gate: shard ${shard.index} of ${shard.count}\n\n\`\`\`\n${text}\`\`\`\n`,
  );
}

/**
 * `merge: true`: the run's shard reports, downloaded and merged, as the outcome of a load the
 * gate judges (thresholds and rules of `budget`, whose file must be the one the shards ran).
 * The merge's warnings (earlier splits' artifacts left out, shards started apart) come back to
 * go into the summary.
 * @throws InputError when a shard is missing, twice, foreign or started too far apart
 */
export async function mergeShardJob(
  inputs: ActionInputs,
  budget: Budget,
  client: ShardArtifactClient,
): Promise<RunOutcome & { readonly interruptedBy?: string; readonly warnings: readonly string[] }> {
  const temp = process.env.RUNNER_TEMP || tmpdir();
  await mkdir(temp, { recursive: true });
  const dir = await mkdtemp(join(temp, "perf-gate-shards-"));
  const { files, warnings } = await downloadShardReports(client, inputs.artifactName, dir);
  const digest = await budgetDigest(inputs.budget);
  const { measured, checked, notRun, interruptedBy } = await mergeShardFiles(files, {
    budget: { file: inputs.budget, digest },
    toolVersion: await readActionVersion(),
  });
  core.info(`merged ${checked.count} shards of ${inputs.budget}`);
  return {
    measured,
    notRun,
    secrets: budget.secrets,
    ...(interruptedBy ? { interruptedBy } : {}),
    warnings: [...warnings, ...checked.warnings],
  };
}
