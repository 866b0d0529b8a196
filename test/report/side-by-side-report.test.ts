/**
 * The report side of a side-by-side run: `side_by_side` (the baseline side, redacted like the
 * report's own fields), per-round records summarized like the scenario's blocks, and the schema
 * that reads them back (bounded, and strict about the few fields the paired comparison needs).
 */
import { describe, expect, it } from "vitest";
import type { Budget } from "../../src/budget/types.js";
import { destroyStreamResult } from "../../src/metrics/stream-recorder.js";
import { buildReport, buildScenarioReport } from "../../src/report/build-report.js";
import { MAX_ROUNDS } from "../../src/report/report-schema.js";
import { buildRoundRecord } from "../../src/report/round-record.js";
import type { Report, RoundRecord } from "../../src/report/types.js";
import { checkReport } from "../../src/report/write-report.js";
import { judged, makeResult, makeScenario, range } from "./fixtures.js";

const SECRET = "base-host-secret-91c2";

async function sideBySideReport(): Promise<Report> {
  const scenario = makeScenario();
  const budget: Budget = {
    version: 1,
    file: "b.yml",
    target: "http://127.0.0.1:1",
    baselineTarget: `http://${SECRET}:8081`,
    scenarios: [scenario],
    secrets: [SECRET],
  };
  const round = await makeResult({ latencyMs: range(1, 100) });
  const record = buildRoundRecord({ side: "target", index: 1, pair: 0 }, round, round.startedAtMs - 1500);
  const target = buildScenarioReport(
    await makeResult({ latencyMs: range(1, 100) }),
    scenario,
    "http://127.0.0.1:1/v1/chat",
  );
  const baseline = buildScenarioReport(
    await makeResult({ latencyMs: range(1, 50) }),
    scenario,
    `http://${SECRET}:8081/v1/chat`,
  );
  for (const h of [round.latency, round.latencyUncorrected, round.queueTime, round.latencyFailed])
    h.destroy();
  return judged(
    buildReport({
      budget,
      scenarios: [{ ...target, rounds: [record], load: { ...target.load, round_ms: 5000 } }],
      baselineScenarios: [baseline],
      startedAt: new Date(0),
      finishedAt: new Date(1000),
      incomplete: false,
      toolVersion: "0",
    }),
  );
}

describe("buildReport with a baseline target", () => {
  it("embeds the baseline side, with the baseline target and its URLs redacted", async () => {
    const report = await sideBySideReport();
    expect(report.side_by_side?.baseline_target).toBe("http://***:8081");
    expect(report.side_by_side?.scenarios[0]?.request.url).toBe("http://***:8081/v1/chat");
    expect(report.side_by_side?.scenarios[0]?.latency.count).toBe(50);
    expect(JSON.stringify(report)).not.toContain(SECRET);
  });

  it("writes no side_by_side without a baseline target", async () => {
    const measured = buildReport({
      budget: { version: 1, file: "b.yml", target: "http://h:1", scenarios: [], secrets: [] },
      scenarios: [],
      baselineScenarios: [],
      startedAt: new Date(0),
      finishedAt: new Date(0),
      incomplete: false,
      toolVersion: "0",
    });
    expect("side_by_side" in measured).toBe(false);
  });
});

