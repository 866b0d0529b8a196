/**
 * Early abort (issue 12 §3) through `perf-gate run`: an `abort: true` threshold breached beyond
 * doubt stops a long run within seconds, fails it with "aborted at …", writes the report with what
 * was measured, and leaves the later scenarios not run; a healthy server is never aborted.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { Report } from "../../src/report/types.js";
import { startServer, type TestServer } from "../fixtures/servers.js";
import { captureIo } from "./cli-io.js";

let broken: TestServer;
let slow: TestServer;
let healthy: TestServer;
let dir: string;
beforeAll(async () => {
  [broken, slow, healthy] = await Promise.all([
    startServer({ status: 500 }),
    startServer({ delayMs: 30 }),
    startServer({ delayMs: 2 }),
  ]);
  dir = await mkdtemp(join(tmpdir(), "perf-gate-abort-"));
});
afterAll(async () => {
  await Promise.all([broken.close(), slow.close(), healthy.close()]);
  await rm(dir, { recursive: true, force: true });
});

async function run(name: string, url: string, scenarios: readonly string[]) {
  const file = join(dir, name);
  await writeFile(file, ["version: 1", `target: ${url}`, "scenarios:", ...scenarios, ""].join("\n"));
  const out = join(dir, `${name}.json`);
  const cap = captureIo();
  const started = performance.now();
  const code = await main(["run", file, "-o", out, "--no-color"], cap.io);
  const seconds = (performance.now() - started) / 1000;
  const report = JSON.parse(await readFile(out, "utf8")) as Report;
  return { code, report, seconds, stdout: cap.stdout(), stderr: cap.stderr() };
}

describe("abort: true", () => {
  it("a 10-minute budget against a server broken from the start ends in seconds, failed, report written", async () => {
    const { code, report, seconds, stdout } = await run("broken.yml", broken.url, [
      "  - name: api",
      "    load: { connections: 4, duration: 10m }",
      "    thresholds: { latency.p95: 200ms, error_rate: { limit: 5%, abort: true } }",
      "  - name: later",
      "    load: { duration: 10m }",
    ]);
    expect(seconds).toBeLessThan(4);
    expect(code).toBe(1);
    expect(report.verdict).toBe("fail");
    const api = report.scenarios[0];
    expect(api?.aborted).toMatchObject({
      metric: "error_rate",
      actual: 1,
      limit: 0.05,
      source: "5%",
      line: 6,
    });
    expect(api?.aborted?.at_ms).toBeLessThan(2000);
    expect(api?.aborted?.reason).toMatch(/^aborted at \d+\.\d s: error_rate 100\.0 % > 5%$/);
    expect(report.verdict_reason).toBe(`${api?.aborted?.reason} (scenario "api")`);
    expect(api?.requests.failed).toBeGreaterThanOrEqual(20);
    expect(report.not_run.map((s) => s.name)).toEqual(["later"]);
    expect(stdout).toMatch(/^verdict: FAIL {2}aborted at/);
    expect(stdout).toContain("warning: the run was aborted: aborted at");
  }, 15_000);

  it("a latency quantile aborts once it is above its limit beyond doubt (a 30 ms server, p95 ≤ 10 ms)", async () => {
    const { code, report, seconds } = await run("slow.yml", slow.url, [
      "  - name: api",
      "    load: { connections: 8, duration: 5m }",
      "    thresholds: { latency.p95: { limit: 10ms, abort: true } }",
    ]);
    expect(seconds).toBeLessThan(4);
    expect(code).toBe(1);
    const aborted = report.scenarios[0]?.aborted;
    expect(aborted?.metric).toBe("latency.p95");
    expect(aborted?.actual).toBeGreaterThanOrEqual(29.9);
  }, 15_000);

  it("never aborts a healthy run: it measures its whole duration and passes", async () => {
    const { code, report } = await run("healthy.yml", healthy.url, [
      "  - name: api",
      "    load: { connections: 2, duration: 1500ms }",
      "    thresholds: { latency.p95: { limit: 500ms, abort: true }, error_rate: { limit: 1%, abort: true } }",
    ]);
    expect([0, 1]).toContain(code);
    const api = report.scenarios[0];
    expect(api?.aborted).toBeUndefined();
    expect(api?.incomplete).toBe(false);
    expect(api?.duration_ms).toBeGreaterThanOrEqual(1500);
  }, 15_000);
});
