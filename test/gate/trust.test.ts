import { beforeAll, describe, expect, it } from "vitest";
import { evaluateGate } from "../../src/gate/evaluate-gate.js";
import { assessTrust } from "../../src/gate/trust.js";
import type { GateInput } from "../../src/gate/types.js";
import { buildScenarioReport } from "../../src/report/build-report.js";
import type { MeasuredScenario } from "../../src/report/types.js";
import { makeResult, makeScenario, type ResultSpec, threshold } from "../report/fixtures.js";
import { reportOf } from "./gate-fixtures.js";

const URL_ = "http://127.0.0.1:8080/v1/items";

async function measured(
  spec: ResultSpec,
  load: Parameters<typeof makeScenario>[1] = {},
): Promise<MeasuredScenario> {
  return buildScenarioReport(await makeResult(spec), makeScenario([], load), URL_);
}

let nothingListening: MeasuredScenario;
let all404: MeasuredScenario;
let queueFull: MeasuredScenario;
let healthy: MeasuredScenario;
beforeAll(async () => {
  // What a run against a closed port records: every request a connect error, no response at all.
  nothingListening = await measured({
    requests: { total: 61_201, ok: 0, failed: 61_201 },
    errors: { connect: 61_201 },
    errorSamples: [{ kind: "connect", message: "connect ECONNREFUSED 127.0.0.1:8080", code: "ECONNREFUSED" }],
    window: { responses: 0, ok: 0 },
  });
  all404 = await measured({
    requests: { total: 36_908, ok: 0, failed: 36_908 },
    errors: { http_4xx: 36_908 },
    status: { "404": 36_908 },
  });
  // 500/s asked of 10 connections on a 100 ms server: at most 100/s can start.
  queueFull = await measured(
    {
      model: "open",
      latencyMs: Array(1000).fill(100),
      measuredDurationMs: 10_000,
      requests: {
        total: 1000,
        ok: 1000,
        dropped: 4000,
        droppedQueueFull: 3000,
        droppedAtEnd: 1000,
        due: 5000,
      },
    },
    { ratePerSec: 500, connections: 10 },
  );
  healthy = await measured(
    { model: "open", latencyMs: Array(1000).fill(5), measuredDurationMs: 10_000, requests: { due: 1000 } },
    { ratePerSec: 100 },
  );
});

describe("assessTrust", () => {
  it("nothing listening on the port is untrusted: 'nothing answered at …' with the errno", () => {
    expect(assessTrust(nothingListening)).toEqual({
      trusted: false,
      reasons: [`nothing answered at ${URL_}: 61,201 connection errors (ECONNREFUSED)`],
      policy: "fail",
    });
  });

  it("every response a 404 is untrusted: no ok response", () => {
    expect(assessTrust(all404).reasons).toEqual([
      `no ok response from ${URL_}: all 36,908 responses failed (404 ×36,908); check the path, the method and expect_status`,
    ]);
  });

  it("dropped arrivals are untrusted, each cause named: the queue was full vs still queued at the end", () => {
    expect(assessTrust(queueFull).reasons).toEqual([
      "3,000 of 5,000 due arrivals were dropped because every connection was busy and the client queue was full: raise connections (10) or lower rate (500/s)",
      "1,000 of 5,000 due arrivals were still waiting for a free connection when the phase ended: raise connections (10) or lower rate (500/s)",
    ]);
  });

  it("an arrival rate below 95 % of the rate is untrusted even without drops", async () => {
    const slow = await measured(
      { model: "open", latencyMs: Array(1021).fill(5), measuredDurationMs: 5_000, requests: { due: 1021 } },
      { ratePerSec: 500, connections: 10 },
    );
    expect(assessTrust(slow).reasons).toEqual([
      "the generator could only start 1,021 of 2,500 due requests (40.8 %): raise connections (10) or lower rate (500/s)",
    ]);
  });

  it("a lagging generator is untrusted", async () => {
    const lagged = await measured({ latencyMs: [5, 5, 5], lagged: true });
    expect(assessTrust(lagged).reasons[0]).toMatch(
      /^the generator lagged \(event-loop delay p99 95\.5 ms, max 180\.0 ms\)/,
    );
  });

  it("a healthy run is trusted, and the budget's policy is recorded", async () => {
    expect(assessTrust(healthy)).toEqual({ trusted: true, reasons: [], policy: "fail" });
    const warn = await measured({ requests: { ok: 0 } }, { untrusted: "warn" });
    expect(assessTrust(warn).policy).toBe("warn");
  });
});

