import type { AbortedRun } from "../metrics/types.js";
import type { AbortRecord } from "./types.js";

/** `35.0 %` for a fraction, `61.2 ms` for a duration (3 significant digits). */
function shown(metric: string, value: number): string {
  if (metric === "error_rate") return `${(value * 100).toFixed(1)} %`;
  return `${value >= 100 ? value.toFixed(0) : value.toPrecision(3)} ms`;
}

/**
 * The report's record of an abort, with its one-line reason:
 * `aborted at 12.4 s: error_rate 35.0 % > 1 %` (the limit as the budget wrote it).
 */
export function abortRecord(run: AbortedRun): AbortRecord {
  const broken = run.op === "<" ? ">=" : ">";
  const limit = run.source.replace(/^\s*(<=|<)\s*/, "");
  const reason = `aborted at ${(run.atMs / 1000).toFixed(1)} s: ${run.metric} ${shown(run.metric, run.actual)} ${broken} ${limit}`;
  return {
    at_ms: run.atMs,
    metric: run.metric,
    actual: run.actual,
    limit: run.limit,
    source: run.source,
    line: run.line,
    reason,
  };
}
