/**
 * The built `lib/cli.js` run as users run it: a real process, real signals, real exit codes.
 * The in-process tests (main.test.ts) cover the cases; these prove the wiring of the bin.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/report/types.js";
import { startCli as startCliIn } from "../fixtures/cli-process.js";
import { startServer, type TestServer } from "../fixtures/servers.js";
import { withDamagedHdr } from "./corrupt-reports.js";
import { latencies, writeChatReport } from "./report-files.js";

const ROOT = join(import.meta.dirname, "../..");
const BUDGETS = join(ROOT, "test/fixtures/budgets");
const CANARY = "canary-proc-4b1d0e";

let server: TestServer;
let dir: string;
const startCli = (args: readonly string[], env: Record<string, string> = {}) => startCliIn(args, dir, env);

beforeAll(async () => {
  // lib/ is built by the test run's global setup (test/build-lib.ts).
  server = await startServer({ delayMs: 1 });
  dir = await mkdtemp(join(tmpdir(), "perf-gate-proc-"));
}, 60_000);
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Starts `node lib/cli.js …` (Node 24: the one running the tests) in `dir`, with a clean env. */

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function kill(child: ChildProcess): void {
  if (child.exitCode === null) child.kill("SIGKILL");
}

describe("node lib/cli.js", () => {
  it("--version prints package.json's version, from any working directory", async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string };
    const { finished } = startCli(["--version"]);
    const res = await finished;
    expect(res).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it("run: exits 0 on a passing budget, writes report.json in the cwd, never shows the secret", async () => {
    const { finished } = startCli(["run", join(BUDGETS, "cli-two-scenarios.yml"), "--target", server.url], {
      CLI_CANARY: CANARY,
    });
    const res = await finished;
    expect(res.stderr).toContain("report written to report.json");
    expect(res.code, res.stdout.split("\n")[0]).toBe(0);
    const text = await readFile(join(dir, "report.json"), "utf8");
    expect((JSON.parse(text) as Report).verdict).toBe("pass");
    for (const out of [res.stdout, res.stderr, text]) expect(out).not.toContain(CANARY);
  });

  it("run: exits 2 on an invalid budget with file:line:col and no stack trace", async () => {
    const res = await startCli(["run", join(BUDGETS, "cli-invalid.yml")]).finished;
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^perf-gate: .*/);
    expect(res.stderr).toMatch(/cli-invalid\.yml:11:\d+/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it("compare with a cut baseline: exit 2 and one line naming file and field (regression: exit 3, stack trace)", async () => {
    const head = await writeChatReport(dir, "proc-head.json", latencies());
    const good = JSON.parse(await readFile(head, "utf8")) as Report;
    const base = join(dir, "proc-base-cut.json");
    await writeFile(base, JSON.stringify(withDamagedHdr(good, (hdr) => hdr.slice(0, 40))));
    const res = await startCli(["compare", base, head]).finished;
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      /^perf-gate: .*proc-base-cut\.json: scenarios\[0\]\.latency\.hdr is not a readable HdrHistogram \(cut or corrupted: [^\n]+\)\n$/,
    );
  });

  it("SIGINT mid-run: writes the report marked incomplete, then exits 130", async () => {
    const out = join(dir, "interrupted.json");
    const run = startCli(["run", join(BUDGETS, "cli-long.yml"), "--target", server.url, "--out", out]);
    try {
      // Without a TTY the first progress line is printed at the scenario's first update (~1 s).
      await waitFor(() => /^long\s/m.test(run.stderr()), 10_000);
      run.child.kill("SIGINT");
      const res = await run.finished;
      expect(res.stderr).toContain("SIGINT received");
      expect(res.code).toBe(130);
      const report = JSON.parse(await readFile(out, "utf8")) as Report;
      expect(report.incomplete).toBe(true);
      expect(report.scenarios.map((s) => s.name)).toEqual(["long"]);
      expect(report.scenarios[0]?.requests.ok).toBeGreaterThan(0);
    } finally {
      kill(run.child);
    }
  });
});
