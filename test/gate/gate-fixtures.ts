import type { LoadSpec, Slo } from "../../src/budget/types.js";
import type { RegressionRule } from "../../src/gate/types.js";
import type { TimelinePoint } from "../../src/metrics/types.js";
import { buildScenarioReport } from "../../src/report/build-report.js";
import type { CapacityStepRecord, MeasuredScenario, Report, ScenarioReport } from "../../src/report/types.js";
import { makeResult, makeScenario, type ResultSpec, type StreamPartSpec } from "../report/fixtures.js";

/**
 * Builders for gate tests: scenario reports whose histograms hold KNOWN distributions, and
 * reports around them.
 */

/**
 * `n` values of a shifted exponential distribution, 10 ms + Exp(mean 10 ms), laid on its quantile
 * grid (the (i + ½)/n quantiles) so the sample is exactly the distribution, without randomness.
 * `scale` multiplies every value (1.3 = a +30 % shift of every statistic).
 */
export function exponentialMs(n: number, scale = 1): number[] {
  return Array.from({ length: n }, (_, i) => scale * (10 - 10 * Math.log(1 - (i + 0.5) / n)));
}

export interface ScenarioSpec {
  readonly latencyMs?: readonly number[];
  readonly ok?: number;
  readonly failed?: number;
  readonly timeline?: readonly TimelinePoint[];
  readonly measuredDurationMs?: number;
  readonly load?: Partial<LoadSpec>;
  readonly url?: string;
  readonly incomplete?: boolean;
  /** Present: the scenario streams (`request.stream` of this format) and measured these values. */
  readonly stream?: StreamPartSpec;
  readonly slo?: Slo;
  readonly goodRequests?: number;
  /** What completed inside the window, when not every ok and failed request (see makeResult). */
  readonly window?: ResultSpec["window"];
}

/**
 * A scenario report named "chat" (closed model, 4 connections unless `load` says otherwise), as
 * the gate would have recorded it for a run without thresholds: trusted, passing.
 */
export async function scenarioReport(spec: ScenarioSpec): Promise<ScenarioReport> {
  return recorded(await measuredScenario(spec));
}

/** `measured` with the fields a gate records for a trusted run without thresholds. */
export function recorded(measured: MeasuredScenario): ScenarioReport {
  return {
    ...measured,
    checks: [],
    verdict: "pass",
    thresholds_verdict: "pass",
    trust: { trusted: true, reasons: [], policy: "fail" },
  };
}

/** The measured block of a scenario "chat", before the gate (see `scenarioReport`). */
export async function measuredScenario(spec: ScenarioSpec): Promise<MeasuredScenario> {
  const latencyMs = spec.latencyMs ?? [];
  const result = await makeResult({
    latencyMs,
    requests: { ok: spec.ok ?? latencyMs.length, failed: spec.failed ?? 0 },
    timeline: spec.timeline ?? [],
    measuredDurationMs: spec.measuredDurationMs ?? 10_000,
    incomplete: spec.incomplete ?? false,
    ...(spec.stream ? { stream: spec.stream } : {}),
    ...(spec.goodRequests !== undefined ? { goodRequests: spec.goodRequests } : {}),
    ...(spec.window ? { window: spec.window } : {}),
  });
  const stream = spec.stream
    ? { format: spec.stream.format ?? "openai", idleTimeoutMs: 30_000, includeUsage: true }
    : undefined;
  return buildScenarioReport(
    result,
    makeScenario([], spec.load ?? {}, {
      ...(stream ? { stream } : {}),
      ...(spec.slo ? { slo: spec.slo } : {}),
    }),
    spec.url ?? "http://127.0.0.1:8080/v1/chat",
  );
}

/** Completions per second: `perSecond[t]` ok requests in second t. */
export function timelineOf(perSecond: readonly number[]): TimelinePoint[] {
  return perSecond.map((ok, t) => ({ t, ok, errors: 0 }));
}

/** A regression rule as the budget parser produces it. */
export function rule(metric: string, tolerance: Partial<RegressionRule>, line = 20): RegressionRule {
  return { metric, source: "rule", line, ...tolerance };
}

/** A report.json around scenario reports; verdict from the scenarios' checks. */
export function reportOf(scenarios: readonly ScenarioReport[], budget = "perf-budget.yml"): Report {
  const verdict = scenarios.every((s) => s.verdict === "pass") ? "pass" : "fail";
  return {
    version: 1,
    tool: { name: "perf-gate", version: "0.0.0" },
    startedAt: "2025-01-01T00:00:00.000Z",
    finishedAt: "2025-01-01T00:00:10.000Z",
    incomplete: false,
    verdict,
    verdict_reason: "",
    thresholds_verdict: verdict,
    gate: { fail_on: "any", failed_checks: 0, regressions: 0, untrusted_scenarios: 0, baseline: null },
    not_run: [],
    warnings: [],
    budget,
    target: "http://127.0.0.1:8080",
    scenarios,
  };
}

/**
 * One step of a capacity search under a `latency.p95 <= 50ms` objective: `rate` requests in 1 s,
 * all ok, p95 20 ms when it `met` the objective and 80 ms when it broke it.
 */
export function capacityStep(rate: number, met: boolean, generatorLimited = false): CapacityStepRecord {
  const p95 = met ? 20 : 80;
  return {
    rate,
    duration_ms: 1000,
    requests: rate,
    ok: rate,
    error_rate: 0,
    rps: rate,
    latency_p50: 10,
    latency_p95: p95,
    latency_p99: 30,
    values: [p95],
    met,
    generator_limited: generatorLimited,
  };
}
