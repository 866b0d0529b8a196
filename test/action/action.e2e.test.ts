/**
 * The built action (dist/index.js) run the way a runner runs it: a child process with INPUT_*
 * variables (names upper-cased, dashes kept), a pull_request event file, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, and GITHUB_API_URL pointing at a local fake of the REST API. The
 * load target is a real loopback server; budgets run for 1 s.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGitHub, startGitHubServer } from "../fixtures/github-server.js";
import { startServer, type TestServer } from "../fixtures/servers.js";

const DIST = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
const PR = 7;
const BASE_SHA = "abcdef0123456789abcdef0123456789abcdef01";

let dir: string;
let target: TestServer;
/** The target's answer delay (ms); a later test slows it down to make a real regression. */
let targetDelayMs = 1;
let github: FakeGitHub;

const budget = (thresholds: string, ...more: string[]): string =>
  [
    "version: 1",
    "target: http://127.0.0.1:9",
    "scenarios:",
    "  - name: hello",
    "    load: { connections: 2, duration: 1s }",
    "    thresholds:",
    `      ${thresholds}`,
    ...more,
    "",
  ].join("\n");

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-action-"));
  target = await startServer({ delayMs: () => targetDelayMs });
  github = await startGitHubServer();
  await writeFile(join(dir, "pass.yml"), budget("latency.p95: 1s"));
  await writeFile(join(dir, "fail.yml"), budget('rps: ">= 10000000"'));
  await writeFile(
    join(dir, "regress.yml"),
    budget("latency.p95: 1s", "    regression:", "      latency.p95: +50%"),
  );
  await writeFile(
    join(dir, "event.json"),
    JSON.stringify({
      pull_request: { number: PR, base: { ref: "main" } },
      repository: { default_branch: "main" },
    }),
  );
});
afterAll(async () => {
  await github?.close();
  await target?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface ActionRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

/** Runs dist/index.js with `inputs` as a runner would pass them; `name` keeps each run's files apart. */
async function runAction(name: string, inputs: Record<string, string>): Promise<ActionRun> {
  const outputFile = join(dir, `${name}.output`);
  const summaryFile = join(dir, `${name}.summary.md`);
  await writeFile(outputFile, "");
  await writeFile(summaryFile, "");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: join(dir, "event.json"),
    GITHUB_REPOSITORY: "acme/api",
    GITHUB_REF: `refs/pull/${PR}/merge`,
    GITHUB_WORKFLOW_REF: `acme/api/.github/workflows/perf.yml@refs/pull/${PR}/merge`,
    GITHUB_RUN_ID: "9001",
    GITHUB_API_URL: github.url,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: join(dir, `${name}.temp`),
    "INPUT_GITHUB-TOKEN": "fake-token",
    INPUT_TARGET: target.url,
  };
  for (const [key, value] of Object.entries(inputs)) env[`INPUT_${key.toUpperCase()}`] = value;
  const { code, stdout } = await spawnNode(DIST, dir, env);
  return {
    code,
    stdout,
    outputs: parseOutputFile(await readFile(outputFile, "utf8")),
    summary: await readFile(summaryFile, "utf8"),
  };
}

function spawnNode(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
  });
}

