/**
 * The action's `run()` in-process (issue 10 §2): what its inputs hand on. `baseline-history`,
 * `fail-on: strict` and the budget's `creep:` rules reach `evaluateGate` (read from a spy around
 * the real gate); `baseline-target` reaches the budget (read from a spy around the real loader).
 * The budget runs 300 ms against a loopback server; the REST API is the local fake. (The built
 * bundle is exercised by action.e2e.test.ts; these inputs are new since it was last built.)
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { run } from "../../src/action/run.js";
import { loadBudget } from "../../src/budget/load-budget.js";
import { evaluateGate } from "../../src/gate/evaluate-gate.js";
import type { Report } from "../../src/report/types.js";
import { type FakeGitHub, startGitHubServer } from "../fixtures/github-server.js";
import { startServer, type TestServer } from "../fixtures/servers.js";
import { sampleReport } from "../render/sample-report.js";

vi.mock("../../src/gate/evaluate-gate.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/gate/evaluate-gate.js")>();
  return { ...actual, evaluateGate: vi.fn(actual.evaluateGate) };
});
vi.mock("../../src/budget/load-budget.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/budget/load-budget.js")>();
  return { ...actual, loadBudget: vi.fn(actual.loadBudget) };
});
const gateSpy = vi.mocked(evaluateGate);
const loadSpy = vi.mocked(loadBudget);

const BUDGET = `version: 1
target: http://127.0.0.1:9
scenarios:
  - name: chat
    load: { connections: 1, duration: 300ms }
    thresholds:
      error_rate: 1%
    regression:
      latency.p95: +10%
    creep:
      latency.p95: +30%
`;

let dir: string;
let target: TestServer;
let baselineSide: TestServer;
let github: FakeGitHub;
let sample: Report;
const savedEnv = { ...process.env };

const shaOf = (id: number) => id.toString(16).padStart(40, "0");

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-run-plumbing-"));
  target = await startServer({ delayMs: 1 });
  baselineSide = await startServer({ delayMs: 1 });
  github = await startGitHubServer();
  sample = await sampleReport();
  await writeFile(join(dir, "perf-budget.yml"), BUDGET);
  await writeFile(
    join(dir, "event.json"),
    JSON.stringify({ pull_request: { number: 7, base: { ref: "main", sha: shaOf(102) } } }),
  );
  for (const id of [100, 101, 102, 103]) {
    github.state.runs.push({
      id,
      workflow: "perf.yml",
      branch: "main",
      headSha: shaOf(id),
      conclusion: "success",
    });
    const marked: Report = { ...sample, tool: { name: "perf-gate", version: `run-${id}` } };
    const zip = zipSync({ "report.json": strToU8(JSON.stringify(marked)) });
    github.state.artifacts.push({ id: id * 10, runId: id, name: "perf-gate-report", zip });
  }
});
afterEach(() => {
  process.env = { ...savedEnv };
  process.exitCode = undefined;
});
afterAll(async () => {
  await github?.close();
  await target?.close();
  await baselineSide?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs `run()` with `inputs` as a runner passes them (INPUT_ + upper-cased name, dashes kept). */
async function runAction(name: string, inputs: Record<string, string>): Promise<void> {
  const outputFile = join(dir, `${name}.output`);
  const summaryFile = join(dir, `${name}.summary.md`);
  await writeFile(outputFile, "");
  await writeFile(summaryFile, "");
  process.env = {
    ...savedEnv,
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: join(dir, "event.json"),
    GITHUB_REPOSITORY: "acme/api",
    GITHUB_REF: "refs/pull/7/merge",
    GITHUB_WORKFLOW_REF: "acme/api/.github/workflows/perf.yml@refs/pull/7/merge",
    GITHUB_RUN_ID: "9001",
    GITHUB_API_URL: github.url,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: join(dir, `${name}.temp`),
    "INPUT_GITHUB-TOKEN": "fake-token",
    INPUT_BUDGET: join(dir, "perf-budget.yml"),
    INPUT_TARGET: target.url,
    INPUT_COMMENT: "never",
  };
  for (const [key, value] of Object.entries(inputs)) process.env[`INPUT_${key.toUpperCase()}`] = value;
  gateSpy.mockClear();
  loadSpy.mockClear();
  await run();
}

/** The input of the one evaluateGate call of the run. */
function gateInput() {
  expect(gateSpy).toHaveBeenCalledTimes(1);
  const input = gateSpy.mock.calls[0]?.[0];
  if (!input) throw new Error("evaluateGate was not called");
  return input;
}

const runsOf = (reports: readonly (Report | null | undefined)[]) => reports.map((r) => r?.tool.version);

describe("run() hands its inputs on", () => {
  it("baseline-history: 3 → the base SHA's run as baseline, two older runs as history; creep rules; fail-on strict", async () => {
    await runAction("history", { "baseline-history": "3", "fail-on": "strict" });
    const input = gateInput();
    expect(runsOf([input.baseline])).toEqual(["run-102"]);
    expect(input.baselineSource).toEqual({
      description: "run 102 on main at 0000000",
      runId: 102,
      commit: shaOf(102),
    });
    expect(runsOf(input.history ?? [])).toEqual(["run-103", "run-101"]);
    expect(input.failOn).toBe("strict");
    expect([...(input.creep ?? new Map())]).toEqual([
      ["chat", [{ metric: "latency.p95", maxRelative: 0.3, source: "+30%", line: 11 }]],
    ]);
  });

  it("baseline-history: 1 → the newest run alone, no history, as before", async () => {
    await runAction("one", { "baseline-history": "1" });
    const input = gateInput();
    expect(runsOf([input.baseline])).toEqual(["run-103"]);
    expect(input.history).toBeUndefined();
    expect(input.failOn).toBe("any");
  });

  it("baseline-target → Budget.baselineTarget (trailing slash trimmed, like target)", async () => {
    await runAction("sbs", { "baseline-target": `${baselineSide.url}/`, baseline: "none" });
    expect(loadSpy).toHaveBeenCalledTimes(1);
    expect(loadSpy.mock.calls[0]?.[1]).toMatchObject({ baselineTarget: `${baselineSide.url}/` });
    const budget = await loadSpy.mock.results[0]?.value;
    expect(budget.baselineTarget).toBe(baselineSide.url);
  });

  it("baseline-target with baseline: auto downloads no artifact: the side-by-side side is the baseline", async () => {
    await runAction("sbs-auto", { "baseline-target": baselineSide.url, "baseline-history": "3" });
    const input = gateInput();
    expect(input.baseline).toBeNull();
    expect(input.history ?? []).toEqual([]);
    expect(input.head.side_by_side?.baseline_target).toBe(baselineSide.url);
  });

  it("an invalid baseline-history fails the step before any load, naming the input", async () => {
    const before = target.stats.received;
    const written: string[] = [];
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await runAction("bad", { "baseline-history": "50" });
    } finally {
      stdout.mockRestore();
    }
    expect(process.exitCode).toBe(1);
    expect(written.join("")).toContain(
      `::error::input 'baseline-history': expected a whole number from 1 to 20 (how many of the base branch's last runs to compare with), got "50"`,
    );
    expect(gateSpy).not.toHaveBeenCalled();
    expect(target.stats.received).toBe(before);
  });
});
