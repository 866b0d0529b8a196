/**
 * `baseline-history: N` (issue 10 §2) against the local fake of the REST API: the report
 * artifacts of the base branch's last N successful runs, one per run, newest first; runs without
 * the artifact skipped, a broken artifact a warning and skipped, the run of the PR's base SHA
 * preferred as the primary baseline. Each seeded report carries its run id in `tool.version`, so
 * a test reads back exactly which run landed where.
 */
import { strToU8, zipSync } from "fflate";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resolveBaseline } from "../../src/action/baseline.js";
import { type BaselineHistoryOptions, downloadBaselineHistory } from "../../src/action/baseline-history.js";
import { createOctokit, type Octokit } from "../../src/action/octokit.js";
import type { RunContext } from "../../src/action/run-context.js";
import type { Report } from "../../src/report/types.js";
import { type FakeGitHub, startGitHubServer } from "../fixtures/github-server.js";
import { sampleReport } from "../render/sample-report.js";

let report: Report;
let github: FakeGitHub;
let octokit: Octokit;

const where = (count: number, preferSha?: string): BaselineHistoryOptions => ({
  owner: "acme",
  repo: "api",
  workflow: "perf.yml",
  branch: "main",
  artifactName: "perf-gate-report",
  count,
  preferSha,
});

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

/** A 40-hex commit for run `id`. */
const shaOf = (id: number) => id.toString(16).padStart(40, "0");

/** The sample report, marked as run `id`'s. */
const reportOf = (id: number): Report => ({ ...report, tool: { name: "perf-gate", version: `run-${id}` } });

type Artifact = "report" | "none" | "broken" | "not-a-zip";

/** Seeds a run on main (or `branch`) with the artifact kind given. */
function seedRun(id: number, artifact: Artifact, over: { branch?: string; conclusion?: "failure" } = {}) {
  github.state.runs.push({
    id,
    workflow: "perf.yml",
    branch: over.branch ?? "main",
    headSha: shaOf(id),
    conclusion: over.conclusion ?? "success",
  });
  if (artifact === "none") return;
  const text = artifact === "broken" ? JSON.stringify({ version: 2 }) : JSON.stringify(reportOf(id));
  const zip = artifact === "not-a-zip" ? strToU8("plain text") : zipSync({ "report.json": strToU8(text) });
  github.state.artifacts.push({ id: id * 10, runId: id, name: "perf-gate-report", zip });
}

/** Which run each report came from, by its marker. */
const runsOf = (reports: readonly (Report | null)[]) => reports.map((r) => r?.tool.version);

