/**
 * `baseline: auto` with `baseline-history: N` (N ≥ 2) on a pull request: the report.json artifacts
 * of the last N successful runs of this workflow on the PR's base branch, one per run, newest
 * first. Their run-to-run spread is part of the gate's noise model and the oldest is what `creep:`
 * rules compare with. Unlike a single baseline, a broken artifact is skipped with a warning: the
 * window is still made of real runs, just one fewer.
 */
import type { BaselineSource } from "../gate/types.js";
import type { Report } from "../report/types.js";
import { type BaselineArtifactOptions, runReports } from "./baseline-artifact.js";
import { describeRequestError, type Octokit } from "./octokit.js";

/** Where to look, how many runs to keep, and which commit's run to prefer as the newest. */
export interface BaselineHistoryOptions extends BaselineArtifactOptions {
  /** Runs wanted in the window (the `baseline-history` input, 1–20). */
  readonly count: number;
  /** The PR's base commit: its run, when among those found, is THE baseline. */
  readonly preferSha?: string | undefined;
}

/** A window of baselines: the primary one, the older ones newest first, and what was left out. */
export interface BaselineHistory {
  readonly report: Report | null;
  readonly source: BaselineSource | null;
  /** The other runs of the window, newest first (the primary excluded). */
  readonly history: readonly Report[];
  /** Runs left out (broken artifact), or why there is no baseline at all; empty: nothing to say. */
  readonly warnings: readonly string[];
}

/**
 * Runs looked at beyond the `count` wanted: some successful runs save no artifact (a manual run,
 * `save-baseline: false`), and each look costs API calls, so the search stops here.
 */
const EXTRA_RUNS_LOOKED_AT = 5;

interface Found {
  readonly report: Report;
  readonly source: BaselineSource;
}

/**
 * Finds, downloads and reads up to `count` baseline artifacts, newest run first; runs without the
 * artifact are skipped, a broken artifact is a warning and skipped. When the run of `preferSha` is
 * among them it becomes the primary baseline (the code the PR branched from), the others its
 * history in run order. Never throws: an API error is a warning, and the thresholds still gate.
 */
export async function downloadBaselineHistory(
  octokit: Octokit,
  options: BaselineHistoryOptions,
): Promise<BaselineHistory> {
  const where = `workflow ${options.workflow} on ${options.branch}`;
  const lookAt = Math.min(100, options.count + EXTRA_RUNS_LOOKED_AT);
  const warnings: string[] = [];
  const found: Found[] = [];
  try {
    for await (const { source, read } of runReports(octokit, options, lookAt)) {
      if (typeof read === "string") warnings.push(`baseline history: left out ${read}`);
      else found.push({ report: read, source });
      // Enough: stop before the next run's requests.
      if (found.length >= options.count) break;
    }
  } catch (error) {
    const why = `cannot read the artifacts of ${where}: ${describeRequestError(error)} (the workflow needs \`permissions: actions: read\`)`;
    // Runs already read still make a window; without any there is no baseline.
    if (found.length > 0) warnings.push(`baseline history: stopped early: ${why}`);
    else return noHistory([...warnings, `no baseline: ${why}; the thresholds still gate`]);
  }
  const [primary, ...older] = preferred(found, options.preferSha);
  if (!primary) {
    return noHistory([
      ...warnings,
      `no baseline: no usable artifact '${options.artifactName}' in the last ${lookAt} successful runs of ${where} ` +
        "(save one with `save-baseline` on pushes to the base branch); the thresholds still gate",
    ]);
  }
  return { report: primary.report, source: primary.source, history: older.map((f) => f.report), warnings };
}

/** The run of `sha` first (when found), the others in their order (newest first). */
function preferred(found: readonly Found[], sha: string | undefined): Found[] {
  const index = sha === undefined ? -1 : found.findIndex((f) => f.source.commit === sha);
  if (index <= 0) return [...found];
  return [found[index] as Found, ...found.slice(0, index), ...found.slice(index + 1)];
}

function noHistory(warnings: readonly string[]): BaselineHistory {
  return { report: null, source: null, history: [], warnings };
}