/** GITHUB_OUTPUT as @actions/core writes it: `name<<DELIM`, the value, `DELIM`. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(pattern)) outputs[m[1] as string] = m[3] as string;
  return outputs;
}

const comments = () => github.state.comments.get(PR) ?? [];

describe("dist/index.js on a pull_request", () => {
  let first: ActionRun;

  it("first run: passes, writes report, summary, outputs, and creates one comment", async () => {
    first = await runAction("first", { budget: "pass.yml" });
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({ verdict: "pass", "failed-checks": "0", regressions: "0" });
    const report = JSON.parse(await readFile(first.outputs.report as string, "utf8")) as { verdict: string };
    expect(report.verdict).toBe("pass");
    expect(await readFile(first.outputs.markdown as string, "utf8")).toBe(first.summary);
    expect(first.summary).toContain("hello");
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.body).toContain("<!-- perf-gate:pass.yml -->");
    // No artifact was seeded: the lookup (baseline-history 5 by default) ran and said so, without failing.
    expect(first.stdout).toMatch(
      /::warning::no baseline: no usable artifact 'perf-gate-report' in the last 10 successful runs of workflow perf\.yml on main/,
    );
    expect(first.summary).toContain("no baseline: no usable artifact 'perf-gate-report'");
  });

  it("second run with baseline: auto reads the base branch's artifact zip and updates the same comment", async () => {
    const baselineReport = await readFile(first.outputs.report as string, "utf8");
    github.state.runs.push({
      id: 4242,
      workflow: "perf.yml",
      branch: "main",
      headSha: BASE_SHA,
      conclusion: "success",
    });
    github.state.artifacts.push({
      id: 77,
      runId: 4242,
      name: "perf-gate-report",
      zip: zipSync({ "report.json": strToU8(baselineReport) }),
    });
    const second = await runAction("second", { budget: "pass.yml", baseline: "auto" });
    expect(second.code, second.stdout).toBe(0);
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        "GET /repos/acme/api/actions/workflows/perf.yml/runs",
        "GET /repos/acme/api/actions/runs/4242/artifacts",
        "GET /repos/acme/api/actions/artifacts/77/zip",
        "GET /blobs/77.zip",
      ]),
    );
    expect(second.summary).toContain("run 4242 on main at abcdef0");
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.updatedCount).toBe(1);
    expect(comments()[0]?.body).toContain("run 4242 on main at abcdef0");
  });

  it("a budget violation fails the process after report, summary, outputs, annotation and comment", async () => {
    const failed = await runAction("fail", { budget: "fail.yml", "fail-on": "any", baseline: "none" });
    expect(failed.code, failed.stdout).toBe(1);
    expect(failed.outputs).toMatchObject({ verdict: "fail", "failed-checks": "1" });
    const report = JSON.parse(await readFile(failed.outputs.report as string, "utf8")) as { verdict: string };
    expect(report.verdict).toBe("fail");
    expect(failed.summary).toContain("rps");
    expect(failed.stdout).toMatch(/::error title=[^\n]*rps[^\n]*,file=fail\.yml,line=7::/);
    expect(failed.stdout).toMatch(/::error::perf-gate: fail: 1 of 1 threshold failed/);
    // A second budget gets its own comment (its own marker), created before the step failed.
    expect(comments()).toHaveLength(2);
    expect(comments()[1]?.body).toContain("<!-- perf-gate:fail.yml -->");
  });

  it("a 403 on creating the comment (fork PR) is a warning and does not fail a passing gate", async () => {
    github.state.comments.clear();
    github.state.commentWriteStatus = 403;
    const denied = await runAction("denied", { budget: "pass.yml", baseline: "none" });
    expect(denied.code, denied.stdout).toBe(0);
    expect(denied.stdout).toMatch(/::warning::cannot comment on pull request #7 \(HTTP 403\)/);
    expect(denied.outputs.verdict).toBe("pass");
    expect(denied.summary).toContain("hello");
    expect(denied.summary).toMatch(
      /No PR comment was posted: cannot comment on pull request #7 \(HTTP 403\)/,
    );
    expect(comments()).toHaveLength(0);
  });

  it("an invalid budget fails the step with an annotation at the problem's line", async () => {
    await writeFile(join(dir, "invalid.yml"), budget("latency.p95: fast"));
    const invalid = await runAction("invalid", { budget: "invalid.yml" });
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(
      /::error title=perf-gate%3A invalid budget,file=invalid\.yml,line=7,col=\d+::scenarios\[0\]\.thresholds\.latency\.p95: expected/,
    );
    expect(invalid.stdout).toMatch(/::error::invalid budget \(1 problem\)/);
  });

  it("workers: 2 runs the budget's scenario in two threads (the report's load.workers), and still gates", async () => {
    const run = await runAction("workers", { budget: "pass.yml", workers: "2" });
    expect(run.code, run.stdout).toBe(0);
    const report = JSON.parse(await readFile(run.outputs.report as string, "utf8")) as {
      scenarios: { load: { workers?: number }; requests: { total: number } }[];
    };
    expect(report.scenarios[0]?.load.workers).toBe(2);
    expect(report.scenarios[0]?.requests.total).toBeGreaterThan(0);
    expect(run.summary).toContain("2 worker threads");
  });

  it("an invalid input fails the step naming the input", async () => {
    const bad = await runAction("bad-input", { budget: "pass.yml", comment: "sometimes" });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("::error::input 'comment': expected one of always, on-failure, never");
  });

  it("a significant regression against a baseline fails under fail-on: any, not under fail-on: thresholds", async () => {
    targetDelayMs = 1;
    const base = await runAction("regress-base", {
      budget: "regress.yml",
      baseline: "none",
      comment: "never",
    });
    expect(base.code, base.stdout).toBe(0);
    targetDelayMs = 15;
    try {
      const any = await runAction("regress-any", {
        budget: "regress.yml",
        baseline: base.outputs.report as string,
        comment: "never",
      });
      expect(any.code, any.stdout).toBe(1);
      expect(any.outputs).toMatchObject({ verdict: "fail", "failed-checks": "0", regressions: "1" });
      expect(any.stdout).toMatch(/::error title=[^\n]*latency\.p95 regressed,file=regress\.yml,line=9::/);
      const thresholdsOnly = await runAction("regress-thresholds", {
        budget: "regress.yml",
        baseline: base.outputs.report as string,
        comment: "never",
        "fail-on": "thresholds",
      });
      expect(thresholdsOnly.code, thresholdsOnly.stdout).toBe(0);
      expect(thresholdsOnly.outputs.verdict).toBe("pass");
    } finally {
      targetDelayMs = 1;
    }
  });
});
