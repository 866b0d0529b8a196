/**
 * The merge pipeline the CLI (`perf-gate merge`) and the action (`merge: true`) share: read the
 * shard reports, check they belong together, merge them exactly into one measured report, and
 * record which shards could not produce their own share (the gate's trust reads it). The
 * verdict is not decided here: the gate decides it (`judgeRun`), with the thresholds of the
 * budget (`--budget`) or those the shards recorded (`recordedShardThresholds`).
 */
import type { Threshold } from "./budget/types.js";
import { assessTrust } from "./gate/trust.js";
import { initHistograms } from "./metrics/histogram.js";
import { type CheckedShards, checkShards } from "./report/check-shards.js";
import { mergeShards, shardsNotRun } from "./report/merge-shards.js";
import type { MeasuredReport, MeasuredScenario, NotRunScenario, UntrustedShard } from "./report/types.js";
import { readReport } from "./report/write-report.js";

/** What `mergeShardFiles` returns: the merged report, the shards' checks and their warnings. */
export interface MergedShards {
  readonly measured: MeasuredReport;
  readonly checked: CheckedShards;
  /** Scenarios some shard never started (it was aborted or interrupted): the gate's `notRun`. */
  readonly notRun: readonly NotRunScenario[];
  /**
   * `shard 2 of 4` when that shard was interrupted (the first such, in shard order): the gate's
   * `interruptedBy`, so an incomplete merge's reason names the shard that was cut short.
   */
  readonly interruptedBy?: string;
}

/**
 * True when the open model's schedule gave this shard no arrival in the measured phase (fewer
 * arrivals than shards: 1/s for 2 s in 4 shards is arrivals 0 and 1, shards 1's and 2's). It
 * fell short of nothing; judged alone its "no request completed" would make a merge untrusted
 * that one process at the same load passes.
 */
function dueNothing(block: MeasuredScenario): boolean {
  const { load, requests } = block;
  return load.model === "open" && (requests.due ?? requests.total + requests.dropped) === 0;
}

/**
 * Each merged scenario with the shards that could not produce their share of it
 * (`untrusted_shards`), trust judged on each shard's own counters and share (`load.part`) by the
 * gate's rule: one shard at 85 % of its share is 96 % of the whole in the sums, and would pass.
 */
function withShardTrust(measured: MeasuredReport, checked: CheckedShards): MeasuredReport {
  const scenarios = measured.scenarios.map((merged): MeasuredScenario => {
    const untrusted = checked.shards.flatMap((s): UntrustedShard[] => {
      const block = s.report.scenarios.find((x) => x.name === merged.name);
      const trust = block === undefined || dueNothing(block) ? undefined : assessTrust(block);
      return trust === undefined || trust.trusted
        ? []
        : [{ index: s.shard.index, count: s.shard.count, reasons: trust.reasons }];
    });
    return untrusted.length === 0 ? merged : { ...merged, untrusted_shards: untrusted };
  });
  return { ...measured, scenarios };
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
  const measured = withShardTrust(mergeShards(checked, options.toolVersion), checked);
  const cut = checked.shards.find((s) => s.report.incomplete);
  return {
    measured,
    checked,
    notRun: shardsNotRun(checked),
    ...(cut ? { interruptedBy: `shard ${cut.shard.index} of ${cut.shard.count}` } : {}),
  };
}

/** The thresholds the shards recorded (`shard.thresholds`: the budget's, the same in every shard of one budget). */
export function recordedShardThresholds(checked: CheckedShards): ReadonlyMap<string, readonly Threshold[]> {
  return new Map(Object.entries(checked.shards[0]?.shard.thresholds ?? {}));
}
