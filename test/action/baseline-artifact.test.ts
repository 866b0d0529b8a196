import { strToU8, zipSync } from "fflate";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type BaselineArtifactOptions,
  downloadBaselineArtifact,
  reportFromZip,
} from "../../src/action/baseline-artifact.js";
import { createOctokit, type Octokit } from "../../src/action/octokit.js";
import type { Report } from "../../src/report/types.js";
import { HDR_DAMAGE, withDamagedHdr, withLongTimeline } from "../cli/corrupt-reports.js";
import { type FakeGitHub, startGitHubServer } from "../fixtures/github-server.js";
import { sampleReport } from "../render/sample-report.js";

let report: Report;
let github: FakeGitHub;
let octokit: Octokit;
const SHA = "0123456789abcdef0123456789abcdef01234567";
const where: BaselineArtifactOptions = {
  owner: "acme",
  repo: "api",
  workflow: "perf.yml",
  branch: "main",
  artifactName: "perf-gate-report",
};

beforeAll(async () => {
  report = await sampleReport();
});
beforeEach(async () => {
  github = await startGitHubServer();
  octokit = createOctokit("t", github.url);
});
afterEach(async () => {
  await github.close();
});

const zipOf = (files: Record<string, string>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));

function seedRun(id: number, zip: Uint8Array | null, over: { branch?: string; conclusion?: "failure" } = {}) {
  github.state.runs.push({
    id,
    workflow: "perf.yml",
    branch: over.branch ?? "main",
    headSha: SHA,
    conclusion: over.conclusion ?? "success",
  });
  if (zip) github.state.artifacts.push({ id: id * 10, runId: id, name: "perf-gate-report", zip });
}

describe("downloadBaselineArtifact", () => {
  it("reads report.json from the newest successful run's artifact, through the zip redirect", async () => {
    seedRun(11, zipOf({ "report.json": "{}" }));
    seedRun(12, zipOf({ "report.json": JSON.stringify(report) }));
    seedRun(13, zipOf({ "report.json": "{}" }), { conclusion: "failure" });
    seedRun(14, zipOf({ "report.json": "{}" }), { branch: "feature" });
    const found = await downloadBaselineArtifact(octokit, where);
    expect(found.warning).toBeUndefined();
    expect(found.report).toEqual(report);
    expect(found.source).toEqual({ description: "run 12 on main at 0123456", runId: 12, commit: SHA });
    expect(github.requests.map((r) => r.path)).toContain("/blobs/120.zip");
    const runsQuery = github.requests[0]?.query;
    expect([runsQuery?.get("branch"), runsQuery?.get("status")]).toEqual(["main", "success"]);
  });

  it("skips a newer run that saved no artifact", async () => {
    seedRun(20, zipOf({ "report.json": JSON.stringify(report) }));
    seedRun(21, null);
    expect((await downloadBaselineArtifact(octokit, where)).source?.runId).toBe(20);
  });

  it("no successful run with the artifact: a warning naming the artifact and the branch", async () => {
    seedRun(30, null);
    const found = await downloadBaselineArtifact(octokit, where);
    expect(found.report).toBeNull();
    expect(found.warning).toMatch(/no artifact 'perf-gate-report'.*perf\.yml on main/);
  });

  it("an API error (no actions: read) is a warning", async () => {
    github.state.runsStatus = 403;
    const found = await downloadBaselineArtifact(octokit, where);
    expect(found.report).toBeNull();
    expect(found.warning).toContain("actions: read");
  });

  it("a foreign or broken artifact is a warning, not a failure and not an older report", async () => {
    seedRun(40, zipOf({ "report.json": JSON.stringify(report) }));
    seedRun(41, zipOf({ "report.json": JSON.stringify({ version: 2 }) }));
    const found = await downloadBaselineArtifact(octokit, where);
    expect(found.report).toBeNull();
    expect(found.warning).toContain("version 2");
  });
});

describe("a corrupt baseline artifact", () => {
  it.each(HDR_DAMAGE)(
    "whose latency hdr is %s is a warning naming the field, and no baseline (regression: one bad artifact broke every PR)",
    async (_what, damage) => {
      seedRun(50, zipOf({ "report.json": JSON.stringify(withDamagedHdr(report, damage)) }));
      const found = await downloadBaselineArtifact(octokit, where);
      expect(found.report).toBeNull();
      expect(found.warning).toMatch(
        /^no baseline: artifact 'perf-gate-report' of run 50 on main at 0123456: scenarios\[0\]\.latency\.hdr (is not a readable HdrHistogram|holds \d+ values).*; the thresholds still gate$/,
      );
    },
  );

  it("with a 200,000-entry timeline is a warning naming the bound", async () => {
    seedRun(51, zipOf({ "report.json": JSON.stringify(withLongTimeline(report, 200_000)) }));
    const found = await downloadBaselineArtifact(octokit, where);
    expect(found.report).toBeNull();
    expect(found.warning).toContain("scenarios[0].timeline: has more than 86401 points");
  });
});

describe("reportFromZip", () => {
  it("finds report.json in a folder of the zip", () => {
    expect(reportFromZip(zipOf({ "out/report.json": JSON.stringify(report) }), "a")).toEqual(report);
  });
  it.each([
    ["no report.json", zipOf({ "other.txt": "x" }), "has no report.json"],
    ["not JSON", zipOf({ "report.json": "{" }), "not valid JSON"],
    ["wrong shape", zipOf({ "report.json": JSON.stringify({ version: 1 }) }), "artifact x: tool: "],
    ["not a zip", strToU8("plain text"), "not a readable zip"],
  ])("%s → a warning", (_name, zip, expected) => {
    expect(reportFromZip(zip, "artifact x")).toContain(expected);
  });
});
