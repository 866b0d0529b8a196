/**
 * Report files for the `compare` and `run --baseline` tests: real reports built from histograms
 * with known values (no load), written where the CLI reads them.
 */
import { join } from "node:path";
import type { Budget } from "../../src/budget/types.js";
import { buildReport, buildScenarioReport } from "../../src/report/build-report.js";
import type { Report } from "../../src/report/types.js";
import { writeReport } from "../../src/report/write-report.js";
import { judged, makeResult, makeScenario, range, threshold } from "../report/fixtures.js";

/**
 * Writes a report of one closed-model scenario "chat" whose latencies are `latencyMs` (1001
 * values), with a `latency.p95 <= limitMs` threshold, and returns its path.
 */
export async function writeChatReport(
  dir: string,
  name: string,
  latencyMs: readonly number[],
  limitMs = 100,
): Promise<string> {
  const budget: Budget = {
    version: 1,
    file: "perf-budget.yml",
    target: "http://127.0.0.1:9",
    scenarios: [],
    secrets: [],
  };
  const thresholds = [threshold("latency.p95", "<=", limitMs, `${limitMs}ms`, 7)];
  const chat = buildScenarioReport(
    await makeResult({ latencyMs, measuredDurationMs: 10_000 }),
    makeScenario(thresholds, { durationMs: 10_000 }),
    "http://127.0.0.1:9/v1/chat",
  );
  const report: Report = judged(
    buildReport({
      budget,
      scenarios: [chat],
      startedAt: new Date(0),
      finishedAt: new Date(10_000),
      incomplete: false,
      toolVersion: "0.1.0",
    }),
    new Map([["chat", thresholds]]),
  );
  const path = join(dir, name);
  await writeReport(path, report, []);
  return path;
}

/** 10..30 ms, p95 ≈ 29 ms; scaled by `factor`. */
export function latencies(factor = 1): number[] {
  return range(10, 30, 0.02).map((ms) => ms * factor);
}
