/**
 * A shard's own judgement (`run --shard k/N`, the action's `shard:`): it measured a share of the
 * load, so no threshold is evaluated on it (a limit on a share says nothing of the whole load) and
 * its verdict gates nothing. Trust is still judged, on its share (`load.part`), and an interruption
 * still reads `incomplete`. The report carries the `shard` record `perf-gate merge` checks, and
 * the budget's thresholds for a merge without `--budget`.
 */
import type { Budget } from "./budget/types.js";
import { judgeRun } from "./judge-run.js";
import type { Shard } from "./load/shard.js";
import type { MeasuredReport, NotRunScenario, Report, ShardRecord } from "./report/types.js";

/** What a shard's judgement needs besides the measured report. */
export interface ShardJudgeOptions {
  readonly budget: Budget;
  readonly shard: Shard;
  /** The budget file's digest (`budgetDigest`). */
  readonly digest: string;
  readonly notRun: readonly NotRunScenario[];
  readonly interruptedBy?: string | undefined;
}

/** The report's `shard` record: which shard, the budget's digest, and the thresholds the merge applies without `--budget`. */
export function shardRecord(budget: Budget, shard: Shard, digest: string): ShardRecord {
  return {
    index: shard.index,
    count: shard.count,
    budget_digest: digest,
    thresholds: Object.fromEntries(
      budget.scenarios.map((s) => [
        s.name,
        s.thresholds.map((t) => ({
          metric: t.metric,
          op: t.op,
          limit: t.limit,
          source: t.source,
          line: t.line,
        })),
      ]),
    ),
  };
}

/** The verdict reason a shard's report carries: a shard's share is no verdict on the whole load. */
export function shardReason(shard: Shard): string {
  return `shard ${shard.index} of ${shard.count}: its share of the load only, no thresholds evaluated; merge the shards to judge (perf-gate merge)`;
}

/** The shard's report: judged without thresholds or rules, with its `shard` record and reason. */
export function judgeShard(measured: MeasuredReport, options: ShardJudgeOptions): Report {
  const { report } = judgeRun(measured, {
    thresholds: new Map(),
    rules: new Map(),
    baseline: null,
    baselineSource: null,
    failOn: "any",
    notRun: options.notRun,
    ...(options.interruptedBy ? { interruptedBy: options.interruptedBy } : {}),
  });
  return {
    ...report,
    verdict_reason: shardReason(options.shard),
    shard: shardRecord(options.budget, options.shard, options.digest),
  };
}