function gateOf(scenarios: readonly MeasuredScenario[], failOn: GateInput["failOn"] = "any", rpsLimit = 200) {
  const head = reportOf(
    scenarios.map((s) => ({
      ...s,
      checks: [],
      verdict: "pass" as const,
      thresholds_verdict: "pass" as const,
      trust: { trusted: true, reasons: [], policy: "fail" as const },
    })),
  );
  return evaluateGate({
    head,
    thresholds: new Map([["chat", [threshold("rps", ">=", rpsLimit, `>= ${rpsLimit}`)]]]),
    baseline: null,
    baselineSource: null,
    rules: new Map(),
    failOn,
  });
}

describe("the gate on a run that could not load the target", () => {
  it("nothing listening: untrusted, never a pass, with the reason as the verdict's line", () => {
    const gate = gateOf([nothingListening]);
    expect(gate.verdict).toBe("untrusted");
    expect(gate.reason).toBe(
      `"chat" is untrusted: nothing answered at ${URL_}: 61,201 connection errors (ECONNREFUSED)`,
    );
    expect(gate.untrustedScenarios).toBe(1);
  });

  it("every response a 404: rps >= 200 holds (responses count), and the run is still untrusted, not PASS", () => {
    const gate = gateOf([all404]);
    expect(gate.scenarios[0]?.thresholds[0]?.pass).toBe(true);
    expect(gate.thresholdsVerdict).toBe("pass");
    expect(gate.verdict).toBe("untrusted");
  });

  it("80 % of arrivals dropped: untrusted (exit 1), not PASS", () => {
    expect(gateOf([queueFull]).verdict).toBe("untrusted");
  });

  it("untrusted: warn downgrades it to a warning", async () => {
    const warned = { ...queueFull, load: { ...queueFull.load, untrusted: "warn" as const } };
    const gate = gateOf([warned], "any", 50);
    expect(gate.scenarios[0]?.verdict).toBe("pass");
    expect(gate.verdict).toBe("pass");
    expect(gate.warnings[0]).toMatch(
      /^scenario "chat" untrusted \(untrusted: warn\): 3,000 of 5,000 due arrivals/,
    );
  });

  it("untrusted outranks a failed threshold: the reason says what to fix first", () => {
    const gate = gateOf([{ ...nothingListening }]);
    expect(gate.failedChecks).toBe(1);
    expect(gate.verdict).toBe("untrusted");
  });
});

describe("assessTrust on a load shape (load.stages)", () => {
  it("a ramp 0 → 100/s over 10 s that started every due arrival (500) is trusted: asked is the curve's 500, not peak × duration", async () => {
    const ramp = await measured(
      { model: "open", latencyMs: Array(500).fill(5), measuredDurationMs: 10_000, requests: { due: 500 } },
      { ratePerSec: 100, connections: 10, stages: [{ name: "up", durationMs: 10_000, ratePerSec: 100 }] },
    );
    const report: MeasuredScenario = {
      ...ramp,
      stages: [
        { planned: { duration_ms: 10_000, rate: 100 } } as NonNullable<MeasuredScenario["stages"]>[number],
      ],
    };
    expect(assessTrust(report)).toEqual({ trusted: true, reasons: [], policy: "fail" });
  });

  it("a ramp 60 → 100/s (start_rate 60) over 10 s asks for its curve's 800, not the 500 of a ramp from 0", async () => {
    const ramp = await measured(
      { model: "open", latencyMs: Array(600).fill(5), measuredDurationMs: 10_000, requests: { due: 600 } },
      {
        ratePerSec: 100,
        connections: 10,
        startRatePerSec: 60,
        stages: [{ name: "up", durationMs: 10_000, ratePerSec: 100 }],
      },
    );
    expect(ramp.load.start_rate).toBe(60);
    const report: MeasuredScenario = {
      ...ramp,
      stages: [
        { planned: { duration_ms: 10_000, rate: 100 } } as NonNullable<MeasuredScenario["stages"]>[number],
      ],
    };
    expect(assessTrust(report).reasons).toEqual([
      "the generator could only start 600 of 800 due requests (75.0 %): raise connections (10) or lower rate (100/s)",
    ]);
  });

  it("a ramp that started only 200 of its 500 planned arrivals is still untrusted", async () => {
    const ramp = await measured(
      { model: "open", latencyMs: Array(200).fill(5), measuredDurationMs: 10_000, requests: { due: 200 } },
      { ratePerSec: 100, connections: 10, stages: [{ name: "up", durationMs: 10_000, ratePerSec: 100 }] },
    );
    const report: MeasuredScenario = {
      ...ramp,
      stages: [
        { planned: { duration_ms: 10_000, rate: 100 } } as NonNullable<MeasuredScenario["stages"]>[number],
      ],
    };
    expect(assessTrust(report).reasons).toEqual([
      "the generator could only start 200 of 500 due requests (40.0 %): raise connections (10) or lower rate (100/s)",
    ]);
  });
});
