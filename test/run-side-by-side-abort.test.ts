/**
 * `abort: true` side by side judges the target side's data SO FAR — its earlier rounds and the
 * running one — not each round alone. The truth: a target that fails exactly 3 requests in 10
 * (30 %) under a 10 % limit, at 15 requests per 1 s round: one round never holds the 20 requests
 * the watch needs before it can decide, so a watch that restarts every round never stops the run,
 * while the side's rounds together put 30 % beyond doubt after about 40 requests. The same for
 * a plain scenario's `ttfb` (its recorder's phase histogram, not a stream's): a target whose
 * headers come after 80 ms, under a 40 ms limit, at 15 requests a round.
 */
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBudget } from "../src/budget/index.js";
import { judgeRun, rulesOf, thresholdsOf } from "../src/judge-run.js";
import { runBudget } from "../src/run-budget.js";
import { startServer, type TestServer } from "./fixtures/servers.js";

/** Headers (and the short body with them) of the slow target after this many ms. */
const SLOW_HEADERS_MS = 80;

let failing: TestServer;
let healthy: TestServer;
let slow: TestServer;
beforeAll(async () => {
  [failing, healthy, slow] = await Promise.all([
    startServer({ status: [500, 200, 200, 500, 200, 200, 500, 200, 200, 200] }),
    startServer({ delayMs: 2 }),
    startServer({ delayMs: SLOW_HEADERS_MS }),
  ]);
});
afterAll(async () => {
  await Promise.all([failing.close(), healthy.close(), slow.close()]);
});

describe("abort: true side by side", () => {
  it("judges the target's rounds together: 30 % errors at 15 requests a round abort a 30 s run within a few rounds", async () => {
    const budget = parseBudget(
      [
        "version: 1",
        `target: ${failing.url}`,
        `baseline_target: ${healthy.url}`,
        "scenarios:",
        "  - name: api",
        "    load: { rate: 15, connections: 4, duration: 30s, round: 1s, untrusted: warn }",
        "    thresholds: { error_rate: { limit: 10%, abort: true } }",
        "",
      ].join("\n"),
      { file: "perf-budget.yml", env: {} },
    );
    const started = performance.now();
    const { measured, notRun } = await runBudget(budget, { toolVersion: "0" });
    // Each side's 30 rounds would take over a minute; judged together the run stops in seconds.
    expect(performance.now() - started).toBeLessThan(14_000);
    const api = measured.scenarios[0];
    expect(api?.aborted?.metric).toBe("error_rate");
    // No round of 15 requests can decide alone: the breach needs the target's earlier rounds.
    const targetRounds = api?.rounds?.filter((r) => r.side === "target") ?? [];
    expect(targetRounds.length).toBeGreaterThanOrEqual(2);
    for (const r of targetRounds) expect(r.ok + r.failed).toBeLessThan(20);
    // On the target side's clock, past its first round, and the value is the side's so far.
    expect(api?.aborted?.at_ms).toBeGreaterThan(1000);
    expect(api?.aborted?.at_ms).toBeLessThan(8000);
    expect(api?.aborted?.actual).toBeGreaterThan(0.2);
    expect(api?.aborted?.actual).toBeLessThan(0.4);
    expect(api?.aborted?.reason).toMatch(/^aborted at \d+\.\d s: error_rate \d+\.\d % > 10%$/);
    const { gate } = judgeRun(measured, {
      thresholds: thresholdsOf(budget),
      rules: rulesOf(budget),
      baseline: null,
      baselineSource: null,
      failOn: "any",
      notRun,
    });
    expect(gate.verdict).toBe("fail");
    expect(gate.reason).toBe(`${api?.aborted?.reason} (scenario "api")`);
  }, 15_000);

  it("carries a plain scenario's ttfb across rounds too (was: not watched side by side): headers after 80 ms at 15 requests a round abort ttfb.p95 <= 40ms in the target's second round", async () => {
    const budget = parseBudget(
      [
        "version: 1",
        `target: ${slow.url}`,
        `baseline_target: ${healthy.url}`,
        "scenarios:",
        "  - name: api",
        "    load: { rate: 15, connections: 4, duration: 10s, round: 1s, untrusted: warn }",
        "    thresholds: { ttfb.p95: { limit: 40ms, abort: true } }",
        "",
      ].join("\n"),
      { file: "perf-budget.yml", env: {} },
    );
    const started = performance.now();
    const { measured } = await runBudget(budget, { toolVersion: "0" });
    // Each side's 10 rounds would take over 20 s; judged together the run stops after ~3 rounds.
    expect(performance.now() - started).toBeLessThan(10_000);
    const api = measured.scenarios[0];
    expect(api?.aborted?.metric).toBe("ttfb.p95");
    // No round of 15 requests can decide alone (the watch needs 20 values).
    const targetRounds = api?.rounds?.filter((r) => r.side === "target") ?? [];
    expect(targetRounds.length).toBeGreaterThanOrEqual(2);
    for (const r of targetRounds) expect(r.ok + r.failed).toBeLessThan(20);
    // On the target side's clock: into its second round (its first ended at 1 s with 15 values).
    expect(api?.aborted?.at_ms).toBeGreaterThan(1000);
    expect(api?.aborted?.at_ms).toBeLessThan(2000);
    // The value is the target's ttfb so far: the server's 80 ms headers, plus little.
    expect(api?.aborted?.actual).toBeGreaterThanOrEqual(SLOW_HEADERS_MS);
    expect(api?.aborted?.actual).toBeLessThan(SLOW_HEADERS_MS + 40);
    expect(api?.aborted?.reason).toMatch(/^aborted at \d+\.\d s: ttfb\.p95 \d+(\.\d+)? ms > 40ms$/);
  }, 15_000);
});
