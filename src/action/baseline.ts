/**
 * The `baseline` input turned into a baseline report, or none with a warning saying why.
 */
import { resolve } from "node:path";
import { PerfGateError } from "../errors.js";
import { readReport } from "../report/write-report.js";
import { type BaselineLookup, downloadBaselineArtifact } from "./baseline-artifact.js";
import type { BaselineInput } from "./inputs.js";
import type { Octokit } from "./octokit.js";
import type { RunContext } from "./run-context.js";

/** No baseline, and nothing worth a warning (the user asked for none). */
const NONE: BaselineLookup = { report: null, source: null, warning: "" };

/**
 * Finds the baseline:
 * - `none`: no baseline, silently.
 * - a path: that report.json; unreadable or foreign → a warning.
 * - `auto` on a pull request: the base branch's artifact (see `downloadBaselineArtifact`).
 * - `auto` elsewhere (a push builds the baseline, it does not compare): none, silently.
 * An empty `warning` means there is nothing to say.
 */
export async function resolveBaseline(
  input: BaselineInput,
  context: RunContext,
  octokit: Octokit | undefined,
  artifactName: string,
): Promise<BaselineLookup> {
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
  return downloadBaselineArtifact(octokit, {
    owner: context.owner,
    repo: context.repo,
    workflow,
    branch: pr.baseRef,
    artifactName,
  });
}

async function readBaselineFile(path: string): Promise<BaselineLookup> {
  try {
    const report = await readReport(path);
    return { report, source: { description: path, path: resolve(path) } };
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

function noBaseline(warning: string): BaselineLookup {
  return { report: null, source: null, warning };
}
