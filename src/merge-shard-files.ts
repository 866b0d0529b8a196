/**
 * The merge pipeline the CLI (`perf-gate merge`) and the action (`merge: true`) share: read the
 * shard reports, check they belong together, merge them exactly into one measured report. The
 * verdict is not decided here: the gate decides it (`judgeRun`), with the thresholds of the
 * budget (`--budget`) or those the shards recorded (`recordedShardThresholds`).
 */
import type { Threshold } from "./budget/types.js";
import { initHistograms } from "./metrics/histogram.js";
import { type CheckedShards, checkShards } from "./report/check-shards.js";
import { mergeShards, shardsNotRun } from "./report/merge-shards.js";
import type { MeasuredReport, NotRunScenario } from "./report/types.js";
import { readReport } from "./report/write-report.js";

/** What `mergeShardFiles` returns: the merged report, the shards' checks and their warnings. */
export interface MergedShards {
  readonly measured: MeasuredReport;
  readonly checked: CheckedShards;
  /** Scenarios some shard never started (it was aborted or interrupted): the gate's `notRun`. */
  readonly notRun: readonly NotRunScenario[];
}

/**
 * Reads `files` (each a shard report), checks them (`checkShards`; `budget`: the budget file and
 * digest they must match) and merges them.
 * @throws InputError naming the file at fault (unreadable, not a shard, foreign, missing, twice …)
 */
export async function mergeShardFiles(
  files: readonly string[],
  options: {
    readonly budget?: { readonly file: string; readonly digest: string };
    readonly toolVersion: string;
  },
): Promise<MergedShards> {
  const inputs = [];
  for (const file of files) inputs.push({ file, report: await readReport(file) });
  const checked = checkShards(inputs, options.budget);
  await initHistograms();
  return { measured: mergeShards(checked, options.toolVersion), checked, notRun: shardsNotRun(checked) };
}

/** The thresholds the shards recorded (`shard.thresholds`: the budget's, the same in every shard of one budget). */
export function recordedShardThresholds(checked: CheckedShards): ReadonlyMap<string, readonly Threshold[]> {
  return new Map(Object.entries(checked.shards[0]?.shard.thresholds ?? {}));
}
