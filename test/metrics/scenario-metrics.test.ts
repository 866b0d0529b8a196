import { describe, expect, it } from "vitest";
import { findMetric, isTokenMetric, METRIC_CATALOGUE } from "../../src/metrics/catalogue.js";
import { parseMetricScope } from "../../src/metrics/metric-scope.js";
import {
  describeScenarioMetricNames,
  findScenarioMetric,
  type MetricScopeInfo,
  metricScopeOf,
  scenarioMetricNames,
} from "../../src/metrics/scenario-metrics.js";
import { makeStepScenario } from "../report/step-fixtures.js";

const FLOW: MetricScopeInfo = {
  steps: [
    { name: "upload", streamed: false },
    { name: "chat", streamed: true },
  ],
  checks: ["upload_status", "chat_stream"],
  streamed: false,
  slo: false,
  multiStep: true,
};

const SINGLE: MetricScopeInfo = {
  steps: [],
  checks: ["status"],
  streamed: false,
  slo: false,
  multiStep: false,
};

function problemOf(name: string, scope: MetricScopeInfo = FLOW): string {
  const found = findScenarioMetric(name, scope);
  if (!("problem" in found)) throw new Error(`${name} was accepted`);
  return found.problem;
}

describe("parseMetricScope", () => {
  it.each([
    ["latency.p95", { kind: "scenario", metric: "latency.p95" }],
    ["steps.read.latency.p95", { kind: "step", step: "read", metric: "latency.p95" }],
    ["steps.read.error_rate", { kind: "step", step: "read", metric: "error_rate" }],
    ["iteration.p95", { kind: "iteration", stat: "p95", metric: "latency.p95" }],
    ["checks.body_2.pass_rate", { kind: "check", check: "body_2", field: "pass_rate" }],
    ["steps.read", { kind: "scenario", metric: "steps.read" }],
    ["iteration.", { kind: "scenario", metric: "iteration." }],
  ])("%s", (name, expected) => {
    expect(parseMetricScope(name)).toEqual(expected);
  });

  it("splits a step name holding a dot by the known step names", () => {
    expect(parseMetricScope("steps.v1.read.latency.p95", ["v1.read"])).toEqual({
      kind: "step",
      step: "v1.read",
      metric: "latency.p95",
    });
  });
});

describe("findMetric of scoped names", () => {
  it("gives the pointed-at metric's unit and direction under the full name, without requires", () => {
    expect(findMetric("steps.chat.ttft.p95")).toMatchObject({
      name: "steps.chat.ttft.p95",
      unit: "duration",
      better: "lower",
    });
    expect(findMetric("steps.chat.ttft.p95")?.requires).toBeUndefined();
    expect(findMetric("iteration.p99")).toMatchObject({ name: "iteration.p99", unit: "duration" });
    expect(findMetric("checks.body.pass_rate")).toMatchObject({ unit: "fraction", better: "higher" });
    expect(findMetric("steps.read.rps")).toMatchObject({ unit: "per_sec", better: "higher" });
  });

  it("keeps plain names as they were", () => {
    for (const def of METRIC_CATALOGUE) expect(findMetric(def.name)).toBe(def);
    expect(findMetric("latency.p42")).toBeUndefined();
    expect(findMetric("checks.body.fail_rate")).toBeUndefined();
    expect(findMetric("iteration.p42")).toBeUndefined();
  });

  it("counts a step's token metric in tokens", () => {
    expect(isTokenMetric("steps.chat.output_tps")).toBe(true);
    expect(isTokenMetric("steps.chat.latency.p95")).toBe(false);
  });
});

