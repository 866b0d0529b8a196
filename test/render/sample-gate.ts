import type { GateResult, RegressionCheck } from "../../src/gate/types.js";
import { buildScenarioReport } from "../../src/report/build-report.js";
import type { Report, Verdict } from "../../src/report/types.js";
import { makeResult, makeScenario, range, threshold } from "../report/fixtures.js";
import { sampleReport } from "./sample-report.js";

/**
 * `report` with the verdict a gate recorded, on the whole run and on the named scenarios (the
 * renderers show it; they never work it out), e.g. what the gate with a baseline decided.
 */
export function withVerdict(
  report: Report,
  verdict: Verdict,
  reason: string,
  scenarios: Readonly<Record<string, Verdict>> = {},
): Report {
  return {
    ...report,
    verdict,
    verdict_reason: reason,
    scenarios: report.scenarios.map((s) => ({ ...s, verdict: scenarios[s.name] ?? s.verdict })),
  };
}

/**
 * Hand-built gate results over `sampleReport()` and `sampleStreamReport()` for the markdown and
 * comment renderers, so they are tested on their own, whatever the gate computes. Numbers are chosen to be recognisable.
 */

/**
 * A baseline for `sampleReport()`: "chat" with latency 8..800 ms step 8 (p95 ≈ 760 ms, 100 ok,
 * no error) and "health" flat at 2.0 ms.
 */
export async function sampleBaseline(): Promise<Report> {
  const chat = buildScenarioReport(
    await makeResult({ model: "open", latencyMs: range(8, 800, 8), measuredDurationMs: 4_000 }),
    makeScenario([threshold("latency.p95", "<=", 500, "500ms", 14)], {
      ratePerSec: 25,
      connections: 8,
      durationMs: 4_000,
    }),
    "http://127.0.0.1:8080/v1/chat",
  );
  const health = buildScenarioReport(
    await makeResult({ latencyMs: Array(40).fill(2), measuredDurationMs: 4_000 }),
    { ...makeScenario([]), name: "health" },
    "http://127.0.0.1:8080/health",
  );
  const scenarios = [chat, health].map((sc) => ({
    ...sc,
    checks: [],
    verdict: "pass" as const,
    thresholds_verdict: "pass" as const,
    trust: { trusted: true, reasons: [], policy: "fail" as const },
  }));
  return {
    ...(await sampleReport()),
    verdict: "pass",
    verdict_reason: "1 of 1 thresholds passed",
    scenarios,
  };
}

type GateScenarioSpec = Pick<GateResult["scenarios"][number], "name" | "thresholds" | "comparison">;

/**
 * A hand-built gate result: the counts given, and per scenario what the renderers read of the
 * gate (its checks and comparison) with a trusted, verdict-consistent rest.
 */
function gateOf(
  head: Omit<
    GateResult,
    | "scenarios"
    | "reason"
    | "thresholdsVerdict"
    | "failOn"
    | "untrustedScenarios"
    | "notRun"
    | "baselineMode"
    | "inconclusive"
  >,
  scenarios: readonly GateScenarioSpec[],
): GateResult {
  return {
    ...head,
    reason: "",
    thresholdsVerdict: head.failedChecks > 0 ? "fail" : "pass",
    failOn: "any",
    untrustedScenarios: 0,
    baselineMode: head.baseline ? "artifact" : "none",
    inconclusive: 0,
    notRun: [],
    scenarios: scenarios.map((sc) => {
      const failed = sc.thresholds.some((c) => !c.pass);
      const regressed = sc.comparison?.checks.some((c) => c.status === "regression") ?? false;
      return {
        ...sc,
        trust: { trusted: true, reasons: [], policy: "fail" as const },
        verdict: failed || regressed ? ("fail" as const) : ("pass" as const),
        thresholdsVerdict: failed ? ("fail" as const) : ("pass" as const),
      };
    }),
  };
}

/** A regression check with defaults; `over` sets the rest. */
export function regressionCheck(
  over: Partial<RegressionCheck> & Pick<RegressionCheck, "metric">,
): RegressionCheck {
  return {
    baseline: null,
    actual: null,
    change: null,
    changeRelative: null,
    interval: null,
    status: "not_compared",
    source: "+10%",
    line: 20,
    ...over,
  };
}

