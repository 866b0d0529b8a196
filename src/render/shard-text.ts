/**
 * What a shard says when it is done (`run --shard k/N`, the action's `shard:`): its share's counts,
 * the trust reasons of its share as warnings (the merge judges trust again, on the whole), and
 * that the merge judges. Pure: `(report) → string`.
 */
import type { Report } from "../report/types.js";

/** `1,234` */
function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** The shard's lines; `merged` names where the merge happens (a command, or the action's merge job). */
export function renderShardText(report: Report, merged: string): string {
  const shard = report.shard;
  const which = shard ? `shard ${shard.index} of ${shard.count}` : "shard";
  const lines = report.scenarios.map((s) => {
    const latency =
      s.latency.count > 0 ? `, p50 ${s.latency.p50.toFixed(1)} ms, p99 ${s.latency.p99.toFixed(1)} ms` : "";
    return `  ${s.name}: ${count(s.requests.total)} requests (${count(s.requests.ok)} ok, ${count(s.requests.failed)} failed) in ${(s.duration_ms / 1000).toFixed(1)} s${latency}`;
  });
  const warnings = report.scenarios.flatMap((s) =>
    s.trust.trusted ? [] : s.trust.reasons.map((r) => `  warning: ${s.name}, this shard's share: ${r}`),
  );
  return `${[`${which} measured its share of the load:`, ...lines, ...warnings, `${which}: merge the shards to judge: ${merged}`].join("\n")}\n`;
}
