/**
 * A load shape's timeline marks (`stage`, `latency_p50/p95/p99`) read back through the report
 * schema: kept when valid, refused with their path when not.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildReport, buildScenarioReport } from "../../src/report/build-report.js";
import type { Report } from "../../src/report/types.js";
import { checkReport } from "../../src/report/write-report.js";
import { judged, makeResult, makeScenario, range, threshold } from "./fixtures.js";

let report: Report;
beforeAll(async () => {
  const scenario = makeScenario([threshold("latency.p95", "<=", 500, "500ms")], { ratePerSec: 20 });
  const result = await makeResult({
    latencyMs: range(1, 100),
    timeline: [
      { t: 0, ok: 60, errors: 0, stage: "up", latencyP50Ms: 30, latencyP95Ms: 57, latencyP99Ms: 60.5 },
      { t: 1, ok: 40, errors: 0, stage: "spike" },
    ],
  });
  report = judged(
    buildReport({
      budget: { version: 1, file: "b.yml", target: "http://127.0.0.1:1", scenarios: [], secrets: [] },
      scenarios: [buildScenarioReport(result, scenario, "http://127.0.0.1:1/")],
      startedAt: new Date(0),
      finishedAt: new Date(1000),
      incomplete: false,
      toolVersion: "0.1.0",
    }),
    new Map([["chat", scenario.thresholds]]),
  );
});

/** The report with its first timeline point's fields replaced by `point`'s. */
function withPoint(point: Record<string, unknown>): unknown {
  const s = report.scenarios[0];
  const [first, ...rest] = s?.timeline ?? [];
  return { ...report, scenarios: [{ ...s, timeline: [{ ...first, ...point }, ...rest] }] };
}

describe("the timeline marks of a load shape in report.json", () => {
  it("are written in the report's words and read back as written", () => {
    expect(report.scenarios[0]?.timeline).toEqual([
      { t: 0, ok: 60, errors: 0, stage: "up", latency_p50: 30, latency_p95: 57, latency_p99: 60.5 },
      { t: 1, ok: 40, errors: 0, stage: "spike" },
    ]);
    const back = checkReport(JSON.parse(JSON.stringify(report)), "r.json");
    expect(typeof back === "string" ? back : back.scenarios[0]?.timeline[0]).toMatchObject({
      stage: "up",
      latency_p99: 60.5,
    });
  });

  it.each([
    ["a negative latency_p95", { latency_p95: -1 }, /timeline\[0\]\.latency_p95/],
    ["a stage that is not a name", { stage: 3 }, /timeline\[0\]\.stage/],
  ])("%s is refused with its path", (_what, point, path) => {
    const problem = checkReport(withPoint(point), "r.json");
    expect(typeof problem).toBe("string");
    expect(problem).toMatch(path);
  });
});
