/**
 * The one live line of a scenario run by several workers, from each worker's latest snapshot.
 * Counts and rates add up exactly. The p95s cannot be added: the line shows the LARGEST of the
 * workers' p95s, which is an upper bound of the p95 of all their requests together (at that value
 * every worker has at least 95 % of its requests, so all of them together do too) — shown as
 * `p95 ≤ …` (`LiveProgress.workers`). Workers of one scenario measure the same server under the
 * same load, so the bound is close; the report's p95 is exact (histograms added).
 */
import type { LiveProgress } from "./types.js";

const PHASE_ORDER: Readonly<Record<LiveProgress["phase"], number>> = { warmup: 0, measure: 1, drain: 2 };

/** The largest non-null value, or null when there is none. */
function maxOf(values: readonly (number | null | undefined)[]): number | null {
  const known = values.filter((v): v is number => typeof v === "number");
  return known.length === 0 ? null : Math.max(...known);
}

/**
 * The combined snapshot of `latest` (each worker's last one; at least one). The phase is the
 * least advanced of the workers' (the run is in warm-up until every part is past it), its elapsed
 * time the furthest of the workers in that phase.
 */
export function combineProgress(latest: readonly LiveProgress[], workers: number): LiveProgress {
  const first = latest[0];
  if (first === undefined) throw new Error("combineProgress: no snapshot");
  const phase = latest.reduce((p, s) => (PHASE_ORDER[s.phase] < PHASE_ORDER[p] ? s.phase : p), first.phase);
  const inPhase = latest.filter((s) => s.phase === phase);
  const streamed = latest.some((s) => s.ttftP95Ms !== undefined);
  return {
    name: first.name,
    phase,
    elapsedMs: Math.max(...inPhase.map((s) => s.elapsedMs)),
    totalMs: Math.max(...inPhase.map((s) => s.totalMs)),
    ok: latest.reduce((n, s) => n + s.ok, 0),
    errors: latest.reduce((n, s) => n + s.errors, 0),
    rps: latest.reduce((n, s) => n + s.rps, 0),
    p95Ms: maxOf(latest.map((s) => s.p95Ms)),
    ...(streamed ? { ttftP95Ms: maxOf(latest.map((s) => s.ttftP95Ms)) } : {}),
    workers,
  };
}
