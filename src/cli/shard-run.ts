/**
 * What `perf-gate run --shard k/N` adds around the run: the budget's digest, the `shard` record
 * the merge checks, and the shard's own words in the terminal. A shard measured a share of the
 * load, so it gates nothing: its report is an input of `perf-gate merge`, which judges the whole.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Budget } from "../budget/types.js";
import { InputError } from "../errors.js";
import type { LoadPart } from "../load/part.js";
import type { Report, ShardRecord } from "../report/types.js";
import type { Shard } from "./parse-args.js";

/**
 * `sha256:<hex>` of the budget file's BYTES. The bytes rather than the parsed budget: every job of
 * a matrix checks out the same commit, so the file is the same, while the parsed budget holds the
 * job's environment (`${API_URL}`, a token that differs per runner, `--target`), which would make
 * shards of one run look foreign; and a digest of the parsed budget would be a digest of secrets.
 * @throws InputError when the file cannot be read
 */
export async function budgetDigest(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new InputError(`cannot read the budget file ${file} (${code}) to compute its digest`);
  }
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/** `--shard k/N` as the part of the load the engine runs (0-based). */
export function shardPart(shard: Shard): LoadPart {
  return { index: shard.index - 1, count: shard.count };
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

/**
 * The shard's terminal text: one line per scenario (its share's counts), the trust reasons of its
 * share as warnings (the merge judges trust again on the whole), and what to do next.
 */
export function renderShardText(report: Report, shard: Shard, outFile: string): string {
  const lines = report.scenarios.map((s) => {
    const p50 = s.latency.count > 0 ? `, p50 ${s.latency.p50} ms, p99 ${s.latency.p99} ms` : "";
    return `  ${s.name}: ${s.requests.total.toLocaleString("en-US")} requests (${s.requests.ok.toLocaleString("en-US")} ok, ${s.requests.failed.toLocaleString("en-US")} failed) in ${(s.duration_ms / 1000).toFixed(1)} s${p50}`;
  });
  const warnings = report.scenarios.flatMap((s) =>
    s.trust.trusted ? [] : s.trust.reasons.map((r) => `  warning: ${s.name}: this shard's share: ${r}`),
  );
  const next = `shard ${shard.index} of ${shard.count}: merge the shards to judge: perf-gate merge <the ${shard.count} shard reports> --out report.json (this one is ${outFile})`;
  return `${[`shard ${shard.index} of ${shard.count} measured:`, ...lines, ...warnings, next].join("\n")}\n`;
}
