import { beforeAll, describe, expect, it } from "vitest";
import { evaluateThresholds } from "../../src/gate/evaluate-thresholds.js";
import { noDataReason } from "../../src/gate/no-data-reason.js";
import { buildScenarioReport } from "../../src/report/build-report.js";
import type { MeasuredScenario } from "../../src/report/types.js";
import { makeResult, makeScenario, threshold } from "../report/fixtures.js";

let http: MeasuredScenario;
let https: MeasuredScenario;
let failed: MeasuredScenario;
let old: MeasuredScenario;

beforeAll(async () => {
  const phased = { ttfbMs: [5], bodyMs: [2], connectMs: [0.3] };
  http = buildScenarioReport(
    await makeResult({ latencyMs: [7], phases: phased }),
    makeScenario(),
    "http://a/",
  );
  // Every connection attempt failed: no connect sample, no TLS connection, no ok response.
  failed = buildScenarioReport(
    await makeResult({ failedMs: [1], phases: { ttfbMs: [], bodyMs: [], connectMs: [] } }),
    makeScenario(),
    "https://a/",
  );
  https = buildScenarioReport(
    await makeResult({ latencyMs: [7], phases: { ...phased, tlsMs: [2] } }),
    makeScenario(),
    "https://a/",
  );
  old = buildScenarioReport(await makeResult({ latencyMs: [7] }), makeScenario(), "http://a/");
});

describe("noDataReason", () => {
  it.each([
    ["tls.p95 on an http target", () => http, "tls.p95", "an http target has no TLS handshake"],
    ["tls.p95 when no connection opened", () => failed, "tls.p95", "no TLS connection was opened"],
    ["connect.p95 when no connection opened", () => failed, "connect.p95", "no connection was opened"],
    ["ttfb.p50 with no ok request", () => failed, "ttfb.p50", "no request completed ok"],
    ["body.p50 in an older report", () => old, "body.p50", "the report predates body timings"],
  ] as const)("%s", (_what, report, metric, reason) => {
    expect(noDataReason(report(), metric)).toBe(reason);
  });

  it("is null for metrics whose no data needs no words (latency of no ok request, ttft without a stream)", () => {
    expect(noDataReason(failed, "latency.p95")).toBeNull();
    expect(noDataReason(http, "ttft.p95")).toBeNull();
  });
});

describe("a phase threshold with no data", () => {
  it("fails and says why in one line; with data it is judged on the value", () => {
    const [tls, connect] = evaluateThresholds(http, [
      threshold("tls.p95", "<=", 1000, "1s"),
      threshold("connect.p95", "<=", 1000, "1s"),
    ]);
    expect(tls).toMatchObject({
      actual: null,
      pass: false,
      no_data: expect.stringContaining("http target"),
    });
    expect(connect).toMatchObject({ pass: true });
    expect(connect).not.toHaveProperty("no_data");
    expect(evaluateThresholds(https, [threshold("tls.p95", "<=", 1, "1ms")])[0]).toMatchObject({
      pass: false,
    });
    expect(evaluateThresholds(https, [threshold("tls.p95", "<=", 1, "1ms")])[0]?.actual).toBeCloseTo(2, 1);
  });
});