describe("buildRoundRecord", () => {
  it("summarizes a round like the scenario's blocks: latency 1..100 ms → p50 50 ms, count 100", async () => {
    const result = await makeResult({ latencyMs: range(1, 100), measuredDurationMs: 5000, goodRequests: 90 });
    try {
      const record = buildRoundRecord(
        { side: "baseline", index: 3, pair: 1 },
        result,
        result.startedAtMs - 2500,
      );
      expect(record).toMatchObject({
        side: "baseline",
        index: 3,
        pair: 1,
        t_ms: 2500,
        duration_ms: 5000,
        ok: 100,
        failed: 0,
        responses: 100,
        good: 90,
      });
      expect(Object.keys(record.stats)).toEqual(["latency"]);
      expect(record.stats.latency?.count).toBe(100);
      expect(Math.abs((record.stats.latency?.p50 ?? 0) - 50)).toBeLessThanOrEqual(0.05);
      expect(Math.abs((record.stats.latency?.p99 ?? 0) - 99)).toBeLessThanOrEqual(0.1);
      expect(record.stats.latency?.mean).toBeCloseTo(50.5, 1);
      expect("output_tokens" in record).toBe(false);
    } finally {
      for (const h of [result.latency, result.latencyUncorrected, result.queueTime, result.latencyFailed])
        h.destroy();
    }
  });

  it("adds the phases the round has, so a plain scenario's ttfb.p95 pairs rounds like latency.p95", async () => {
    const result = await makeResult({
      latencyMs: range(1, 100),
      phases: { ttfbMs: range(1, 100), bodyMs: range(1, 100), connectMs: [0.5, 0.5] },
    });
    try {
      const record = buildRoundRecord({ side: "target", index: 0, pair: 0 }, result, result.startedAtMs);
      expect(Object.keys(record.stats)).toEqual(["latency", "ttfb", "body", "connect"]);
      expect(record.stats.ttfb?.count).toBe(100);
      expect(Math.abs((record.stats.ttfb?.p95 ?? 0) - 95)).toBeLessThanOrEqual(0.1);
      expect(record.stats.connect?.count).toBe(2);
    } finally {
      for (const h of [result.latency, result.latencyUncorrected, result.queueTime, result.latencyFailed])
        h.destroy();
      for (const h of [result.ttfb, result.body, result.connect]) h?.destroy();
    }
  });

  it("adds the stream families and the round's output tokens when the round streamed", async () => {
    const result = await makeResult({
      latencyMs: range(100, 109),
      stream: {
        ttfbMs: range(1, 10),
        ttftMs: range(20, 29),
        itlMs: range(1, 40),
        tpotMs: range(5, 14),
        outputTokens: new Array(10).fill(4),
        promptTokens: [],
        requestOutputTps: range(30, 39),
        requestsWithUsage: 10,
        requestsEstimated: 0,
      },
    });
    try {
      const record = buildRoundRecord({ side: "target", index: 0, pair: 0 }, result, result.startedAtMs);
      expect(Object.keys(record.stats).sort()).toEqual(
        ["itl", "latency", "output_tokens", "request_output_tps", "tpot", "ttfb", "ttft"].sort(),
      );
      expect(record.stats.output_tokens?.p50).toBe(4);
      expect(record.stats.ttft?.count).toBe(10);
      expect(record.output_tokens).toBe(40);
    } finally {
      for (const h of [result.latency, result.latencyUncorrected, result.queueTime, result.latencyFailed])
        h.destroy();
      destroyStreamResult(result.stream);
    }
  });
});

describe("report schema: side_by_side and rounds", () => {
  it("reads a side-by-side report back as it was written", async () => {
    const report = await sideBySideReport();
    const data = JSON.parse(JSON.stringify(report)) as unknown;
    expect(checkReport(data, "r.json")).toEqual(report);
  });

  it("refuses a round with an unknown side, naming the field", async () => {
    const report = await sideBySideReport();
    const round = report.scenarios[0]?.rounds?.[0] as RoundRecord;
    const bad = { ...report, scenarios: [{ ...report.scenarios[0], rounds: [{ ...round, side: "c" }] }] };
    expect(checkReport(bad, "r.json")).toMatch(/^r\.json: scenarios\[0\]\.rounds\[0\]\.side: /);
  });

  it("refuses more rounds than any budget can ask for", async () => {
    const report = await sideBySideReport();
    const round = report.scenarios[0]?.rounds?.[0] as RoundRecord;
    const rounds = new Array<RoundRecord>(MAX_ROUNDS + 1).fill(round);
    const bad = { ...report, scenarios: [{ ...report.scenarios[0], rounds }] };
    expect(checkReport(bad, "r.json")).toContain(`scenarios[0].rounds: has more than ${MAX_ROUNDS} rounds`);
  });

  it("refuses a baseline side that is not a scenario", async () => {
    const report = await sideBySideReport();
    const bad = { ...report, side_by_side: { baseline_target: "http://h", scenarios: [{ name: "x" }] } };
    expect(checkReport(bad, "r.json")).toMatch(/side_by_side\.scenarios\[0\]/);
  });
});
