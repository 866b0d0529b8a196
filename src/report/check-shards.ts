/**
 * Whether shard reports belong together before they are merged: each a shard report, of one
 * budget file (same digest), of one split (same N), each shard exactly once, the same scenarios
 * with the same load against the same target, and measured at the same time. Merging shards that fail any of these would produce a report of
 * a load nobody ran, so each is a one-line error naming the file; a start spread small enough to
 * merge but worth knowing is a warning.
 */
import { InputError } from "../errors.js";
import type { Report, ScenarioReport, ShardRecord } from "./types.js";

/** A shard report and the file it was read from. */
export interface ShardInput {
  readonly file: string;
  readonly report: Report;
}

/** A shard input whose `shard` record is known to be there. */
export type CheckedShard = ShardInput & { readonly shard: ShardRecord };

/** What the merge can go on with: the shards in index order, their digest, and warnings. */
export interface CheckedShards {
  readonly shards: readonly CheckedShard[];
  readonly count: number;
  readonly digest: string;
  readonly warnings: readonly string[];
}

/**
 * A start spread above this share of the scenario's duration (and above 1 s) is a warning: the
 * merged timeline's first and last seconds had less than the whole load.
 */
export const START_SPREAD_WARN = 0.1;
/**
 * Above this share of the duration, an error: less than half the measured window had every shard
 * sending, so the merged numbers describe no load that actually ran.
 */
export const START_SPREAD_MAX = 0.5;

/** `sha256:0123456789ab…`: enough of a digest to tell two apart in a message. */
function short(digest: string): string {
  return digest.length > 19 ? `${digest.slice(0, 19)}…` : digest;
}

function shardsOf(inputs: readonly ShardInput[]): CheckedShard[] {
  return inputs.map((input) => {
    const shard = input.report.shard;
    if (shard === undefined)
      throw new InputError(
        `${input.file} is not a shard report (it has no "shard" record): merge the reports of perf-gate run --shard k/N`,
      );
    if (shard.index > shard.count)
      throw new InputError(
        `${input.file} says it is shard ${shard.index} of ${shard.count}, which cannot be (shards are 1 to ${shard.count}): it was edited or is not a perf-gate shard report`,
      );
    return { ...input, shard };
  });
}

