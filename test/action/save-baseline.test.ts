import type { ArtifactClient, UploadArtifactResponse } from "@actions/artifact";
import { describe, expect, it } from "vitest";
import { saveBaseline, shouldSaveBaseline } from "../../src/action/save-baseline.js";

describe("shouldSaveBaseline", () => {
  const base = {
    eventName: "push",
    owner: "o",
    repo: "r",
    apiUrl: "",
    ref: "refs/heads/main",
    defaultBranch: "main",
    pullRequest: null,
    workflowFile: "ci.yml",
    runId: 1,
  };
  it.each([
    ["auto", base, true],
    ["auto", { ...base, ref: "refs/heads/feature" }, false],
    ["auto", { ...base, eventName: "pull_request" }, false],
    ["auto", { ...base, defaultBranch: undefined }, false],
    ["true", { ...base, eventName: "pull_request" }, true],
    ["false", base, false],
  ] as const)("%s on %j → %s", (mode, ctx, expected) => {
    expect(shouldSaveBaseline(mode, ctx)).toBe(expected);
  });
});

/**
 * The upload itself needs the runner's results service (ACTIONS_RUNTIME_TOKEN), which no local
 * server stands in for; this records what saveBaseline asks of the client instead.
 */
function recordingClient(upload: () => Promise<UploadArtifactResponse>) {
  const calls: unknown[][] = [];
  const client = {
    uploadArtifact: (...args: unknown[]) => {
      calls.push(args);
      return upload();
    },
  } as unknown as ArtifactClient;
  return { client, calls };
}

describe("saveBaseline", () => {
  it("uploads report.json at the root of the artifact named by the input", async () => {
    const { client, calls } = recordingClient(async () => ({ id: 5, size: 10 }));
    expect(await saveBaseline(client, "/tmp/x/perf-gate/b/report.json", "api-report")).toEqual({
      saved: true,
      artifactId: 5,
    });
    expect(calls).toEqual([["api-report", ["/tmp/x/perf-gate/b/report.json"], "/tmp/x/perf-gate/b"]]);
  });

  it("a failed upload is a warning naming the artifact", async () => {
    const { client } = recordingClient(async () => {
      throw new Error("Failed to CreateArtifact: 409 Conflict");
    });
    const result = await saveBaseline(client, "/tmp/report.json", "perf-gate-report");
    expect(result).toEqual({
      saved: false,
      warning:
        "cannot save report.json as the baseline artifact 'perf-gate-report': Failed to CreateArtifact: 409 Conflict",
    });
  });
});