describe("downloadBaselineHistory", () => {
  it("reads the last N successful runs of the base branch, one report per run, newest first", async () => {
    for (const id of [1, 2, 3, 4, 5, 6, 7]) seedRun(id, "report");
    seedRun(8, "report", { conclusion: "failure" });
    seedRun(9, "report", { branch: "feature" });
    const found = await downloadBaselineHistory(octokit, where(5));
    expect(found.warnings).toEqual([]);
    expect(runsOf([found.report])).toEqual(["run-7"]);
    expect(found.source).toEqual({ description: "run 7 on main at 0000000", runId: 7, commit: shaOf(7) });
    expect(runsOf(found.history)).toEqual(["run-6", "run-5", "run-4", "run-3"]);
    // Five downloads, no more: the window is full once N reports are read.
    expect(github.requests.filter((r) => r.path.startsWith("/blobs/"))).toHaveLength(5);
  });

  it("skips runs that saved no artifact", async () => {
    seedRun(10, "report");
    seedRun(11, "none");
    seedRun(12, "report");
    seedRun(13, "none");
    const found = await downloadBaselineHistory(octokit, where(3));
    expect(found.warnings).toEqual([]);
    expect(runsOf([found.report, ...found.history])).toEqual(["run-12", "run-10"]);
  });

  it("a broken artifact is a warning naming its run, and is skipped; the others still make the window", async () => {
    seedRun(20, "report");
    seedRun(21, "broken");
    seedRun(22, "not-a-zip");
    seedRun(23, "report");
    const found = await downloadBaselineHistory(octokit, where(3));
    expect(runsOf([found.report, ...found.history])).toEqual(["run-23", "run-20"]);
    expect(found.warnings).toHaveLength(2);
    expect(found.warnings[0]).toMatch(
      /^baseline history: left out artifact 'perf-gate-report' of run 22 on main at 0000000 is not a readable zip/,
    );
    expect(found.warnings[1]).toMatch(
      /^baseline history: left out artifact 'perf-gate-report' of run 21 on main at 0000000: expected a perf-gate report with version 1, got version 2$/,
    );
  });

  it("prefers the run of the PR's base SHA as the primary baseline when it is among them", async () => {
    for (const id of [30, 31, 32, 33]) seedRun(id, "report");
    const found = await downloadBaselineHistory(octokit, where(4, shaOf(31)));
    expect(found.source?.commit).toBe(shaOf(31));
    expect(runsOf([found.report])).toEqual(["run-31"]);
    expect(runsOf(found.history)).toEqual(["run-33", "run-32", "run-30"]);
  });

  it("a base SHA whose run is not in the window leaves the newest run primary", async () => {
    for (const id of [40, 41, 42]) seedRun(id, "report");
    const found = await downloadBaselineHistory(octokit, where(2, shaOf(40)));
    expect(runsOf([found.report, ...found.history])).toEqual(["run-42", "run-41"]);
  });

  it("looks at no more than N + 5 runs when few have the artifact", async () => {
    for (let id = 50; id < 70; id++) seedRun(id, "none");
    seedRun(45, "report");
    const found = await downloadBaselineHistory(octokit, where(2));
    expect(found.report).toBeNull();
    expect(github.requests[0]?.query.get("per_page")).toBe("7");
    expect(github.requests.filter((r) => r.path.endsWith("/artifacts"))).toHaveLength(7);
    expect(found.warnings).toEqual([
      "no baseline: no usable artifact 'perf-gate-report' in the last 7 successful runs of workflow perf.yml on main (save one with `save-baseline` on pushes to the base branch); the thresholds still gate",
    ]);
  });

  it("every artifact broken: no baseline, a warning per run and one saying there is none", async () => {
    seedRun(60, "broken");
    const found = await downloadBaselineHistory(octokit, where(3));
    expect(found.report).toBeNull();
    expect(found.history).toEqual([]);
    expect(found.warnings[0]).toContain("left out artifact 'perf-gate-report' of run 60");
    expect(found.warnings[1]).toMatch(/^no baseline: no usable artifact/);
  });

  it("an API error (no actions: read) is a warning, not a failure", async () => {
    github.state.runsStatus = 403;
    const found = await downloadBaselineHistory(octokit, where(5));
    expect(found.report).toBeNull();
    expect(found.warnings).toHaveLength(1);
    expect(found.warnings[0]).toMatch(
      /^no baseline: cannot read the artifacts of workflow perf\.yml on main: .*actions: read/,
    );
  });
});

describe("resolveBaseline with baseline-history", () => {
  const pr: RunContext = {
    eventName: "pull_request",
    owner: "acme",
    repo: "api",
    apiUrl: "http://127.0.0.1:9",
    ref: "refs/pull/7/merge",
    defaultBranch: "main",
    pullRequest: { number: 7, baseRef: "main", baseSha: shaOf(71) },
    workflowFile: "perf.yml",
    runId: 9001,
  };

  it("history 3 on a PR: the window of the base branch, its base SHA's run first", async () => {
    for (const id of [70, 71, 72, 73]) seedRun(id, "report");
    const found = await resolveBaseline({ kind: "auto" }, pr, octokit, {
      artifactName: "perf-gate-report",
      history: 3,
    });
    expect(runsOf([found.report])).toEqual(["run-71"]);
    expect(runsOf(found.history)).toEqual(["run-73", "run-72"]);
  });

  it("history 1 behaves as before: a broken newest artifact is no baseline, not an older report", async () => {
    seedRun(80, "report");
    seedRun(81, "broken");
    const found = await resolveBaseline({ kind: "auto" }, pr, octokit, {
      artifactName: "perf-gate-report",
      history: 1,
    });
    expect(found.report).toBeNull();
    expect(found.history).toEqual([]);
    expect(found.warnings).toEqual([
      "no baseline: artifact 'perf-gate-report' of run 81 on main at 0000000: expected a perf-gate report with version 1, got version 2; the thresholds still gate",
    ]);
  });

  it("history 1 ignores the base SHA: the newest run with the artifact, as before", async () => {
    seedRun(90, "report");
    seedRun(91, "report");
    const found = await resolveBaseline(
      { kind: "auto" },
      { ...pr, pullRequest: { number: 7, baseRef: "main", baseSha: shaOf(90) } },
      octokit,
      { artifactName: "perf-gate-report", history: 1 },
    );
    expect(runsOf([found.report])).toEqual(["run-91"]);
    expect(found.history).toEqual([]);
  });

  it("a baseline path ignores the history setting: that file alone", async () => {
    const found = await resolveBaseline({ kind: "path", path: "/nonexistent/base.json" }, pr, octokit, {
      artifactName: "perf-gate-report",
      history: 5,
    });
    expect(found.history).toEqual([]);
    expect(github.requests).toEqual([]);
  });
});
