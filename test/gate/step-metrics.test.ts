import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { compareScenario } from "../../src/gate/compare-scenario.js";
import { evaluateThresholds } from "../../src/gate/evaluate-thresholds.js";
import { type MeasuredScenario, metricValue } from "../../src/gate/metric-value.js";
import { buildScenarioReport } from "../../src/report/build-report.js";
import { makeResult, makeScenario, threshold, withinHdr } from "../report/fixtures.js";
import { makeStepReport, STEP_CHECKS } from "../report/step-fixtures.js";
import { rule } from "./gate-fixtures.js";

// Known values (see step-fixtures.ts): upload p95 95 ms, read p95 188 ms, iterations p95 282 ms.
let flow: MeasuredScenario;
let plain: MeasuredScenario;
beforeAll(async () => {
  flow = await makeStepReport();
  plain = buildScenarioReport(await makeResult({ latencyMs: [5, 6] }), makeScenario(), "http://x/v1/chat");
});

describe("metricValue of step, iteration and check metrics", () => {
  it.each([
    ["steps.upload.latency.p95", 95],
    ["steps.read.latency.p95", 188],
    ["steps.read.latency.max", 196],
    ["steps.read.latency_failed.p50", 0.5],
    ["iteration.p95", 282],
    ["iteration.min", 3],
  ])("%s reads the step's (or the iterations') known value %f ms", (metric, expected) => {
    const actual = metricValue(flow, metric);
    expect(withinHdr(actual, expected), `${metric}: ${actual}`).toBe(true);
  });

  it.each([
    ["steps.upload.requests.ok", 100],
    ["steps.read.requests.failed", 2],
    ["steps.read.error_rate", 2 / 100],
    // 100 responses of the read step in the 10 s window.
    ["steps.read.rps", 10],
    ["checks.upload_status.pass_rate", 1],
    ["checks.read_body.pass_rate", 95 / 98],
  ])("%s is %f", (metric, expected) => {
    expect(metricValue(flow, metric)).toBe(expected);
  });

  it("is null for a step the report does not have, and iteration.* without steps", () => {
    expect(metricValue(flow, "steps.delete.latency.p95")).toBeNull();
    expect(metricValue(plain, "steps.read.latency.p95")).toBeNull();
    expect(metricValue(plain, "iteration.p95")).toBeNull();
  });

  it("is null for a check evaluated on no response (the report stores 1) and for an absent check", () => {
    expect(flow.response_checks?.find((c) => c.name === "idle")?.pass_rate).toBe(1);
    expect(metricValue(flow, "checks.idle.pass_rate")).toBeNull();
    expect(metricValue(flow, "checks.absent.pass_rate")).toBeNull();
    expect(metricValue(plain, "checks.status.pass_rate")).toBeNull();
  });

  it("throws InputError for an unknown metric of a step or check", () => {
    expect(() => metricValue(flow, "steps.read.latency.p42")).toThrow(InputError);
    expect(() => metricValue(flow, "checks.read_body.fail_rate")).toThrow(InputError);
  });
});

describe("thresholds on step and check metrics", () => {
  it("fails steps.read.latency.p95 <= 150ms against the known 188 ms and passes <= 200ms", () => {
    const [tight, loose] = evaluateThresholds(flow, [
      threshold("steps.read.latency.p95", "<=", 150, "150ms"),
      threshold("steps.read.latency.p95", "<=", 200, "200ms"),
    ]);
    expect(tight?.pass).toBe(false);
    expect(withinHdr(tight?.actual ?? null, 188)).toBe(true);
    expect(loose?.pass).toBe(true);
  });

  it("gates iteration.p95 on the iterations' latency, not a step's", () => {
    const [check] = evaluateThresholds(flow, [threshold("iteration.p95", "<=", 250, "250ms")]);
    expect(check?.pass).toBe(false);
    expect(withinHdr(check?.actual ?? null, 282)).toBe(true);
  });

  it("fails a pass rate below its limit, and a check with no evaluated response (no data)", () => {
    const checks = evaluateThresholds(flow, [
      threshold("checks.read_body.pass_rate", ">=", 0.99, "99%"),
      threshold("checks.upload_status.pass_rate", ">=", 0.99, "99%"),
      threshold("checks.idle.pass_rate", ">=", 0.5, "50%"),
    ]);
    expect(checks.map((c) => c.pass)).toEqual([false, true, false]);
    expect(checks[2]?.actual).toBeNull();
  });
});