/**
 * The gate over `sampleReport()` vs `sampleBaseline()`: chat's latency.p95 threshold fails
 * (from the report), its `latency.p95: +10%` rule is a regression (760 → 950 ms, CI 150…230),
 * `latency.p99: +15%` is within noise and `error_rate: +0.5pp` passes; "health" ran a different
 * load, so its one rule is not compared.
 */
export function sampleGate(report: Report, options: { baseline?: boolean } = {}): GateResult {
  const withBaseline = options.baseline ?? true;
  const [chat, health] = report.scenarios;
  if (!chat || !health) throw new Error("sampleReport has two scenarios");
  const chatChecks: RegressionCheck[] = [
    regressionCheck({
      metric: "latency.p95",
      baseline: 760,
      actual: 950,
      change: 190,
      changeRelative: 0.25,
      interval: { low: 150, high: 230, confidence: 0.95 },
      status: "regression",
      source: "+10%",
      line: 18,
    }),
    regressionCheck({
      metric: "latency.p99",
      baseline: 792,
      actual: 990,
      change: 198,
      changeRelative: 0.25,
      interval: { low: -12.5, high: 410, confidence: 0.95 },
      status: "within_noise",
      source: "{ max: +15%, floor: 20ms }",
      line: 19,
      note: "within noise: 95 % CI -12.5 … +410.0 ms includes no regression",
    }),
    regressionCheck({
      metric: "error_rate",
      baseline: 0,
      actual: 0.0196,
      change: 0.0196,
      changeRelative: null,
      interval: { low: -0.001, high: 0.04, confidence: 0.95 },
      status: "pass",
      source: "+0.5pp",
      line: 20,
    }),
  ];
  const healthChecks = [regressionCheck({ metric: "latency.p99", source: "+10%", line: 25 })];
  return gateOf(
    {
      verdict: "fail",
      failedChecks: 1,
      regressions: withBaseline ? 1 : 0,
      baseline: withBaseline
        ? { description: "run 1234 on main at abc1234", runId: 1234, commit: "abc1234" }
        : null,
      warnings: [],
    },
    [
      {
        name: chat.name,
        thresholds: chat.checks,
        comparison: withBaseline
          ? { name: chat.name, comparable: true, reasons: [], checks: chatChecks, creep: [], trend: [] }
          : null,
      },
      {
        name: health.name,
        thresholds: health.checks,
        comparison: withBaseline
          ? {
              name: health.name,
              comparable: false,
              reasons: ["connections 4 → 8"],
              checks: healthChecks,
              creep: [],
              trend: [],
            }
          : null,
      },
    ],
  );
}

/**
 * The gate over `sampleStreamReport()`: both chat-stream thresholds pass (from the report); its
 * `ttft.p95: +10%` rule is a regression (300 → 380 ms), `tpot.p95: +15%` and `output_tps: -10%`
 * pass; "embed" has no rule.
 */
export function sampleStreamGate(head: Report, options: { baseline?: boolean } = {}): GateResult {
  const withBaseline = options.baseline ?? true;
  const [chat, emb] = head.scenarios;
  if (!chat || !emb) throw new Error("sampleStreamReport has two scenarios");
  const checks = [
    regressionCheck({
      metric: "ttft.p95",
      baseline: 300,
      actual: 380,
      change: 80,
      changeRelative: 80 / 300,
      interval: { low: 45, high: 115, confidence: 0.95 },
      status: "regression",
      line: 16,
    }),
    regressionCheck({
      metric: "tpot.p95",
      baseline: 24,
      actual: 26,
      change: 2,
      changeRelative: 2 / 24,
      status: "pass",
      source: "+15%",
      line: 17,
    }),
    regressionCheck({
      metric: "output_tps",
      baseline: 1700,
      actual: 1600,
      change: -100,
      changeRelative: -100 / 1700,
      status: "pass",
      source: "-10%",
      line: 18,
    }),
  ];
  const comparison = (name: string, list: typeof checks) =>
    withBaseline ? { name, comparable: true, reasons: [], checks: list, creep: [], trend: [] } : null;
  return gateOf(
    {
      verdict: withBaseline ? "fail" : "pass",
      failedChecks: 0,
      regressions: withBaseline ? 1 : 0,
      baseline: withBaseline ? { description: "run 1234 on main at abc1234", runId: 1234 } : null,
      warnings: [],
    },
    [
      { name: chat.name, thresholds: chat.checks, comparison: comparison(chat.name, checks) },
      { name: emb.name, thresholds: emb.checks, comparison: comparison(emb.name, []) },
    ],
  );
}
