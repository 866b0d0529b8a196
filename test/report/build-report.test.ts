import { describe, expect, it } from "vitest";
import type { Budget } from "../../src/budget/types.js";
import { InputError } from "../../src/errors.js";
import { buildReport, buildScenarioReport, completionsStdev } from "../../src/report/build-report.js";
import type { MeasuredScenario } from "../../src/report/types.js";
import { makeResult, makeScenario, range, threshold, withinHdr } from "./fixtures.js";

const URL_ = "http://127.0.0.1:8080/v1/chat";

function budgetOf(target: string, secrets: readonly string[] = []): Budget {
  return { version: 1, file: "perf-budget.yml", target, scenarios: [makeScenario()], secrets };
}

async function reportOf(overrides: Parameters<typeof makeResult>[0], thresholds = makeScenario().thresholds) {
  return buildScenarioReport(await makeResult(overrides), makeScenario(thresholds), URL_);
}

describe("buildScenarioReport", () => {
  it("computes error_rate, rps (responses in the window), ok_rps and bytes per second from known counts", async () => {
    const r = await reportOf({
      latencyMs: Array(950).fill(20),
      failedMs: Array(50).fill(3),
      measuredDurationMs: 10_000,
      bytesReceived: 1_000_000,
      bytesSent: 250_000,
      errors: { http_5xx: 40, timeout: 10, reset: undefined },
      status: { "200": 950, "503": 40 },
      // 990 responses (the 10 timeouts are not responses), 40 of them after the window.
      window: { responses: 950, ok: 920, bytesReceived: 900_000, bytesSent: 200_000 },
    });
    expect(r.error_rate).toBe(0.05);
    expect(r.rps).toBe(95);
    expect(r.ok_rps).toBe(92);
    expect(r.bytes).toEqual({
      received: 1_000_000,
      sent: 250_000,
      received_per_sec: 90_000,
      sent_per_sec: 20_000,
    });
    expect(r.requests).toEqual({ total: 1000, ok: 950, failed: 50, dropped: 0, responses_in_window: 950 });
    expect(r.errors).toEqual({ http_5xx: 40, timeout: 10 });
    expect(r.status).toEqual({ "200": 950, "503": 40 });
    expect(withinHdr(r.latency.p50, 20)).toBe(true);
    expect(withinHdr(r.latency_failed.p50, 3)).toBe(true);
    expect(r).toMatchObject({ name: "chat", duration_ms: 10_000, warmup_requests: 7, incomplete: false });
    expect(r.request).toEqual({ method: "POST", url: URL_ });
  });

  it("reports error_rate 0 and rps 0 when nothing completed", async () => {
    const r = await reportOf({ measuredDurationMs: 0 });
    expect(r).toMatchObject({ error_rate: 0, rps: 0, rps_stdev: 0 });
    expect(r.latency.count).toBe(0);
  });

  it("derives rps_stdev from the timeline's per-second completions", async () => {
    // Seconds 0..3 complete 10, 20, (none: a stall), 30 → [10, 20, 0, 30]: mean 15,
    // population variance (25 + 25 + 225 + 225) / 4 = 125. Second 4 is partial (4.5 s) and left out.
    const timeline = [
      { t: 0, ok: 8, errors: 2 },
      { t: 1, ok: 20, errors: 0 },
      { t: 3, ok: 30, errors: 0 },
      { t: 4, ok: 999, errors: 0 },
    ];
    const r = await reportOf({ timeline, measuredDurationMs: 4_500 });
    expect(r.rps_stdev).toBeCloseTo(Math.sqrt(125), 9);
    expect(r.timeline).toEqual(timeline);
    expect(completionsStdev([{ t: 0, ok: 5, errors: 0 }], 999)).toBe(0);
    expect(
      completionsStdev(
        range(0, 9).map((t) => ({ t, ok: 50, errors: 0 })),
        10_000,
      ),
    ).toBe(0);
  });

  it("describes the load asked for: open model when a rate is set", async () => {
    const closed = buildScenarioReport(await makeResult(), makeScenario([], { connections: 8 }), URL_);
    expect(closed.load).toEqual({
      model: "closed",
      connections: 8,
      duration_ms: 10_000,
      warmup_ms: 2_000,
      untrusted: "fail",
    });
    const open = buildScenarioReport(
      await makeResult(),
      makeScenario([], { ratePerSec: 50, arrival: "poisson", seed: 42 }),
      URL_,
    );
    expect(open.load).toEqual({
      model: "open",
      connections: 4,
      rate: 50,
      arrival: "poisson",
      seed: 42,
      duration_ms: 10_000,
      warmup_ms: 2_000,
      untrusted: "fail",
    });
  });

  it("rps counts responses completed inside the window, not those of the drain (4 connections on a 700 ms server: 28 in 5 s, not 32)", async () => {
    // The engine's counts for that run: each connection completes at 0.7 … 4.9 s inside the
    // window (7 × 4 = 28) and once more at 5.6 s, in the drain (ok 32 in all). The truth is
    // 4 / 0.7 s = 5.71 req/s; counting the drain said 6.4.
    const r = await reportOf({
      latencyMs: Array(32).fill(700),
      measuredDurationMs: 5_000,
      status: { "200": 32 },
      window: { responses: 28, ok: 28 },
    });
    expect(r.rps).toBeCloseTo(5.6, 9);
    expect(r.ok_rps).toBeCloseTo(5.6, 9);
    expect(r.requests.ok).toBe(32);
    expect(r.latency.count).toBe(32);
  });

  it("says when responses were redirects (3xx, never followed)", async () => {
    const r = await reportOf({ latencyMs: Array(10).fill(1), status: { "200": 4, "301": 5, "308": 1 } });
    expect(r.redirects).toBe(6);
    const none = await reportOf({ latencyMs: [1], status: { "200": 1 } });
    expect(none).not.toHaveProperty("redirects");
  });

  it("reports the open model's dropped split and its due count", async () => {
    const r = buildScenarioReport(
      await makeResult({
        model: "open",
        latencyMs: Array(90).fill(1),
        requests: { total: 90, dropped: 10, droppedQueueFull: 6, droppedAtEnd: 4, due: 100 },
      }),
      makeScenario([], { ratePerSec: 10 }),
      URL_,
    );
    expect(r.requests).toMatchObject({
      total: 90,
      dropped: 10,
      dropped_queue_full: 6,
      dropped_at_end: 4,
      due: 100,
    });
  });

  it("destroys the result's four histograms (ownership passes to the report)", async () => {
    const result = await makeResult({ latencyMs: [1, 2, 3] });
    buildScenarioReport(result, makeScenario(), URL_);
    for (const h of [result.latency, result.latencyUncorrected, result.queueTime, result.latencyFailed]) {
      expect(() => h.totalCount).toThrow(/destroyed/);
    }
  });

  it("destroys the histograms even when building the report throws", async () => {
    const made = await makeResult({ latencyMs: [1] });
    const result = {
      ...made,
      get status(): Record<string, number> {
        throw new InputError("unreadable status counts");
      },
    };
    expect(() => buildScenarioReport(result, makeScenario(), URL_)).toThrow(InputError);
    expect(() => made.latency.totalCount).toThrow(/destroyed/);
  });
});