/** Same N, same digest (the `--budget` file's when given), each index once, none missing. */
function checkMembership(shards: readonly CheckedShard[], budget?: { file: string; digest: string }): void {
  const [first] = shards;
  if (first === undefined) throw new InputError("merge needs the shards' reports");
  const digest = budget?.digest ?? first.shard.budget_digest;
  const against = budget ? `${budget.file} is ${short(budget.digest)}` : `${first.file} is ${short(digest)}`;
  for (const s of shards) {
    if (s.shard.count !== first.shard.count)
      throw new InputError(
        `${s.file} is shard ${s.shard.index} of ${s.shard.count}, but ${first.file} is shard ${first.shard.index} of ${first.shard.count}: merge the shards of one split`,
      );
    if (s.shard.budget_digest !== digest)
      throw new InputError(
        `${s.file} is from another budget (digest ${short(s.shard.budget_digest)}; ${against}): merge shards of one budget file`,
      );
  }
  const byIndex = new Map<number, string>();
  for (const s of shards) {
    const seen = byIndex.get(s.shard.index);
    if (seen !== undefined)
      throw new InputError(
        `shard ${s.shard.index} of ${s.shard.count} is given twice: ${seen} and ${s.file}; give each shard once`,
      );
    byIndex.set(s.shard.index, s.file);
  }
  const missing = Array.from({ length: first.shard.count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length === 1)
    throw new InputError(
      `shard ${missing[0]} of ${first.shard.count} is missing: merge needs every shard's report`,
    );
  if (missing.length > 1)
    throw new InputError(
      `shards ${missing.join(", ")} of ${first.shard.count} are missing: merge needs every shard's report`,
    );
}

/** Every shard ran the same scenarios, each with its measured start recorded. */
function checkScenarios(shards: readonly CheckedShard[]): void {
  const [first] = shards;
  if (first === undefined) return;
  const names = first.report.scenarios.map((s) => s.name);
  for (const s of shards) {
    const own = s.report.scenarios.map((x) => x.name);
    // A scenario a shard lists as not run (it stopped: aborted or interrupted) is missing on purpose.
    const stopped = (report: Report, n: string): boolean => report.not_run.some((x) => x.name === n);
    const other =
      names.find((n) => !own.includes(n) && !stopped(s.report, n)) ??
      own.find((n) => !names.includes(n) && !stopped(first.report, n));
    if (other !== undefined) {
      const [has, lacks] = own.includes(other) ? [s.file, first.file] : [first.file, s.file];
      throw new InputError(
        `scenario '${other}' is in ${has} but not in ${lacks}: the shards ran different scenarios (another --scenario, or a shard was interrupted); run every shard with the same scenarios`,
      );
    }
    const unstamped = s.report.scenarios.find((x) => x.started_at_ms === undefined);
    if (unstamped !== undefined)
      throw new InputError(
        `${s.file}: scenario '${unstamped.name}' has no started_at_ms: it was written by an older perf-gate; run the shards again`,
      );
  }
}

/** A load's fields that must be equal in every shard: all but the shard's own part and its worker threads. */
function loadKey(load: ScenarioReport["load"]): string {
  const { part: _part, workers: _workers, ...rest } = load;
  return JSON.stringify(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Every shard ran the first one's load against its target: the budget file's bytes are the same
 * (the digest), but its `${VAR}`s and `--target` are each job's, so a job with another
 * environment ran another load or measured another service; merged, that is a load nobody ran.
 */
function checkLoads(shards: readonly CheckedShard[]): void {
  const [first] = shards;
  if (first === undefined) return;
  for (const s of shards) {
    if (s.report.target !== first.report.target)
      throw new InputError(
        `${s.file} ran against target ${s.report.target}, but ${first.file} against ${first.report.target}: merge shards that measured one service (the same --target and \${VAR}s in every job)`,
      );
    for (const block of s.report.scenarios) {
      const own = first.report.scenarios.find((x) => x.name === block.name);
      if (own === undefined) continue;
      const where = `${s.file}: scenario '${block.name}'`;
      const urls = (b: ScenarioReport): string =>
        [
          `${b.request.method} ${b.request.url}`,
          ...(b.steps ?? []).map((x) => `${x.request.method} ${x.request.url}`),
        ].join(", ");
      if (urls(block) !== urls(own))
        throw new InputError(
          `${where} sent ${urls(block)}, but ${first.file} sent ${urls(own)}: merge shards that ran the same requests (the same --target and \${VAR}s in every job)`,
        );
      if (loadKey(block.load) !== loadKey(own.load) || shapeKey(block) !== shapeKey(own))
        throw new InputError(
          `${where} ran another load than in ${first.file} (rate, connections, duration, arrival or load shape differ): merge shards that ran one load (the same \${VAR}s in every job)`,
        );
    }
  }
}

/** A load shape's stages as planned, or "" without stages. */
function shapeKey(block: ScenarioReport): string {
  return JSON.stringify((block.stages ?? []).map((s) => [s.name, s.planned]));
}

/** Per scenario, how far apart the shards' measured phases started: an error or a warning when too far. */
function checkStarts(shards: readonly CheckedShard[]): string[] {
  const [first] = shards;
  if (first === undefined) return [];
  const warnings: string[] = [];
  for (const scenario of first.report.scenarios) {
    const starts = shards.flatMap((s) => {
      const at = s.report.scenarios.find((x) => x.name === scenario.name)?.started_at_ms;
      return at === undefined ? [] : [{ file: s.file, at }];
    });
    starts.sort((a, b) => a.at - b.at);
    const earliest = starts[0];
    const latest = starts.at(-1);
    if (earliest === undefined || latest === undefined) continue;
    const spreadMs = latest.at - earliest.at;
    const durationMs = scenario.load.duration_ms;
    const words = `scenario '${scenario.name}': the shards started ${(spreadMs / 1000).toFixed(1)} s apart (${earliest.file} first, ${latest.file} last)`;
    if (spreadMs > START_SPREAD_MAX * durationMs)
      throw new InputError(
        `${words}, more than half of its ${durationMs / 1000} s duration: less than half the window had the whole load; start the shards together (one matrix, no queued jobs) and run them again`,
      );
    if (spreadMs > Math.max(1000, START_SPREAD_WARN * durationMs))
      warnings.push(
        `${words}, ${Math.round((100 * spreadMs) / durationMs)} % of its duration: the merged window's first and last seconds had less than the whole load`,
      );
  }
  return warnings;
}

/**
 * Checks that `inputs` are the complete shards of one run and returns them in shard order.
 * `budget`: the `--budget` file and its digest, which every shard's must equal.
 * @throws InputError, one line naming the file at fault and what to do
 */
export function checkShards(
  inputs: readonly ShardInput[],
  budget?: { readonly file: string; readonly digest: string },
): CheckedShards {
  const shards = shardsOf(inputs);
  checkMembership(shards, budget);
  checkScenarios(shards);
  checkLoads(shards);
  const sorted = [...shards].sort((a, b) => a.shard.index - b.shard.index);
  const warnings = checkStarts(sorted);
  const first = sorted[0] as CheckedShard;
  return { shards: sorted, count: first.shard.count, digest: first.shard.budget_digest, warnings };
}
