/**
 * `perf-gate demo` end to end, in-process: the built-in API, the shipped example budget, the
 * report. The example budget runs ~24 s of load (two scenarios of 2 s warm-up + 10 s, then the
 * last streams finish), so this file is the slow one; everything it relies on is also covered by
 * faster tests.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { STREAM_TIMING as T } from "../../src/demo/stream-plan.js";
import type { Report, ScenarioReport } from "../../src/report/types.js";
import { captureIo } from "./cli-io.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-demo-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * The chat scenario's streaming metrics against the demo's known timings (stream-plan.ts): first
 * token 80-250 ms after arrival, then 10-30 ms per token, 20-64 tokens (max_tokens: 64), usage
 * sent. Upper bounds leave room for a loaded machine; lower bounds are hard (timers fire late,
 * never early), except ITL's: two chunks read together show as a ~0 ms gap.
 */
function expectPlausibleStreamMetrics(chat: ScenarioReport | undefined): void {
  expect(chat?.stream).toMatchObject({
    format: "openai",
    usage_requested: true,
    output_tokens_source: "usage",
  });
  expect(chat?.ttft?.min).toBeGreaterThanOrEqual(T.ttftMinMs - 1);
  expect(chat?.ttft?.p50).toBeLessThan(T.ttftMaxMs);
  expect(chat?.ttft?.p95).toBeLessThan(T.ttftMaxMs + 100);
  // The role chunk comes with the headers: the first byte is well before the first token.
  expect(chat?.ttfb?.p50).toBeLessThan(T.ttftMinMs / 2);
  expect(chat?.itl?.p50).toBeGreaterThanOrEqual(T.tokenMinMs - 1);
  expect(chat?.itl?.p50).toBeLessThan(T.tokenMaxMs + 10);
  expect(chat?.tpot?.min).toBeGreaterThanOrEqual(T.tokenMinMs - 1);
  expect(chat?.tpot?.p95).toBeLessThan(T.tokenMaxMs + 10);
  expect(chat?.output_tokens?.min).toBeGreaterThanOrEqual(T.minTokens);
  expect(chat?.output_tokens?.max).toBeLessThanOrEqual(64);
  // output_tps is the tokens of the ok requests that ended inside the window, per second of it:
  // ok_rps × mean tokens (the drain's requests count in neither).
  const okPerSec = chat?.ok_rps ?? 0;
  const outputTps = chat?.output_tps ?? 0;
  expect(Math.abs(outputTps - okPerSec * (chat?.output_tokens?.mean ?? 0))).toBeLessThan(0.02 * outputTps);
  expect(chat?.output_tps).toBeGreaterThan(20 * T.minTokens * 0.8);
  // Every demo answer meets the slo (ttft 400 ms, tpot 50 ms), so goodput is the ok rate.
  expect(chat?.goodput).toBeGreaterThan(0.95 * okPerSec);
  expect(chat?.goodput).toBeLessThanOrEqual(okPerSec + 1e-9);
}

describe("perf-gate demo", () => {
  it("runs examples/perf-budget.yml against the demo API, passes, and writes the report", async () => {
    const out = join(dir, "demo-report.json");
    const cap = captureIo({});
    const started = performance.now();
    const code = await main(["demo", "--out", out], cap.io);
    const elapsedMs = performance.now() - started;
    const report = JSON.parse(await readFile(out, "utf8")) as Report;
    // Under a minute, as promised in the README and --help.
    expect(elapsedMs).toBeLessThan(40_000);
    expect(report.scenarios.map((s) => s.name)).toEqual(["items", "chat"]);
    for (const s of report.scenarios) {
      expect(s.requests.failed).toBe(0);
      expect(s.requests.ok).toBeGreaterThan(100);
    }
    expect(report, report.verdict_reason).toMatchObject({ verdict: "pass", incomplete: false });
    // The demo's URL is not a secret (it is passed like --target), so the report shows it.
    expect(report.target).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(report.scenarios[1]?.request.url).toBe(`${report.target}/v1/chat/completions`);
    expect(code).toBe(0);
    expect(cap.stderr()).toMatch(/demo API listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(cap.stdout()).toContain("chat");
    expect(cap.stdout()).toMatch(/ttft/i);
    expectPlausibleStreamMetrics(report.scenarios[1]);
    // The demo key is a value from the (demo's) environment, so it is masked like any secret.
    expect(cap.stdout() + cap.stderr() + JSON.stringify(report)).not.toContain("demo-key-not-secret");
  }, 60_000);
});
