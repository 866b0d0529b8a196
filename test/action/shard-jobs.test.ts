/**
 * The action's sharded workflow in-process: `shard: k/N` runs its share and uploads its report as
 * `perf-gate-shard-k-of-N`; `merge: true` downloads this run's shard artifacts, merges them and
 * gates once. The artifact service needs the runner's results backend (ACTIONS_RUNTIME_TOKEN),
 * which no local server stands in for, so `@actions/artifact` is a fake backed by a folder; the
 * load is real, against a loopback server that counts what it received.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseInputs } from "../../src/action/inputs.js";
import { run } from "../../src/action/run.js";
import { budgetDigest } from "../../src/budget/budget-digest.js";
import { loadBudget } from "../../src/budget/load-budget.js";
import { judgeShard } from "../../src/judge-shard.js";
import type { Report } from "../../src/report/types.js";
import { writeReport } from "../../src/report/write-report.js";
import { runBudget } from "../../src/run-budget.js";
import { startServer, type TestServer } from "../fixtures/servers.js";

/** The fake artifact service: what was uploaded, by name, as folders under `root`. */
const artifacts = vi.hoisted(() => ({
  root: "",
  list: [] as { id: number; name: string; size: number; createdAt?: Date }[],
}));

vi.mock("@actions/artifact", async () => {
  const fs = await import("node:fs/promises");
  const path = await import("node:path");
  class DefaultArtifactClient {
    async uploadArtifact(name: string, files: string[]) {
      const id = artifacts.list.length + 1;
      const folder = path.join(artifacts.root, String(id));
      await fs.mkdir(folder, { recursive: true });
      for (const file of files) await fs.copyFile(file, path.join(folder, path.basename(file)));
      artifacts.list.push({ id, name, size: 0, createdAt: new Date() });
      return { id, size: 0 };
    }
    async listArtifacts() {
      return { artifacts: [...artifacts.list] };
    }
    async downloadArtifact(id: number, options: { path: string }) {
      await fs.cp(path.join(artifacts.root, String(id)), options.path, { recursive: true });
      return { downloadPath: options.path };
    }
  }
  return { DefaultArtifactClient };
});

const BUDGET = `version: 1
target: http://127.0.0.1:9
scenarios:
  - name: chat
    load: { rate: 40, connections: 4, duration: 1s, untrusted: warn }
    thresholds:
      error_rate: 1%
`;

let dir: string;
let server: TestServer;
let budgetFile: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-shard-jobs-"));
  artifacts.root = join(dir, "artifacts");
  server = await startServer({ delayMs: 2 });
  budgetFile = join(dir, "perf-budget.yml");
  await writeFile(budgetFile, BUDGET);
  await writeFile(join(dir, "event.json"), JSON.stringify({ repository: { default_branch: "main" } }));
});
afterEach(() => {
  process.env = { ...savedEnv };
  process.exitCode = undefined;
  artifacts.list.length = 0;
});
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface ActionRun {
  readonly temp: string;
  readonly outputs: string;
  readonly summary: string;
  readonly log: string;
}

/** Runs `run()` as a runner would on a push to main, with `inputs` as INPUT_* variables. */
async function runAction(name: string, inputs: Record<string, string>): Promise<ActionRun> {
  const outputFile = join(dir, `${name}.output`);
  const summaryFile = join(dir, `${name}.summary.md`);
  const temp = join(dir, `${name}.temp`);
  await writeFile(outputFile, "");
  await writeFile(summaryFile, "");
  process.env = {
    ...savedEnv,
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: "push",
    GITHUB_EVENT_PATH: join(dir, "event.json"),
    GITHUB_REPOSITORY: "acme/api",
    GITHUB_REF: "refs/heads/main",
    GITHUB_RUN_ID: "9001",
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: temp,
    INPUT_BUDGET: budgetFile,
    INPUT_TARGET: server.url,
    INPUT_BASELINE: "none",
    INPUT_COMMENT: "never",
    "INPUT_SAVE-BASELINE": "false",
  };
  for (const [key, value] of Object.entries(inputs)) process.env[`INPUT_${key.toUpperCase()}`] = value;
  const written: string[] = [];
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    stdout.mockRestore();
  }
  return {
    temp,
    outputs: await readFile(outputFile, "utf8"),
    summary: await readFile(summaryFile, "utf8"),
    log: written.join(""),
  };
}

/** A step output as the runner reads GITHUB_OUTPUT (`name<<delimiter`, the value, the delimiter). */
function output(res: ActionRun, name: string): string {
  const match = new RegExp(`^${name}<<(\\S+)\n([^]*?)\n\\1$`, "m").exec(res.outputs);
  if (!match) throw new Error(`no output ${name} in ${res.outputs}`);
  return match[2] ?? "";
}

/** The report the fake service holds under `name`. */
async function uploaded(name: string): Promise<Report> {
  const artifact = artifacts.list.find((a) => a.name === name);
  if (!artifact) throw new Error(`no artifact ${name}: ${artifacts.list.map((a) => a.name).join(", ")}`);
  return JSON.parse(
    await readFile(join(artifacts.root, String(artifact.id), "report.json"), "utf8"),
  ) as Report;
}

