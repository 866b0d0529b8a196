/**
 * Early abort side by side (issue 12 §3 with `baseline_target`), through `perf-gate run`: an
 * `abort: true` threshold watches the TARGET's rounds. A target broken from the start stops a
 * 10-minute side-by-side run within seconds, fails it with "aborted at …" and writes the report;
 * a broken BASELINE never aborts (nor fails) the target's run.
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
let healthy: TestServer;
let dir: string;
beforeAll(async () => {
  [broken, healthy] = await Promise.all([startServer({ status: 500 }), startServer({ delayMs: 2 })]);
  dir = await mkdtemp(join(tmpdir(), "perf-gate-abort-sbs-"));
});
afterAll(async () => {
  await Promise.all([broken.close(), healthy.close()]);
  await rm(dir, { recursive: true, force: true });
});

async function run(name: string, target: string, baseline: string, scenarios: readonly string[]) {
  const file = join(dir, name);
  const lines = ["version: 1", `target: ${target}`, `baseline_target: ${baseline}`, "scenarios:"];
  await writeFile(file, [...lines, ...scenarios, ""].join("\n"));
  const out = join(dir, `${name}.json`);
  const cap = captureIo();
  const started = performance.now();
  const code = await main(["run", file, "-o", out, "--no-color"], cap.io);
  const seconds = (performance.now() - started) / 1000;
  const report = JSON.parse(await readFile(out, "utf8")) as Report;
  return { code, report, seconds, stdout: cap.stdout() };
}

describe("abort: true side by side", () => {
  it("a 10-minute side-by-side run against a target broken from the start ends in seconds, failed, report written", async () => {
    const { code, report, seconds, stdout } = await run("broken.yml", broken.url, healthy.url, [
      "  - name: api",
      "    load: { connections: 4, duration: 10m }",
      "    thresholds: { error_rate: { limit: 5%, abort: true } }",
      "  - name: later",
      "    load: { duration: 10m }",
    ]);
    // At worst the baseline's first round (1 s warm-up, 2 s measured), then the target's warm-up
    // and the first 200 ms check of its measured phase.
    expect(seconds).toBeLessThan(8);
    expect(code).toBe(1);
    expect(report.verdict).toBe("fail");
    const api = report.scenarios[0];
    expect(api?.aborted).toMatchObject({
      metric: "error_rate",
      actual: 1,
      limit: 0.05,
      source: "5%",
      line: 7,
    });
    // On the target side's own measured clock: within its first round.
    expect(api?.aborted?.at_ms).toBeLessThan(2000);
    expect(api?.aborted?.reason).toMatch(/^aborted at \d+\.\d s: error_rate 100\.0 % > 5%$/);
    expect(report.verdict_reason).toBe(`${api?.aborted?.reason} (scenario "api")`);
    // No round after the one that broke: the target ran exactly one.
    expect(api?.rounds?.filter((r) => r.side === "target")).toHaveLength(1);
    expect(api?.rounds?.at(-1)?.side).toBe("target");
    expect(api?.requests.failed).toBeGreaterThanOrEqual(20);
    expect(report.side_by_side?.scenarios[0]?.aborted).toBeUndefined();
    expect(report.not_run.map((s) => s.name)).toEqual(["later"]);
    expect(stdout).toMatch(/^verdict: FAIL {2}aborted at/);
  }, 15_000);

  it("a broken baseline never aborts: the healthy target's rounds all run and the run passes", async () => {
    const { code, report } = await run("broken-baseline.yml", healthy.url, broken.url, [
      "  - name: api",
      // A busy machine can lag the generator: that must not decide this test.
      "    load: { connections: 2, duration: 2s, round: 1s, untrusted: warn }",
      "    thresholds: { error_rate: { limit: 5%, abort: true } }",
    ]);
    const api = report.scenarios[0];
    expect(api?.aborted).toBeUndefined();
    expect(api?.rounds).toHaveLength(4);
    expect(api?.incomplete).toBe(false);
    expect(report.side_by_side?.scenarios[0]?.error_rate).toBe(1);
    expect(api?.error_rate).toBe(0);
    expect(report.verdict).toBe("pass");
    expect(code).toBe(0);
  }, 15_000);
});