describe("regression rules on step and check metrics", () => {
  it("detects a +50 % read step between two reports built from known histograms", async () => {
    const base = await makeStepReport();
    const head = await makeStepReport({ readScale: 1.5 });
    const [check] = compareScenario(head, base, [
      rule("steps.read.latency.p95", { maxRelative: 0.1 }),
    ]).checks;
    expect(check?.status).toBe("regression");
    expect(check?.method).toBe("bootstrap");
    expect(withinHdr(check?.baseline ?? null, 188)).toBe(true);
    expect(withinHdr(check?.actual ?? null, 282)).toBe(true);
    expect(check?.interval?.low).toBeGreaterThan(0);
  });

  it("passes on identical reports, and a slower read step leaves the upload step's rule passing", async () => {
    const base = await makeStepReport();
    const same = await makeStepReport();
    const slowerRead = await makeStepReport({ readScale: 1.5 });
    const rules = [rule("steps.read.latency.p95", { maxRelative: 0.1 })];
    expect(compareScenario(same, base, rules).checks[0]?.status).toBe("pass");
    const upload = compareScenario(slowerRead, base, [
      rule("steps.upload.latency.p95", { maxRelative: 0.1 }),
    ]);
    expect(upload.checks[0]?.status).toBe("pass");
  });

  it("compares a step metric on sampling noise when side-by-side rounds cannot hold it", async () => {
    const base = await makeStepReport();
    const head = await makeStepReport({ readScale: 1.5 });
    const noise = { kind: "paired" as const, rounds: [] };
    const [check] = compareScenario(
      head,
      base,
      [rule("steps.read.latency.p95", { maxRelative: 0.1 })],
      {},
      noise,
    ).checks;
    expect(check?.method).toBe("bootstrap");
    expect(check?.status).toBe("regression");
  });

  it("widens a step metric's interval by the history window's run-to-run spread", async () => {
    const base = await makeStepReport();
    const older = await makeStepReport({ readScale: 1.02 });
    const head = await makeStepReport({ readScale: 1.5 });
    const noise = { kind: "history" as const, window: [base, older] };
    const [check] = compareScenario(
      head,
      base,
      [rule("steps.read.latency.p95", { maxRelative: 0.1 })],
      {},
      noise,
    ).checks;
    expect(check?.method).toBe("run_to_run");
  });

  it("detects a pass-rate drop of a check with the proportion interval", async () => {
    const base = await makeStepReport();
    const worse = STEP_CHECKS.map((c) => (c.name === "read_body" ? { ...c, failed: 30 } : c));
    const head = await makeStepReport({ checks: worse });
    const rules = [rule("checks.read_body.pass_rate", { maxAbsolute: 0.1 })];
    const [drop] = compareScenario(head, base, rules).checks;
    expect(drop?.status).toBe("regression");
    expect(drop?.change).toBeCloseTo(-27 / 98, 12);
    expect(drop?.interval?.high).toBeLessThan(0);
    expect(compareScenario(await makeStepReport(), base, rules).checks[0]?.status).toBe("pass");
  });

  it("does not compare a step the baseline lacks, or a step sent to another path", async () => {
    const head = await makeStepReport();
    const noRead = { ...head, steps: head.steps?.slice(0, 1) };
    const [missing] = compareScenario(head, noRead, [
      rule("steps.read.latency.p95", { maxRelative: 0.1 }),
    ]).checks;
    expect(missing?.status).toBe("not_compared");
    // Other steps make other iterations: the whole scenario is not comparable (see below).
    expect(missing?.note).toBe("not compared: the baseline ran a different load");
    const moved = {
      ...head,
      steps: head.steps?.map((s) =>
        s.name === "read" ? { ...s, request: { ...s.request, url: "http://127.0.0.1:1/v2/items/x" } } : s,
      ),
    };
    const [path] = compareScenario(head, moved, [
      rule("steps.read.latency.p95", { maxRelative: 0.1 }),
    ]).checks;
    expect(path?.note).toMatch(/^not compared: step read's path differs/);
  });

  it("does not gate a scenario whose baseline iterations ran other steps", async () => {
    const head = await makeStepReport();
    const fewer = { ...head, steps: head.steps?.slice(0, 1) };
    const comparison = compareScenario(head, fewer, [rule("iteration.p95", { maxRelative: 0.1 })]);
    expect(comparison.comparable).toBe(false);
    expect(comparison.reasons).toEqual(["steps differs: baseline upload, this run upload → read"]);
  });

  it("compares iteration.p95 as the scenario's latency.p95", async () => {
    const base = await makeStepReport();
    const [iteration] = compareScenario(base, base, [rule("iteration.p95", { maxRelative: 0.1 })]).checks;
    expect(iteration?.status).toBe("pass");
    expect(withinHdr(iteration?.actual ?? null, 282)).toBe(true);
    const [none] = compareScenario(plain, plain, [rule("iteration.p95", { maxRelative: 0.1 })]).checks;
    expect(none?.status).toBe("not_compared");
  });
});
