import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOctokit, type Octokit } from "../../src/action/octokit.js";
import { type UpsertCommentOptions, upsertComment } from "../../src/action/sticky-comment.js";
import { type FakeGitHub, startGitHubServer } from "../fixtures/github-server.js";

const MARKER = "<!-- perf-gate: perf-budget.yml -->";
let github: FakeGitHub;
let octokit: Octokit;

beforeEach(async () => {
  github = await startGitHubServer();
  octokit = createOctokit("test-token", github.url);
});
afterEach(async () => {
  await github.close();
});

function options(over: Partial<UpsertCommentOptions> = {}): UpsertCommentOptions {
  return {
    owner: "acme",
    repo: "api",
    issueNumber: 7,
    marker: MARKER,
    body: `${MARKER}\nfirst`,
    mode: "always",
    verdict: "fail",
    ...over,
  };
}

const writes = () => github.requests.filter((r) => r.method === "POST" || r.method === "PATCH");

describe("upsertComment", () => {
  it("creates one comment, then updates that same comment in place", async () => {
    const first = await upsertComment(octokit, options());
    expect(first.action).toBe("created");
    const second = await upsertComment(octokit, options({ body: `${MARKER}\nsecond` }));
    expect(second).toMatchObject({ action: "updated", commentId: first.commentId });
    const comments = github.state.comments.get(7) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toBe(`${MARKER}\nsecond`);
    expect(github.requests[0]?.authorization).toBe("token test-token");
  });

  it("does not edit a comment whose body is already the same", async () => {
    await upsertComment(octokit, options());
    const again = await upsertComment(octokit, options());
    expect(again.action).toBe("unchanged");
    expect(writes()).toHaveLength(1);
  });

  it("finds its comment past the first page of comments and leaves other comments alone", async () => {
    const others = Array.from({ length: 150 }, (_, i) => ({ id: i + 1, body: `chat ${i}`, updatedCount: 0 }));
    github.state.comments.set(7, [...others, { id: 500, body: `${MARKER}\nold`, updatedCount: 0 }]);
    const result = await upsertComment(octokit, options());
    expect(result).toMatchObject({ action: "updated", commentId: 500 });
    expect(github.requests.filter((r) => r.method === "GET").map((r) => r.query.get("page") ?? "1")).toEqual([
      "1",
      "2",
    ]);
    expect(
      github.state.comments
        .get(7)
        ?.filter((c) => c.updatedCount > 0)
        .map((c) => c.id),
    ).toEqual([500]);
  });

  it("on-failure: never creates a comment on a pass, creates one on a failure", async () => {
    expect((await upsertComment(octokit, options({ mode: "on-failure", verdict: "pass" }))).action).toBe(
      "skipped",
    );
    expect(github.state.comments.get(7)).toBeUndefined();
    expect((await upsertComment(octokit, options({ mode: "on-failure", verdict: "fail" }))).action).toBe(
      "created",
    );
  });

  it("on-failure: still updates an existing comment when the PR turns green", async () => {
    await upsertComment(octokit, options({ mode: "on-failure", verdict: "fail" }));
    const green = await upsertComment(
      octokit,
      options({ mode: "on-failure", verdict: "pass", body: `${MARKER}\nnow green` }),
    );
    expect(green.action).toBe("updated");
    expect(github.state.comments.get(7)?.[0]?.body).toBe(`${MARKER}\nnow green`);
  });

  it("never: sends no request at all", async () => {
    expect((await upsertComment(octokit, options({ mode: "never" }))).action).toBe("skipped");
    expect(github.requests).toHaveLength(0);
  });

  it.each([403, 404])(
    "a %i on writing (read-only token of a fork PR) is a warning, not an exception",
    async (status) => {
      github.state.commentWriteStatus = status;
      const result = await upsertComment(octokit, options());
      expect(result.action).toBe("failed");
      expect(result.warning).toContain(`HTTP ${status}`);
      expect(result.warning).toContain("fork");
    },
  );

  it("refuses a body without the marker (the next run could not find it)", async () => {
    await expect(upsertComment(octokit, options({ body: "no marker" }))).rejects.toThrow("marker");
  });
});
