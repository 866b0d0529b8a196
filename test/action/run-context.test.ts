import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRunContext, workflowFileOf } from "../../src/action/run-context.js";
import { InputError } from "../../src/errors.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-ctx-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function eventFile(payload: unknown): Promise<string> {
  const path = join(dir, `event-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, JSON.stringify(payload));
  return path;
}

describe("readRunContext", () => {
  it("reads a pull_request run: PR number, base branch, workflow file, run id, API URL", async () => {
    const ctx = await readRunContext({
      GITHUB_REPOSITORY: "acme/api",
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_EVENT_PATH: await eventFile({
        pull_request: { number: 7, base: { ref: "main", sha: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678" } },
        repository: { default_branch: "main" },
      }),
      GITHUB_API_URL: "http://127.0.0.1:1/",
      GITHUB_REF: "refs/pull/7/merge",
      GITHUB_WORKFLOW_REF: "acme/api/.github/workflows/perf.yml@refs/pull/7/merge",
      GITHUB_RUN_ID: "42",
    });
    expect(ctx).toEqual({
      eventName: "pull_request",
      owner: "acme",
      repo: "api",
      apiUrl: "http://127.0.0.1:1",
      ref: "refs/pull/7/merge",
      defaultBranch: "main",
      pullRequest: { number: 7, baseRef: "main", baseSha: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678" },
      workflowFile: "perf.yml",
      runId: 42,
    });
  });

  it("a pull request without base.sha in the payload has no baseSha (older payloads)", async () => {
    const ctx = await readRunContext({
      GITHUB_REPOSITORY: "acme/api",
      GITHUB_EVENT_PATH: await eventFile({ pull_request: { number: 8, base: { ref: "main" } } }),
    });
    expect(ctx.pullRequest).toEqual({ number: 8, baseRef: "main" });
  });

  it("has no pull request on a push and without an event file", async () => {
    const ctx = await readRunContext({ GITHUB_REPOSITORY: "acme/api", GITHUB_EVENT_NAME: "push" });
    expect(ctx.pullRequest).toBeNull();
    expect(ctx.apiUrl).toBe("https://api.github.com");
    expect(ctx.runId).toBeUndefined();
  });

  it("refuses to run without GITHUB_REPOSITORY", async () => {
    await expect(readRunContext({})).rejects.toThrow(InputError);
  });
});

describe("workflowFileOf", () => {
  it.each([
    ["o/r/.github/workflows/ci.yml@refs/heads/main", "ci.yml"],
    ["o/r/.github/workflows/perf gate.yaml@refs/pull/1/merge", "perf gate.yaml"],
    ["nonsense", undefined],
    [undefined, undefined],
  ])("%s → %s", (ref, file) => {
    expect(workflowFileOf(ref)).toBe(file);
  });
});
