/**
 * `baseline: auto` on a pull request: the report.json that the latest successful run of the same
 * workflow on the PR's base branch uploaded as an artifact. Everything goes through the REST API
 * (no gh-pages branch, no server). A baseline that cannot be found or read is a warning, never a
 * failure: the absolute thresholds still gate.
 */
import { unzipSync } from "fflate";
import type { BaselineSource } from "../gate/types.js";
import type { Report } from "../report/types.js";
import { checkReport, MAX_REPORT_BYTES } from "../report/write-report.js";
import { describeRequestError, type Octokit } from "./octokit.js";

/** Where to look. `workflow` is the workflow's file name (`ci.yml`) or numeric id. */
export interface BaselineArtifactOptions {
  readonly owner: string;
  readonly repo: string;
  readonly workflow: string | number;
  /** The PR's base branch. */
  readonly branch: string;
  readonly artifactName: string;
}

/** A baseline report and where it came from, or null with the reason as a warning. */
export type BaselineLookup =
  | { readonly report: Report; readonly source: BaselineSource; readonly warning?: undefined }
  | { readonly report: null; readonly source: null; readonly warning: string };

/** File inside the artifact's zip that holds the report. */
export const REPORT_FILE_NAME = "report.json";

/**
 * The newest runs looked at: the latest successful run may be one that saved no artifact (a
 * manual run, `save-baseline: false`), so a few older ones get a chance before giving up.
 */
const MAX_RUNS_LOOKED_AT = 5;

/**
 * Finds, downloads and reads the baseline artifact. Runs are looked at newest first; the first
 * one with an unexpired artifact named `artifactName` is used, and a broken artifact is reported
 * rather than skipped (an older report would silently compare against stale numbers).
 */
export async function downloadBaselineArtifact(
  octokit: Octokit,
  options: BaselineArtifactOptions,
): Promise<BaselineLookup> {
  const where = `workflow ${options.workflow} on ${options.branch}`;
  try {
    for await (const { source, read } of runReports(octokit, options, MAX_RUNS_LOOKED_AT)) {
      return typeof read === "string"
        ? noBaseline(`no baseline: ${read}; the thresholds still gate`)
        : { report: read, source };
    }
    return noBaseline(
      `no baseline: no artifact '${options.artifactName}' in the last ${MAX_RUNS_LOOKED_AT} successful runs of ${where} ` +
        "(save one with `save-baseline` on pushes to the base branch); the thresholds still gate",
    );
  } catch (error) {
    return noBaseline(
      `no baseline: cannot read the artifacts of ${where}: ${describeRequestError(error)} (the workflow needs \`permissions: actions: read\`); the thresholds still gate`,
    );
  }
}

/**
 * The successful runs of the workflow on the branch, newest first, at most `lookAt`: per run that
 * has the artifact, where it came from and its report, or the bare reason it is unusable. Runs
 * without the artifact are skipped. Lazy: a caller that stops early makes no further request.
 * Request errors propagate.
 */
export async function* runReports(
  octokit: Octokit,
  options: BaselineArtifactOptions,
  lookAt: number,
): AsyncGenerator<{ readonly source: BaselineSource; readonly read: Report | string }> {
  const { data } = await octokit.rest.actions.listWorkflowRuns({
    owner: options.owner,
    repo: options.repo,
    workflow_id: options.workflow,
    branch: options.branch,
    status: "success",
    per_page: lookAt,
  });
  for (const run of data.workflow_runs.slice(0, lookAt)) {
    const artifact = await findArtifact(octokit, options, run.id);
    if (!artifact) continue;
    const source = runSource(run, options.branch);
    const zip = await downloadZip(octokit, options, artifact.id);
    yield { source, read: reportFromZip(zip, artifactOf(options, source)) };
  }
}

function noBaseline(warning: string): BaselineLookup {
  return { report: null, source: null, warning };
}

/** A workflow run as the summary names a baseline: "run 12 on main at 0123456". */
function runSource(run: { readonly id: number; readonly head_sha: string }, branch: string): BaselineSource {
  return {
    description: `run ${run.id} on ${branch} at ${run.head_sha.slice(0, 7)}`,
    runId: run.id,
    commit: run.head_sha,
  };
}

/** How warnings name a run's artifact: "artifact 'perf-gate-report' of run 12 on main at 0123456". */
function artifactOf(options: BaselineArtifactOptions, source: BaselineSource): string {
  return `artifact '${options.artifactName}' of ${source.description}`;
}

/** The run's unexpired artifact named `options.artifactName`, if it has one. */
async function findArtifact(
  octokit: Octokit,
  options: BaselineArtifactOptions,
  runId: number,
): Promise<{ readonly id: number } | undefined> {
  const { data } = await octokit.rest.actions.listWorkflowRunArtifacts({
    owner: options.owner,
    repo: options.repo,
    run_id: runId,
    name: options.artifactName,
    per_page: 100,
  });
  return data.artifacts.find((a) => a.name === options.artifactName && !a.expired);
}

/** The artifact's zip. GitHub answers with a redirect to blob storage, which fetch follows. */
async function downloadZip(
  octokit: Octokit,
  options: BaselineArtifactOptions,
  artifactId: number,
): Promise<Uint8Array> {
  const { data } = await octokit.rest.actions.downloadArtifact({
    owner: options.owner,
    repo: options.repo,
    artifact_id: artifactId,
    archive_format: "zip",
  });
  return new Uint8Array(data as ArrayBuffer);
}

/**
 * Reads report.json out of a zip, in memory. Returns the report, or the bare reason the artifact
 * is not a usable baseline (`artifact x is not valid JSON`: not a zip, no report.json or one over
 * `MAX_REPORT_BYTES`, not JSON, another version or shape, a histogram that cannot be decoded);
 * callers word the consequence (no baseline, or a run left out of a history window).
 */
export function reportFromZip(zip: Uint8Array, what: string): Report | string {
  let text: string;
  try {
    // Bounded: the zip says how large each file inflates to, and a report is never this large.
    const files = unzipSync(zip, {
      filter: (f) => baseName(f.name) === REPORT_FILE_NAME && f.originalSize <= MAX_REPORT_BYTES,
    });
    const entry = Object.keys(files).sort((a, b) => a.length - b.length)[0];
    const bytes = entry === undefined ? undefined : files[entry];
    if (!bytes) return `${what} has no ${REPORT_FILE_NAME} of at most ${MAX_REPORT_BYTES} bytes`;
    text = new TextDecoder().decode(bytes);
  } catch (error) {
    return `${what} is not a readable zip (${describeRequestError(error)})`;
  }
  return reportFromText(text, what);
}

/**
 * Parses a baseline report's text and checks it as `readReport` does (shape, bounds, every
 * histogram decoded); a string result is the warning, naming the field that is unusable.
 */
export function parseBaselineReport(text: string, what: string): Report | string {
  const read = reportFromText(text, what);
  return typeof read === "string" ? `no baseline: ${read}; the thresholds still gate` : read;
}

/** `parseBaselineReport` with the bare reason. */
function reportFromText(text: string, what: string): Report | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return `${what} is not valid JSON`;
  }
  return checkReport(data, what);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