/** Both shards of the budget, run at the same time in this process, as the fake's artifacts. */
async function uploadBothShards(): Promise<Report[]> {
  const budget = await loadBudget(budgetFile, { env: {}, target: server.url });
  const digest = await budgetDigest(budgetFile);
  const shards = [1, 2].map((index) => ({ index, count: 2 }));
  const outcomes = await Promise.all(
    shards.map((s) => runBudget(budget, { toolVersion: "0", part: { index: s.index - 1, count: 2 } })),
  );
  const reports = outcomes.map((o, i) =>
    judgeShard(o.measured, { budget, shard: shards[i] ?? { index: 1, count: 2 }, digest, notRun: [] }),
  );
  for (const [i, report] of reports.entries()) {
    const file = join(dir, `shard-${i + 1}`, "report.json");
    await mkdir(join(dir, `shard-${i + 1}`), { recursive: true });
    await writeReport(file, report, []);
    const id = artifacts.list.length + 1;
    await cp(join(dir, `shard-${i + 1}`), join(artifacts.root, String(id)), { recursive: true });
    artifacts.list.push({ id, name: `perf-gate-shard-${i + 1}-of-2`, size: 0, createdAt: new Date() });
  }
  return reports;
}

/**
 * What an earlier attempt of the run left: artifacts `names`, uploaded an hour ago, each holding
 * a file that is no shard report of this budget (were one merged, the merge would fail on it).
 */
async function earlierAttempt(names: readonly string[]): Promise<void> {
  for (const name of names) {
    const id = artifacts.list.length + 1;
    await mkdir(join(artifacts.root, String(id)), { recursive: true });
    await writeFile(join(artifacts.root, String(id), "report.json"), '{"version": 1, "stale": true}');
    artifacts.list.push({ id, name, size: 0, createdAt: new Date(Date.now() - 3_600_000) });
  }
}

describe("the action's shard and merge inputs", () => {
  it("refuses shard and merge together, naming both", () => {
    const inputs: Record<string, string> = { shard: "1/2", merge: "true" };
    expect(() => parseInputs((name) => inputs[name] ?? "")).toThrow(
      /^inputs 'shard' and 'merge' are set together/,
    );
  });

  it("refuses start-at without shard, and start-at without a zone, naming the input", () => {
    const alone: Record<string, string> = { "start-at": "2026-12-01T21:30:00Z" };
    expect(() => parseInputs((name) => alone[name] ?? "")).toThrow(/^input 'start-at' without 'shard': /);
    const local: Record<string, string> = { shard: "1/2", "start-at": "2026-12-01T21:30:00" };
    expect(() => parseInputs((name) => local[name] ?? "")).toThrow(
      /^input 'start-at': expected the instant every shard starts at, .*: it has no zone/,
    );
  });

  it("refuses a shard that is not k/N, naming the input", () => {
    const inputs: Record<string, string> = { shard: "3/2" };
    expect(() => parseInputs((name) => inputs[name] ?? "")).toThrow(/^input 'shard': expected k\/N/);
  });
});

describe("shard: k/N", () => {
  it("runs its share and uploads its report as perf-gate-shard-2-of-4, without failing the step", async () => {
    const before = server.stats.received;
    const res = await runAction("shard", { shard: "2/4" });
    expect(process.exitCode).toBeUndefined();
    const report = await uploaded("perf-gate-shard-2-of-4");
    expect(report.shard).toMatchObject({ index: 2, count: 4 });
    const chat = report.scenarios[0];
    // 40/s for 1 s: 10 of the 40 arrivals are shard 2's.
    expect(chat?.requests.due).toBe(10);
    expect(server.stats.received - before).toBe(chat?.requests.total);
    expect(chat?.checks).toEqual([]);
    expect(res.log).toContain("shard report uploaded as the artifact 'perf-gate-shard-2-of-4'");
    const markdown = join(dirname(output(res, "report")), "summary.md");
    expect(await readFile(markdown, "utf8")).toContain("perf-gate: shard 2 of 4");
    expect(output(res, "report")).toContain(join(res.temp, "perf-gate"));
  });

  it("starts its load at start-at, not when the job got there: started_at_ms is the instant", async () => {
    const at = Date.now() + 1500;
    const res = await runAction("start-at", { shard: "1/2", "start-at": new Date(at).toISOString() });
    expect(process.exitCode, res.log).toBeUndefined();
    expect(res.log).toContain(`shard 1 of 2 starts at ${new Date(at).toISOString()}, with the other shards`);
    const report = await uploaded("perf-gate-shard-1-of-2");
    const startedAt = report.scenarios[0]?.started_at_ms ?? 0;
    // The budget has no warm-up: the measured phase starts at the instant.
    expect(startedAt - at).toBeGreaterThanOrEqual(0);
    expect(startedAt - at).toBeLessThan(50);
  });

  it("fails the step with one line when start-at passed a minute ago, before any load", async () => {
    const before = server.stats.received;
    const res = await runAction("start-late", {
      shard: "1/2",
      "start-at": String(Date.now() - 60_000),
    });
    expect(process.exitCode).toBe(1);
    expect(res.log).toMatch(/::error::input 'start-at' \S+Z: that instant passed 6\d\.\d s ago/);
    expect(server.stats.received).toBe(before);
  });

  it("refuses a shard that cannot run (more workers than its connections) before saying it starts at start-at", async () => {
    const before = server.stats.received;
    const res = await runAction("start-refused", {
      shard: "1/2",
      "start-at": new Date(Date.now() + 30_000).toISOString(),
      workers: "64",
    });
    expect(process.exitCode).toBe(1);
    expect(res.log).toMatch(/::error::scenario "chat": --workers 64: expected at most \d+ workers/);
    expect(res.log).not.toContain("starts at");
    expect(server.stats.received).toBe(before);
  });

  it("names the artifact after artifact-name when it is not the default", async () => {
    await runAction("named", { shard: "1/1", "artifact-name": "checkout-perf" });
    expect(artifacts.list.map((a) => a.name)).toEqual(["checkout-perf-shard-1-of-1"]);
  });
});

