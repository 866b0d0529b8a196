import type { Budget } from "../../src/budget/types.js";
import { buildReport, buildScenarioReport } from "../../src/report/build-report.js";
import type { Report } from "../../src/report/types.js";
import { makeResult, makeScenario, range, threshold } from "../report/fixtures.js";

/**
 * A report with known numbers for the renderer tests: an open-model scenario "chat" with latency
 * 10..1000 ms step 10 (p95 ≈ 950 ms), 100 ok + 2 failed in 4 s and three thresholds (latency.p95
 * fails), then a closed-model scenario "health" (2.5 ms flat) whose one threshold passes.
 */
export async function sampleReport(
  options: { lagged?: boolean; dropped?: number; incomplete?: boolean } = {},
) {
  const chat = buildScenarioReport(
    await makeResult({
      model: "open",
      latencyMs: range(10, 1000, 10),
      uncorrectedMs: range(1, 100),
      queueMs: range(1, 50),
      failedMs: [3000, 3000],
      measuredDurationMs: options.incomplete ? 2_500 : 4_000,
      incomplete: options.incomplete ?? false,
      requests: { dropped: options.dropped ?? 0 },
      errors: { http_5xx: 1, timeout: 1 },
      status: { "200": 100, "503": 1 },
      bytesReceived: 4 * 1024 * 1024,
      bytesSent: 4096,
      lagged: options.lagged ?? false,
    }),
    makeScenario(
      [
        threshold("latency.p95", "<=", 500, "500ms", 14),
        threshold("error_rate", "<=", 0.05, "5%", 15),
        threshold("rps", ">=", 20, ">= 20", 16),
      ],
      { ratePerSec: 25, connections: 8, durationMs: 4_000 },
    ),
    "http://127.0.0.1:8080/v1/chat",
  );
  const health = buildScenarioReport(
    await makeResult({ latencyMs: Array(40).fill(2.5), measuredDurationMs: 4_000 }),
    { ...makeScenario([threshold("latency.p99", "<=", 50, "50ms", 22)]), name: "health" },
    "http://127.0.0.1:8080/health",
  );
  const budget: Budget = {
    version: 1,
    file: "perf-budget.yml",
    target: "http://127.0.0.1:8080",
    scenarios: [],
    secrets: [],
  };
  const report: Report = buildReport({
    budget,
    scenarios: [chat, health],
    startedAt: new Date(0),
    finishedAt: new Date(8000),
    incomplete: options.incomplete ?? false,
    toolVersion: "0.1.0",
  });
  return report;
}
