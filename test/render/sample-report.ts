import type { Threshold } from "../../src/budget/types.js";
import type { ErrorSample } from "../../src/metrics/types.js";
import { buildScenarioReport } from "../../src/report/build-report.js";
import type {
  Check,
  MeasuredScenario,
  NotRunScenario,
  Report,
  ScenarioReport,
  TrustRecord,
  Verdict,
} from "../../src/report/types.js";
import { makeResult, makeScenario, range, threshold } from "../report/fixtures.js";

/** Options of `sampleReport`: what went wrong in the run, and the verdict the gate recorded. */
export interface SampleOptions {
  readonly lagged?: boolean;
  readonly dropped?: number;
  readonly droppedQueueFull?: number;
  readonly droppedAtEnd?: number;
  readonly incomplete?: boolean;
  readonly redirects?: number;
  /** Chat's trust record (default trusted). */
  readonly untrusted?: { readonly reasons: readonly string[]; readonly policy: "fail" | "warn" };
  readonly notRun?: readonly NotRunScenario[];
  readonly errorSamples?: readonly ErrorSample[];
  /** The verdict the gate recorded (default fail: chat's latency.p95 threshold fails). */
  readonly verdict?: Verdict;
  readonly verdictReason?: string;
  readonly warnings?: readonly string[];
}

/** The thresholds' outcomes, computed here from the known values (not by the gate under test). */
function checksOf(thresholds: readonly Threshold[], actual: (metric: string) => number | null): Check[] {
  return thresholds.map((t) => {
    const value = actual(t.metric);
    const pass =
      value !== null && (t.op === "<=" ? value <= t.limit : t.op === ">=" ? value >= t.limit : false);
    return {
      metric: t.metric,
      op: t.op,
      limit: t.limit,
      source: t.source,
      actual: value,
      pass,
      line: t.line,
    };
  });
}

/** The fields the gate records on a scenario, set by hand so these fixtures never depend on it. */
function recorded(
  s: MeasuredScenario,
  thresholds: readonly Threshold[],
  extra: {
    trust?: TrustRecord;
    verdict?: Verdict;
    okRps: number;
    redirects?: number;
    /** Open model: the dropped split, when anything was dropped. */
    split?: { dropped_queue_full: number; dropped_at_end: number };
  },
): ScenarioReport {
  const checks = checksOf(thresholds, (metric) => {
    if (metric === "error_rate") return s.error_rate;
    if (metric === "rps") return s.rps;
    const [family, stat] = metric.split(".");
    return family === "latency" && stat ? (s.latency[stat as "p95"] ?? null) : null;
  });
  const thresholdsVerdict = checks.every((c) => c.pass) ? "pass" : "fail";
  const trust = extra.trust ?? { trusted: true, reasons: [], policy: "fail" };
  const r = s.requests;
  return {
    ...s,
    requests: {
      total: r.total,
      ok: r.ok,
      failed: r.failed,
      dropped: r.dropped,
      ...(s.load.model === "open" ? { due: r.total + r.dropped } : {}),
      ...extra.split,
      responses_in_window: r.ok + r.failed,
    },
    ok_rps: extra.okRps,
    redirects: extra.redirects ?? 0,
    checks,
    thresholds_verdict: thresholdsVerdict,
    trust,
    verdict: extra.verdict ?? (!trust.trusted && trust.policy === "fail" ? "untrusted" : thresholdsVerdict),
  };
}

/**
 * A report with known numbers for the renderer tests: an open-model scenario "chat" with latency
 * 10..1000 ms step 10 (p95 ≈ 950 ms), 100 ok + 2 failed in 4 s (rps 25.5, ok_rps 25.0) and three
 * thresholds (latency.p95 fails), then a closed-model scenario "health" (2.5 ms flat) whose one
 * threshold passes. The gate's verdict is recorded by hand: `fail`, `1 of 4 thresholds failed: chat
 * latency.p95`, unless `options` say otherwise.
 */
export async function sampleReport(options: SampleOptions = {}): Promise<Report> {
  const dropped = options.dropped ?? (options.droppedQueueFull ?? 0) + (options.droppedAtEnd ?? 0);
  const chatThresholds = [
    threshold("latency.p95", "<=", 500, "500ms", 14),
    threshold("error_rate", "<=", 0.05, "5%", 15),
    threshold("rps", ">=", 20, ">= 20", 16),
  ];
  const chatBuilt = buildScenarioReport(
    await makeResult({
      model: "open",
      latencyMs: range(10, 1000, 10),
      uncorrectedMs: range(1, 100),
      queueMs: range(1, 50),
      failedMs: [3000, 3000],
      measuredDurationMs: options.incomplete ? 2_500 : 4_000,
      incomplete: options.incomplete ?? false,
      requests: {
        dropped,
        droppedQueueFull: options.droppedQueueFull ?? 0,
        droppedAtEnd: options.droppedAtEnd ?? 0,
      },
      errors: { http_5xx: 1, timeout: 1 },
      status: { "200": 100, "503": 1 },
      bytesReceived: 4 * 1024 * 1024,
      bytesSent: 4096,
      lagged: options.lagged ?? false,
      errorSamples: options.errorSamples ?? [],
    }),
    makeScenario(chatThresholds, { ratePerSec: 25, connections: 8, durationMs: 4_000, untrusted: "fail" }),
    "http://127.0.0.1:8080/v1/chat",
  );
  const chat = recorded(
    options.errorSamples
      ? { ...chatBuilt, error_samples: options.errorSamples.map((e) => ({ ...e })) }
      : chatBuilt,
    chatThresholds,
    {
      okRps: 25,
      ...(options.redirects ? { redirects: options.redirects } : {}),
      ...(options.untrusted ? { trust: { trusted: false, ...options.untrusted } } : {}),
      ...(dropped > 0
        ? {
            split: {
              dropped_queue_full: options.droppedQueueFull ?? 0,
              dropped_at_end: options.droppedAtEnd ?? 0,
            },
          }
        : {}),
    },
  );
  const healthThresholds = [threshold("latency.p99", "<=", 50, "50ms", 22)];
  const health = recorded(
    buildScenarioReport(
      await makeResult({ latencyMs: Array(40).fill(2.5), measuredDurationMs: 4_000 }),
      { ...makeScenario(healthThresholds), name: "health" },
      "http://127.0.0.1:8080/health",
    ),
    healthThresholds,
    { okRps: 10 },
  );
  const scenarios = [chat, health];
  const failed = scenarios.flatMap((s) =>
    s.checks.filter((c) => !c.pass).map((c) => `${s.name} ${c.metric}`),
  );
  const incomplete = options.incomplete ?? false;
  return {
    version: 1,
    tool: { name: "perf-gate", version: "0.1.0" },
    startedAt: new Date(0).toISOString(),
    finishedAt: new Date(8000).toISOString(),
    incomplete,
    verdict: options.verdict ?? "fail",
    verdict_reason: options.verdictReason ?? `${failed.length} of 4 thresholds failed: ${failed.join(", ")}`,
    thresholds_verdict: failed.length === 0 ? "pass" : "fail",
    gate: {
      fail_on: "any",
      failed_checks: failed.length,
      regressions: 0,
      untrusted_scenarios: options.untrusted ? 1 : 0,
      baseline: null,
    },
    not_run: options.notRun ?? [],
    warnings: options.warnings ?? [],
    budget: "perf-budget.yml",
    target: "http://127.0.0.1:8080",
    scenarios,
  };
}
