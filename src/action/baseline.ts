/**
 * The `baseline` input turned into a baseline report (and, with `baseline-history` above 1, the
 * older runs of the window), or none with a warning saying why.
 */
import { resolve } from "node:path";
import { PerfGateError } from "../errors.js";
import { readReport } from "../report/write-report.js";
import { type BaselineLookup, downloadBaselineArtifact } from "./baseline-artifact.js";
import { type BaselineHistory, downloadBaselineHistory } from "./baseline-history.js";
import type { BaselineInput } from "./inputs.js";
import type { Octokit } from "./octokit.js";
import type { RunContext } from "./run-context.js";

/** No baseline, and nothing worth a warning (the user asked for none). */
const NONE: BaselineHistory = { report: null, source: null, history: [], warnings: [] };

/** How the artifact baseline is looked up: its name, and how many runs make the window. */
export interface BaselineLookupOptions {
  readonly artifactName: string;
  /** The `baseline-history` input: 1 reads the newest run's artifact only, as before it existed. */
  readonly history: number;
}

/**
 * Finds the baseline:
 * - `none`: no baseline, silently.
 * - a path: that report.json; unreadable or foreign → a warning.
 * - `auto` on a pull request: the base branch's artifact (see `downloadBaselineArtifact`), or
 *   with `history` above 1 the artifacts of its last runs (see `downloadBaselineHistory`).
 * - `auto` elsewhere (a push builds the baseline, it does not compare): none, silently.
 * Empty `warnings` mean there is nothing to say.
 */
export async function resolveBaseline(
  input: BaselineInput,
  context: RunContext,
  octokit: Octokit | undefined,
  options: BaselineLookupOptions,
): Promise<BaselineHistory> {
  if (input.kind === "none") return NONE;
  if (input.kind === "path") return readBaselineFile(input.path);
  const pr = context.pullRequest;
  if (!pr) return NONE;
  if (!octokit)
    return noBaseline("no baseline: `github-token` is empty, so the base branch's artifact cannot be read");
  const workflow = context.workflowFile ?? (await workflowIdOfRun(octokit, context));
  if (workflow === undefined) {
    return noBaseline(
      "no baseline: cannot tell which workflow this is (no GITHUB_WORKFLOW_REF, and the run could not be read)",
    );
  }
  const where = {
    owner: context.owner,
    repo: context.repo,
    workflow,
    branch: pr.baseRef,
    artifactName: options.artifactName,
  };
  if (options.history <= 1) return single(await downloadBaselineArtifact(octokit, where));
  return downloadBaselineHistory(octokit, { ...where, count: options.history, preferSha: pr.baseSha });
}

/** One baseline (or none) as a window without history. */
function single(lookup: BaselineLookup): BaselineHistory {
  const warnings = lookup.warning ? [lookup.warning] : [];
  return { report: lookup.report, source: lookup.source, history: [], warnings };
}

async function readBaselineFile(path: string): Promise<BaselineHistory> {
  try {
    const report = await readReport(path);
    return { report, source: { description: path, path: resolve(path) }, history: [], warnings: [] };
  } catch (error) {
    if (!(error instanceof PerfGateError)) throw error;
    return noBaseline(`no baseline: ${error.message}; the thresholds still gate`);
  }
}

/** Older runners lack GITHUB_WORKFLOW_REF: the run itself names its workflow. */
async function workflowIdOfRun(octokit: Octokit, context: RunContext): Promise<number | undefined> {
  if (context.runId === undefined) return undefined;
  try {
    const { data } = await octokit.rest.actions.getWorkflowRun({
      owner: context.owner,
      repo: context.repo,
      run_id: context.runId,
    });
    return data.workflow_id;
  } catch {
    // Reported as "no workflow" below; the same missing `actions: read` would fail the lookup anyway.
    return undefined;
  }
}

function noBaseline(warning: string): BaselineHistory {
  return { report: null, source: null, history: [], warnings: [warning] };
}