describe("merge: true", () => {
  it("merges this run's shard artifacts and gates once: counts summed, one summary, the baseline saved (RUNNER_TEMP created when absent)", async () => {
    const shards = await uploadBothShards();
    const before = server.stats.received;
    const res = await runAction("merge", { merge: "true", "save-baseline": "true" });
    expect(server.stats.received).toBe(before);
    expect(process.exitCode, res.log).toBeUndefined();
    const report = JSON.parse(await readFile(output(res, "report"), "utf8")) as Report;
    expect(report.merged_shards).toMatchObject({ count: 2, budget_digest: shards[0]?.shard?.budget_digest });
    const totals = shards.map((s) => s.scenarios[0]?.requests.total ?? 0);
    expect(report.scenarios[0]?.requests.total).toBe((totals[0] ?? 0) + (totals[1] ?? 0));
    expect(report.scenarios[0]?.requests.due).toBe(40);
    expect(report.scenarios[0]?.checks.map((c) => c.metric)).toEqual(["error_rate"]);
    expect(report.verdict).toBe("pass");
    expect(output(res, "verdict")).toBe("pass");
    // core.summary keeps the first GITHUB_STEP_SUMMARY it saw (another test's): read the markdown file.
    expect(await readFile(output(res, "markdown"), "utf8")).toContain("chat");
    expect(artifacts.list.at(-1)?.name).toBe("perf-gate-report");
  });

  it("merges the newest split when an earlier attempt ran another shard count, warning once which artifacts it ignored", async () => {
    await earlierAttempt([1, 2, 3, 4].map((k) => `perf-gate-shard-${k}-of-4`));
    const shards = await uploadBothShards();
    const res = await runAction("resplit", { merge: "true" });
    expect(process.exitCode, res.log).toBeUndefined();
    const report = JSON.parse(await readFile(output(res, "report"), "utf8")) as Report;
    expect(report.merged_shards?.count).toBe(2);
    const totals = shards.map((s) => s.scenarios[0]?.requests.total ?? 0);
    expect(report.scenarios[0]?.requests.total).toBe((totals[0] ?? 0) + (totals[1] ?? 0));
    const warnings = res.log.split("\n").filter((l) => l.startsWith("::warning::merge: "));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^::warning::merge: this run holds the shard artifacts of 2 splits \(a re-run with another shard count\): merging the newest, perf-gate-shard-k-of-2 \(2 artifacts, last uploaded .*\), and ignoring perf-gate-shard-k-of-4 \(4 artifacts, last uploaded .*\)$/,
    );
  });

  it("takes the newest of a shard uploaded twice in re-run attempts", async () => {
    await earlierAttempt(["perf-gate-shard-2-of-2"]);
    const shards = await uploadBothShards();
    const res = await runAction("rerun", { merge: "true" });
    expect(process.exitCode, res.log).toBeUndefined();
    const report = JSON.parse(await readFile(output(res, "report"), "utf8")) as Report;
    const totals = shards.map((s) => s.scenarios[0]?.requests.total ?? 0);
    expect(report.scenarios[0]?.requests.total).toBe((totals[0] ?? 0) + (totals[1] ?? 0));
    expect(res.log).not.toContain("::warning::merge: ");
  });

  it("fails the step with one line when a shard is missing", async () => {
    await uploadBothShards();
    artifacts.list.splice(1, 1);
    const res = await runAction("missing", { merge: "true" });
    expect(process.exitCode).toBe(1);
    expect(res.log).toContain("::error::shard 2 of 2 is missing: merge needs every shard's report");
  });

  it("fails the step when this run has no shard artifact, saying what the workflow lacks", async () => {
    const res = await runAction("none", { merge: "true" });
    expect(process.exitCode).toBe(1);
    expect(res.log).toMatch(/::error::merge: no perf-gate-shard-k-of-N artifact in this workflow run/);
  });
});