describe("findScenarioMetric", () => {
  it.each([
    "latency.p95",
    "error_rate",
    "iteration.p95",
    "iteration.max",
    "steps.upload.latency.p95",
    "steps.upload.error_rate",
    "steps.upload.requests.failed",
    "steps.chat.ttft.p95",
    "steps.chat.output_tps",
    "checks.upload_status.pass_rate",
  ])("accepts %s in a multi-step scenario", (name) => {
    const found = findScenarioMetric(name, FLOW);
    expect("problem" in found ? found.problem : found.name).toBe(name);
  });

  it("gives pass_rate a fraction that must be written >=", () => {
    expect(findScenarioMetric("checks.status.pass_rate", SINGLE)).toMatchObject({
      unit: "fraction",
      better: "higher",
    });
  });

  it.each([
    [
      "steps.uplaod.latency.p95",
      'no step "uplaod" in this scenario (steps: upload, chat); did you mean steps.upload.latency.p95?',
    ],
    [
      "steps.upload.latnecy.p95",
      'unknown metric "latnecy.p95" for step upload; did you mean steps.upload.latency.p95?',
    ],
    [
      "steps.upload.ttft.p95",
      "steps.upload.ttft.p95 needs step upload to stream: set request.stream: openai (or sse) in that step",
    ],
    [
      "steps.upload.requests.dropped",
      "steps.upload.requests.dropped: a step has no requests.dropped (it is the whole scenario's)",
    ],
    [
      "iteration.p59",
      "iteration.p59 is not a statistic of the iterations: use iteration.<stat> with stat one of min, mean, stdev, p50, p90, p95, p99, p999, max; did you mean iteration.p95?",
    ],
    [
      "checks.upload_stats.pass_rate",
      'no response check "upload_stats" in this scenario (checks: upload_status, chat_stream); did you mean checks.upload_status.pass_rate?',
    ],
    [
      "checks.upload_status.passrate",
      'a response check has one metric, pass_rate, not "passrate"; did you mean checks.upload_status.pass_rate?',
    ],
    ["ttft.p95", "ttft.p95 needs a streamed response: set request.stream: openai (or sse) in this scenario"],
    ["latncy.p95", 'unknown metric "latncy.p95"; did you mean latency.p95?'],
  ])("rejects %s: %s", (name, message) => {
    expect(problemOf(name)).toBe(message);
  });

  it("rejects step and iteration names in a single-request scenario", () => {
    expect(problemOf("iteration.p95", SINGLE)).toBe(
      "iteration.p95 exists only in a multi-step scenario (steps:); here the requests' latency is latency.p95",
    );
    expect(problemOf("steps.read.latency.p95", SINGLE)).toMatch(
      /^steps.read.latency.p95 names a step, but this scenario has one request/,
    );
  });

  it("limits every form to the allowed plain metrics (regression rules take fewer)", () => {
    const allowed = METRIC_CATALOGUE.filter((d) => d.name === "latency.p95" || d.name === "error_rate");
    expect("problem" in findScenarioMetric("steps.upload.latency.p95", FLOW, allowed)).toBe(false);
    expect("problem" in findScenarioMetric("steps.upload.latency.max", FLOW, allowed)).toBe(true);
    expect("problem" in findScenarioMetric("iteration.p95", FLOW, allowed)).toBe(false);
    expect(findScenarioMetric("iteration.max", FLOW, allowed)).toEqual({
      problem: "iteration.max: latency.max is not one of the metrics allowed here",
    });
    expect(findScenarioMetric("steps.upload.rps", FLOW, allowed)).toEqual({
      problem: "steps.upload.rps: rps is not one of the metrics allowed here",
    });
    expect(findScenarioMetric("rps", FLOW, allowed)).toEqual({
      problem: "rps is not one of the metrics allowed here",
    });
    expect(scenarioMetricNames(FLOW, allowed)).toEqual([
      "latency.p95",
      "error_rate",
      "iteration.p95",
      "steps.upload.latency.p95",
      "steps.upload.error_rate",
      "steps.chat.latency.p95",
      "steps.chat.error_rate",
      "checks.upload_status.pass_rate",
      "checks.chat_stream.pass_rate",
    ]);
  });

  it("lists the scoped forms for messages", () => {
    expect(describeScenarioMetricNames(FLOW)).toBe(
      "steps.<step>.<metric> (step: upload, chat), iteration.<stat> (stat: min, mean, stdev, p50, p90, p95, p99, p999, max), checks.<check>.pass_rate (check: upload_status, chat_stream)",
    );
    expect(describeScenarioMetricNames({ ...SINGLE, checks: [] })).toBe("");
  });
});

describe("metricScopeOf", () => {
  it("reads steps, their streams and every step's checks from a typed scenario", () => {
    const scenario = makeStepScenario();
    const [upload, read] = scenario.steps ?? [];
    const check = (name: string) => ({
      name,
      rule: { kind: "status" as const, statuses: [200] },
      line: 1,
      source: "",
    });
    const withChecks = {
      ...scenario,
      steps: [
        {
          ...(upload as NonNullable<typeof upload>),
          request: {
            ...(upload?.request as NonNullable<typeof upload>["request"]),
            checks: [check("upload_status")],
          },
        },
        {
          ...(read as NonNullable<typeof read>),
          request: {
            ...(read?.request as NonNullable<typeof read>["request"]),
            checks: [check("read_body")],
            stream: { format: "openai" as const, idleTimeoutMs: 1000, includeUsage: true },
          },
        },
      ],
    };
    expect(metricScopeOf(withChecks)).toEqual({
      steps: [
        { name: "upload", streamed: false, tokens: false },
        { name: "read", streamed: true, tokens: false },
      ],
      checks: ["upload_status", "read_body"],
      streamed: false,
      tokens: false,
      slo: false,
      multiStep: true,
      stages: [],
      capacity: false,
    });
  });
});
