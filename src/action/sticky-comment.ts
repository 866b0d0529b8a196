/**
 * One PR comment per budget, found by a hidden marker and edited in place: a PR shows the latest
 * numbers once instead of a comment per push. Commenting reports the gate, it never decides it, so
 * every failure here comes back as a warning for the caller to print.
 */
import type { Verdict } from "../report/types.js";
import type { CommentMode } from "./inputs.js";
import { describeRequestError, httpStatusOf, type Octokit } from "./octokit.js";

/** What `upsertComment` needs: where, how to find the comment, what to write and when. */
export interface UpsertCommentOptions {
  readonly owner: string;
  readonly repo: string;
  readonly issueNumber: number;
  /** Hidden text (an HTML comment) the body contains; it identifies this budget's comment. */
  readonly marker: string;
  /** The full comment body; must contain `marker`. */
  readonly body: string;
  readonly mode: CommentMode;
  readonly verdict: Verdict;
}

/** What happened to the comment. `warning` is set when it could not be read or written. */
export interface UpsertCommentResult {
  readonly action: "created" | "updated" | "unchanged" | "skipped" | "failed";
  readonly commentId?: number;
  readonly url?: string;
  /** Why nothing was written (mode, verdict) or what went wrong; for the log. */
  readonly reason?: string;
  readonly warning?: string;
}

/**
 * Creates or updates the PR comment that carries `marker`.
 * - `never`: nothing is read or written.
 * - An existing comment is updated in place, unless its body is already `body` (no edit, no
 *   notification). `on-failure` updates it on a pass too, so a stale failure never stays visible.
 * - No comment yet: created, except under `on-failure` when the verdict is `pass`.
 * A 403/404 (a fork PR's read-only token, or missing `pull-requests: write`) and any other API
 * error come back as `action: "failed"` with a warning; this function never throws for them.
 */
export async function upsertComment(
  octokit: Octokit,
  options: UpsertCommentOptions,
): Promise<UpsertCommentResult> {
  if (options.mode === "never") return { action: "skipped", reason: "comment: never" };
  if (!options.body.includes(options.marker)) {
    // Without the marker the next run could not find this comment and would post a second one.
    throw new Error("upsertComment: the body must contain the marker");
  }
  try {
    const existing = await findComment(octokit, options);
    if (existing) {
      if (existing.body === options.body) {
        return { action: "unchanged", commentId: existing.id, url: existing.html_url };
      }
      const { data } = await octokit.rest.issues.updateComment({
        owner: options.owner,
        repo: options.repo,
        comment_id: existing.id,
        body: options.body,
      });
      return { action: "updated", commentId: data.id, url: data.html_url };
    }
    if (options.mode === "on-failure" && options.verdict === "pass") {
      return { action: "skipped", reason: "comment: on-failure and the gate passed" };
    }
    const { data } = await octokit.rest.issues.createComment({
      owner: options.owner,
      repo: options.repo,
      issue_number: options.issueNumber,
      body: options.body,
    });
    return { action: "created", commentId: data.id, url: data.html_url };
  } catch (error) {
    return { action: "failed", warning: commentWarning(error, options.issueNumber) };
  }
}

interface FoundComment {
  readonly id: number;
  readonly body: string;
  readonly html_url: string;
}

/** The first comment on the PR whose body carries the marker, over every page of comments. */
async function findComment(octokit: Octokit, options: UpsertCommentOptions): Promise<FoundComment | null> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: options.owner,
    repo: options.repo,
    issue_number: options.issueNumber,
    per_page: 100,
  });
  const found = comments.find((c) => c.body?.includes(options.marker));
  return found ? { id: found.id, body: found.body ?? "", html_url: found.html_url } : null;
}

function commentWarning(error: unknown, issueNumber: number): string {
  const status = httpStatusOf(error);
  if (status === 403 || status === 404) {
    return (
      `cannot comment on pull request #${issueNumber} (HTTP ${status}): the token is read-only, as on a pull ` +
      "request from a fork, or the workflow lacks `permissions: pull-requests: write`. The job summary has the " +
      "results and the gate still decides."
    );
  }
  return `cannot comment on pull request #${issueNumber}: ${describeRequestError(error)}. The job summary has the results and the gate still decides.`;
}
