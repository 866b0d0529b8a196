/**
 * What the runner tells the action about the run it is in: repository, event, pull request,
 * workflow. Read from the runner's environment and event file when `run()` asks, never at import
 * time (`@actions/github`'s `context` is built on import, so it is not used here).
 */
import { readFile } from "node:fs/promises";
import { InputError } from "../errors.js";

/** The pull request a `pull_request` / `pull_request_target` run is about. */
export interface PullRequestRef {
  readonly number: number;
  /** Branch the PR merges into, e.g. `main`. */
  readonly baseRef: string;
  /**
   * The base branch's commit the PR was last compared with (`pull_request.base.sha`): the run of
   * that commit is the preferred baseline of a history window. Absent when the payload lacks it.
   */
  readonly baseSha?: string;
}

/** The parts of the runner's context the action uses. */
export interface RunContext {
  /** `GITHUB_EVENT_NAME`, e.g. `pull_request`, `push`. */
  readonly eventName: string;
  readonly owner: string;
  readonly repo: string;
  /** REST API base URL (`GITHUB_API_URL`), e.g. `https://api.github.com`. */
  readonly apiUrl: string;
  /** `GITHUB_REF`, e.g. `refs/heads/main`. */
  readonly ref: string;
  /** The repository's default branch, from the event payload (absent on some events). */
  readonly defaultBranch: string | undefined;
  readonly pullRequest: PullRequestRef | null;
  /** The workflow file name (`ci.yml`) from `GITHUB_WORKFLOW_REF`, when the runner set it. */
  readonly workflowFile: string | undefined;
  /** `GITHUB_RUN_ID`, when set. */
  readonly runId: number | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the run's context from `env` and the event payload file it names. */
export async function readRunContext(env: Env): Promise<RunContext> {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo) {
    throw new InputError(
      `GITHUB_REPOSITORY must be "owner/repo", got ${JSON.stringify(env.GITHUB_REPOSITORY ?? "")}: run perf-gate's action inside a GitHub Actions job`,
    );
  }
  const payload = await readEventPayload(env.GITHUB_EVENT_PATH);
  const runId = Number(env.GITHUB_RUN_ID);
  return {
    eventName: env.GITHUB_EVENT_NAME ?? "",
    owner,
    repo,
    apiUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""),
    ref: env.GITHUB_REF ?? "",
    defaultBranch: stringAt(payload, ["repository", "default_branch"]),
    pullRequest: pullRequestOf(payload),
    workflowFile: workflowFileOf(env.GITHUB_WORKFLOW_REF),
    runId: Number.isSafeInteger(runId) && runId > 0 ? runId : undefined,
  };
}

/**
 * `owner/repo/.github/workflows/ci.yml@refs/pull/1/merge` → `ci.yml`. The REST API accepts the
 * file name wherever it takes a workflow id.
 */
export function workflowFileOf(workflowRef: string | undefined): string | undefined {
  const path = workflowRef?.split("@")[0];
  const match = path ? /\/\.github\/workflows\/([^/]+)$/.exec(path) : null;
  return match?.[1];
}

async function readEventPayload(path: string | undefined): Promise<unknown> {
  if (!path) return {};
  try {
    return JSON.parse(await readFile(path, "utf8")) as unknown;
  } catch {
    // A missing or broken event file only costs the PR features (comment, auto baseline).
    return {};
  }
}

function pullRequestOf(payload: unknown): PullRequestRef | null {
  const number = valueAt(payload, ["pull_request", "number"]);
  const baseRef = stringAt(payload, ["pull_request", "base", "ref"]);
  if (typeof number !== "number" || !baseRef) return null;
  const baseSha = stringAt(payload, ["pull_request", "base", "sha"]);
  return baseSha ? { number, baseRef, baseSha } : { number, baseRef };
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let at = data;
  for (const key of path) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function stringAt(data: unknown, path: readonly string[]): string | undefined {
  const value = valueAt(data, path);
  return typeof value === "string" && value !== "" ? value : undefined;
}