describe("buildReport", () => {
  const times = { startedAt: new Date("2025-01-01T00:00:00Z"), finishedAt: new Date("2025-01-01T00:00:42Z") };

  async function scenario(
    pass: boolean,
    extra: Parameters<typeof makeResult>[0] = {},
  ): Promise<MeasuredScenario> {
    return reportOf({ latencyMs: [10], ...extra }, [threshold("latency.max", "<=", pass ? 100 : 1)]);
  }

  it("fills the top level: version, tool, ISO times, budget file, incomplete from any scenario", async () => {
    const report = buildReport({
      budget: budgetOf("http://127.0.0.1:8080"),
      scenarios: [await scenario(true, { incomplete: true })],
      ...times,
      incomplete: false,
      toolVersion: "1.2.3",
    });
    expect(report).toMatchObject({
      version: 1,
      tool: { name: "perf-gate", version: "1.2.3" },
      startedAt: "2025-01-01T00:00:00.000Z",
      finishedAt: "2025-01-01T00:00:42.000Z",
      budget: "perf-budget.yml",
      target: "http://127.0.0.1:8080",
      incomplete: true,
    });
  });

  it("never lets a secret from the environment reach the report (canary)", async () => {
    const key = "sk-CANARY-4f9a";
    const spaced = "pa ss/wörd&x"; // percent-encoded once it is in a URL
    const target = `http://user:${key}@127.0.0.1:8080/api`;
    const url = new URL(`http://127.0.0.1:8080/api/v1?key=${key}&p=${encodeURIComponent(spaced)}`).href;
    const s = buildScenarioReport(await makeResult({ latencyMs: [1] }), makeScenario(), url);
    const report = buildReport({
      budget: budgetOf(target, [key, spaced]),
      scenarios: [s],
      ...times,
      incomplete: false,
      toolVersion: "0.1.0",
    });
    const json = JSON.stringify(report);
    expect(json).toContain("***");
    for (const form of [key, spaced, encodeURIComponent(spaced)]) expect(json).not.toContain(form);
    expect(report.scenarios[0]?.request.url).toBe("http://127.0.0.1:8080/api/v1?key=***&p=***");
    expect(json).not.toMatch(/authorization|headers/i);
  });
});
