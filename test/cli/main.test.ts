import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { Report } from "../../src/report/types.js";
import { startServer, type TestServer } from "../fixtures/servers.js";
import { captureIo } from "./cli-io.js";

const BUDGETS = join(import.meta.dirname, "../fixtures/budgets");
const TWO = join(BUDGETS, "cli-two-scenarios.yml");
/** A secret from the environment, sent in a header and in the query string of `items`. */
const CANARY = "canary-7f3a9c1e55d2";
const ENV = { CLI_CANARY: CANARY };

let fast: TestServer;
let slow: TestServer;
let dir: string;

beforeAll(async () => {
  fast = await startServer({ delayMs: 1 });
  // 60 ms per answer: far above the budget's `latency.p95: 40ms`, whatever the machine's noise.
  slow = await startServer({ delayMs: 60 });
  dir = await mkdtemp(join(tmpdir(), "perf-gate-cli-"));
});
afterAll(async () => {
  await Promise.all([fast.close(), slow.close()]);
  await rm(dir, { recursive: true, force: true });
});

async function readJson(path: string): Promise<Report> {
  return JSON.parse(await readFile(path, "utf8")) as Report;
}

describe("perf-gate run (in-process)", () => {
  it("exits 0 when every threshold passes, prints the report and writes report.json", async () => {
    const out = join(dir, "pass.json");
    const cap = captureIo(ENV);
    const code = await main(["run", TWO, "--target", fast.url, "--out", out], cap.io);
    expect(cap.stderr()).toContain(`report written to ${out}`);
    expect(code).toBe(0);
    const report = await readJson(out);
    expect(report).toMatchObject({ verdict: "pass", incomplete: false, target: fast.url });
    expect(report.scenarios.map((s) => s.name)).toEqual(["items", "health"]);
    expect(report.scenarios[0]?.requests.ok).toBeGreaterThan(20);
    expect(cap.stdout()).toContain("items");
    // The budget's secret never leaves: not printed, not in the report, although the request
    // URL in the report would carry it (`/items?key=${CLI_CANARY}`).
    expect(report.scenarios[0]?.request.url).toContain("/items?key=");
    for (const text of [cap.stdout(), cap.stderr(), JSON.stringify(report)])
      expect(text).not.toContain(CANARY);
  });

  it("warns, by variable name, about a secret too short to mask without garbling the output", async () => {
    const out = join(dir, "short.json");
    const cap = captureIo({ CLI_CANARY: "k9" });
    const code = await main(["run", TWO, "--target", fast.url, "-s", "health", "-o", out, "-q"], cap.io);
    expect(code).toBe(0);
    expect(cap.stderr()).toContain(`warning: \${CLI_CANARY} is only 2 characters long:`);
    // The long canary of the other tests gets no such warning.
    const quiet = captureIo(ENV);
    await main(["run", TWO, "--target", fast.url, "-s", "health", "-o", out, "-q"], quiet.io);
    expect(quiet.stderr()).not.toContain("warning:");
  });

  it("-q prints errors only: no report, no live line and no 'report written to' (it printed that line)", async () => {
    const out = join(dir, "quiet.json");
    const cap = captureIo(ENV);
    const code = await main(["run", TWO, "--target", fast.url, "-s", "health", "-o", out, "-q"], cap.io);
    expect(code, (await readJson(out)).verdict_reason).toBe(0);
    expect(cap.stdout()).toBe("");
    expect(cap.stderr()).toBe("");
    // An error still gets through.
    const failing = captureIo(ENV);
    expect(await main(["run", join(dir, "nope.yml"), "-q"], failing.io)).toBe(2);
    expect(failing.stderr()).toMatch(/^perf-gate: /);
  });

  it("exits 1 when a threshold fails, and still writes the report with verdict fail", async () => {
    const out = join(dir, "fail.json");
    const cap = captureIo(ENV);
    const code = await main(["run", TWO, "--target", slow.url, "--out", out, "--scenario", "items"], cap.io);
    expect(code).toBe(1);
    const report = await readJson(out);
    expect(report.verdict).toBe("fail");
    expect(report.scenarios).toHaveLength(1);
    const p95 = report.scenarios[0]?.checks.find((c) => c.metric === "latency.p95");
    expect(p95).toMatchObject({ pass: false, limit: 40 });
    expect(p95?.actual).toBeGreaterThanOrEqual(60);
    for (const text of [cap.stdout(), cap.stderr(), JSON.stringify(report)])
      expect(text).not.toContain(CANARY);
  });

  it("--target overrides the budget's target and keeps its path as a prefix", async () => {
    const out = join(dir, "target.json");
    const cap = captureIo(ENV);
    const code = await main(
      ["run", TWO, "--target", `${fast.url}/api/`, "-s", "health", "-o", out, "-q"],
      cap.io,
    );
    expect(code).toBe(0);
    const report = await readJson(out);
    expect(report.scenarios[0]?.request.url).toBe(`${fast.url}/api/health`);
    expect(report.scenarios[0]?.requests.failed).toBe(0);
    expect(cap.stdout()).toBe("");
  });

  it("without --target the budget's own target (a closed port) is used, and fails", async () => {
    const out = join(dir, "closed.json");
    const code = await main(["run", TWO, "-s", "health", "-o", out, "-q"], captureIo(ENV).io);
    expect(code).toBe(1);
    const report = await readJson(out);
    expect(report.scenarios[0]?.errors.connect).toBeGreaterThan(0);
  });

  it("colours the report only for a terminal, and never after --no-color", async () => {
    const args = ["run", TWO, "--target", fast.url, "-s", "health", "-o", join(dir, "color.json")];
    const tty = { stdout: true, stderr: false };
    const colored = captureIo(ENV, tty);
    const first = await main(args, colored.io);
    expect(first, (await readJson(join(dir, "color.json"))).verdict_reason).toBe(0);
    expect(colored.stdout()).toContain("\x1b[");
    const plain = captureIo(ENV, tty);
    const second = await main([...args, "--no-color"], plain.io);
    expect(second, (await readJson(join(dir, "color.json"))).verdict_reason).toBe(0);
    expect(plain.stdout()).toContain("health");
    expect(plain.stdout()).not.toContain("\x1b[");
  });

  it("exits 2 for an unknown --scenario, listing the names, without running anything", async () => {
    const out = join(dir, "unknown.json");
    const cap = captureIo(ENV);
    const before = fast.stats.received;
    const code = await main(["run", TWO, "--target", fast.url, "--scenario", "itemz", "--out", out], cap.io);
    expect(code).toBe(2);
    expect(cap.stderr()).toMatch(/^perf-gate: .*'itemz'.*'items', 'health'/);
    expect(fast.stats.received).toBe(before);
  });

  it("exits 2 for an invalid budget with file:line:col and no stack trace", async () => {
    const cap = captureIo(ENV);
    const code = await main(["run", join(BUDGETS, "cli-invalid.yml"), "--out", join(dir, "x.json")], cap.io);
    expect(code).toBe(2);
    expect(cap.stderr()).toMatch(/^perf-gate: /);
    expect(cap.stderr()).toMatch(/cli-invalid\.yml:11:\d+ .*latency\.p95/);
    expect(cap.stderr()).not.toMatch(/\n\s+at /);
  });

  it("exits 2 for a missing budget file and for a missing environment variable", async () => {
    const missing = captureIo(ENV);
    expect(await main(["run", join(dir, "nope.yml")], missing.io)).toBe(2);
    expect(missing.stderr()).toContain("nope.yml");
    const noEnv = captureIo({});
    expect(await main(["run", TWO, "--target", fast.url], noEnv.io)).toBe(2);
    expect(noEnv.stderr()).toContain("CLI_CANARY");
  });

  it("exits 2 for an unknown flag with a one-line message and a usage hint", async () => {
    const cap = captureIo();
    expect(await main(["run", "--bogus"], cap.io)).toBe(2);
    expect(cap.stderr()).toBe("perf-gate: Unknown option '--bogus'; run `perf-gate --help` for usage\n");
  });

  it("prints help (documenting exit codes and signals) and the package version", async () => {
    const help = captureIo();
    expect(await main(["--help"], help.io)).toBe(0);
    expect(help.stdout()).toContain("perf-gate run [budget=perf-budget.yml]");
    expect(help.stdout()).toMatch(/130.*SIGINT/);
    const version = captureIo();
    expect(await main(["--version"], version.io)).toBe(0);
    expect(version.stdout()).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
  });

  it("a signal mid-run stops it, writes the report marked incomplete and exits 143 (SIGTERM)", async () => {
    const out = join(dir, "interrupted.json");
    const cap = captureIo();
    const started = performance.now();
    const running = main(["run", join(BUDGETS, "cli-long.yml"), "--target", fast.url, "--out", out], cap.io);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    cap.sendSignal("SIGTERM");
    const code = await running;
    // The budget asks for 20 s; stopping must take well under that (2 s timeout + slack).
    expect(performance.now() - started).toBeLessThan(8000);
    expect(code).toBe(143);
    expect(cap.exits).toEqual([]);
    const report = await readJson(out);
    expect(report.incomplete).toBe(true);
    expect(report.scenarios.map((s) => s.name)).toEqual(["long"]);
    expect(report.scenarios[0]?.incomplete).toBe(true);
    expect(report.scenarios[0]?.requests.ok).toBeGreaterThan(0);
    expect(cap.stderr()).toContain("SIGTERM received");
  });

  it("a second signal exits at once with the signal's code", async () => {
    const cap = captureIo();
    const running = main(
      ["run", join(BUDGETS, "cli-long.yml"), "--target", fast.url, "-q", "-o", join(dir, "twice.json")],
      cap.io,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    cap.sendSignal("SIGINT");
    cap.sendSignal("SIGINT");
    expect(cap.exits).toEqual([130]);
    expect(await running).toBe(130);
  });
});
