import { redactExcerpt, redactSecrets } from "../budget/secrets.js";
import type { Budget, LoadSpec, Scenario } from "../budget/types.js";
import { LATE_RELEASE_MS } from "../load/open-model.js";
import { destroyResult } from "../metrics/destroy-result.js";
import type { ScenarioResult, TimelinePoint } from "../metrics/types.js";
import { abortRecord } from "./abort-record.js";
import { definitionsFor } from "./definitions.js";
import { perSecond } from "./per-second.js";
import { stageBlocks } from "./stage-report.js";
import { sloBlocks, streamBlocks } from "./stream-report.js";
import { summarizeHistogram } from "./summarize-histogram.js";
import type {
  LatencySummary,
  LoadReport,
  MeasuredReport,
  MeasuredScenario,
  SseReading,
  StepReport,
} from "./types.js";
import { workloadBlocks } from "./workload-report.js";

/** Name the tool reports itself as. */
const TOOL_NAME = "perf-gate";

/** Characters of an error sample the report shows, cut only after secrets are redacted. */
export const SAMPLE_REPORT_CHARS = 300;

/** Responses (any status) of a timeline second: what `rps` counts (see `TimelinePoint.responses`). */
export function responsesOf(p: {
  readonly ok: number;
  readonly errors: number;
  readonly responses?: number;
}): number {
  return p.responses ?? p.ok + p.errors;
}

/**
 * Population standard deviation of responses (any status, what `rps` counts) per whole second of the measured
 * phase. A second missing from the timeline is a second with no completion (a stall), so it
 * counts as 0; the trailing partial second is left out, as it would read as a false dip.
 */
export function completionsStdev(timeline: readonly TimelinePoint[], measuredDurationMs: number): number {
  const seconds = Math.floor(measuredDurationMs / 1000);
  if (seconds === 0) return 0;
  const perSec = new Array<number>(seconds).fill(0);
  for (const p of timeline) {
    if (p.t >= 0 && p.t < seconds) perSec[p.t] = (perSec[p.t] ?? 0) + responsesOf(p);
  }
  const mean = perSec.reduce((a, b) => a + b, 0) / seconds;
  const variance = perSec.reduce((a, b) => a + (b - mean) ** 2, 0) / seconds;
  return Math.sqrt(variance);
}

function loadReport(load: LoadSpec): LoadReport {
  const common = {
    connections: load.connections,
    duration_ms: load.durationMs,
    warmup_ms: load.warmupMs,
    untrusted: load.untrusted,
    // Worker threads that ran the load, when more than one (absent: the main thread alone).
    ...(typeof load.workers === "number" && load.workers > 1 ? { workers: load.workers } : {}),
  };
  if (load.ratePerSec === undefined) return { model: "closed", ...common };
  const start = load.stages === undefined ? {} : { start_rate: load.startRatePerSec ?? 0 };
  return {
    model: "open",
    ...common,
    rate: load.ratePerSec,
    arrival: load.arrival,
    seed: load.seed,
    ...start,
  };
}

function definedCounts(counts: Readonly<Record<string, number | undefined>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(counts)) if (n !== undefined && n > 0) out[key] = n;
  return out;
}

/** Timeline points in the report's words; the stream / slo counts only where the engine kept them. */
function timelineReport(timeline: readonly TimelinePoint[]): MeasuredScenario["timeline"] {
  return timeline.map((p) => ({
    t: p.t,
    ok: p.ok,
    errors: p.errors,
    ...(p.responses !== undefined ? { responses: p.responses } : {}),
    ...(p.outputTokens !== undefined ? { output_tokens: p.outputTokens } : {}),
    ...(p.good !== undefined ? { good: p.good } : {}),
    ...(p.stage !== undefined ? { stage: p.stage } : {}),
    ...(p.latencyP50Ms !== undefined
      ? { latency_p50: p.latencyP50Ms, latency_p95: p.latencyP95Ms, latency_p99: p.latencyP99Ms }
      : {}),
  }));
}

/** Responses with a 3xx status: perf-gate never follows them, so they are worth a word. */
export function redirectCount(status: Readonly<Record<string, number>>): number {
  let n = 0;
  for (const [code, count] of Object.entries(status))
    if (code.startsWith("3") && code.length === 3) n += count;
  return n;
}

/**
 * The phase blocks the result has (`ttfb`, `body`, `connect`, `tls`), each summarized like
 * `latency`; a phase the result lacks (a multi-step scenario's own ttfb, an http target's tls)
 * has no block rather than an empty one.
 */
function phaseBlocks(result: ScenarioResult): Pick<MeasuredScenario, "ttfb" | "body" | "connect" | "tls"> {
  const out: { -readonly [K in "ttfb" | "body" | "connect" | "tls"]?: LatencySummary } = {};
  for (const key of ["ttfb", "body", "connect", "tls"] as const) {
    const h = result[key];
    if (h !== undefined) out[key] = summarizeHistogram(h);
  }
  return out;
}

function requestsReport(result: ScenarioResult): MeasuredScenario["requests"] {
  const r = result.requests;
  return {
    total: r.total,
    ok: r.ok,
    failed: r.failed,
    dropped: r.dropped,
    ...(result.model === "open"
      ? {
          dropped_queue_full: r.droppedQueueFull,
          dropped_at_end: r.droppedAtEnd,
          due: r.due ?? r.total + r.dropped,
        }
      : {}),
    responses_in_window: result.window.responses,
  };
}

function measuredScenario(result: ScenarioResult, scenario: Scenario, url: string): MeasuredScenario {
  const { ok, failed } = result.requests;
  const durationMs = result.measuredDurationMs;
  const status = definedCounts(result.status);
  const redirects = redirectCount(status);
  const window = result.window;
  return {
    name: scenario.name,
    request: { method: scenario.request.method, url },
    load: loadReport(scenario.load),
    incomplete: result.incomplete,
    duration_ms: durationMs,
    warmup_requests: result.warmupRequests,
    requests: requestsReport(result),
    errors: definedCounts(result.errors),
    status,
    error_rate: ok + failed === 0 ? 0 : failed / (ok + failed),
    // Per-second rates count what completed inside the window only: a request that ends in the
    // drain counts in latency, never in a rate (it would inflate it by up to connections / duration).
    rps: perSecond(window.responses, durationMs),
    ok_rps: perSecond(window.ok, durationMs),
    rps_stdev: completionsStdev(result.timeline, durationMs),
    ...(redirects > 0 ? { redirects } : {}),
    ...(result.transport === undefined ? {} : { transport: result.transport }),
    bytes: {
      received: result.bytesReceived,
      sent: result.bytesSent,
      received_per_sec: perSecond(window.bytesReceived, durationMs),
      sent_per_sec: perSecond(window.bytesSent, durationMs),
    },
    latency: summarizeHistogram(result.latency),
    latency_uncorrected: summarizeHistogram(result.latencyUncorrected),
    queue_time: summarizeHistogram(result.queueTime),
    latency_failed: summarizeHistogram(result.latencyFailed),
    timeline: timelineReport(result.timeline),
    generator: {
      event_loop_delay_mean_ms: result.generator.eventLoopDelayMeanMs,
      event_loop_delay_p99_ms: result.generator.eventLoopDelayP99Ms,
      event_loop_delay_max_ms: result.generator.eventLoopDelayMaxMs,
      lagged: result.generator.lagged,
      ...(result.generator.lateReleases === undefined
        ? {}
        : {
            late_releases: {
              released: result.generator.lateReleases.released,
              late: result.generator.lateReleases.late,
              late_ms: LATE_RELEASE_MS,
            },
          }),
    },
    ...(result.stream ? streamBlocks(result.stream, scenario, durationMs, window.outputTokens) : {}),
    // Every scenario's ttfb and body, streamed or not (a stream block has no ttfb of its own).
    ...phaseBlocks(result),
    ...(scenario.slo
      ? sloBlocks(scenario.slo, result.goodRequests === undefined ? undefined : window.good, durationMs)
      : {}),
    ...(result.aborted ? { aborted: abortRecord(result.aborted) } : {}),
    ...(result.errorSamples.length > 0
      ? {
          error_samples: result.errorSamples.map((e) => ({
            kind: e.kind,
            message: e.message,
            ...(e.code !== undefined ? { code: e.code } : {}),
            ...(e.status !== undefined ? { status: e.status } : {}),
          })),
        }
      : {}),
  };
}

/**
 * Turns one scenario's engine result into its measured report block: counts, `error_rate` =
 * failed / (ok + failed) (0 when nothing completed), `rps` = responses (any status) completed
 * inside the measured window per second of it, `ok_rps` the same for ok ones, `rps_stdev` over
 * the timeline's whole seconds, bytes per second of the window, the four latency summaries with
 * their encoded histograms. No checks and no verdict: the gate decides those (`evaluateGate`) and
 * `recordVerdict` writes them in.
 * A streamed result adds its distributions, token counts and `output_tps`; a scenario with
 * `slo:` adds the objectives and `goodput` (see stream-report.ts); neither adds any key otherwise.
 *
 * A multi-step result (`result.steps`) adds `steps`: one block per step, measured by the same code
 * as the scenario on the step's result, without `load`, `bytes`, `generator` and
 * `warmup_requests` (the scenario's), its request the step's method and url (`stepUrls[i]` when
 * given, else `stepUrl`). Response checks add `response_checks` (see `responseCheckReport`), a
 * `data:` file adds `data` (file, format, order, row count, seed), and `unique_prefix: true`
 * when the request (or any step's) has it.
 *
 * Ownership: this DESTROYS the result's histograms, the stream part's and every step's included
 * (even when it throws), since they live in WebAssembly memory and the report now holds their
 * exact encodings. Do not use them after. `url` and error samples are stored as given;
 * `buildReport` redacts them.
 */
export function buildScenarioReport(
  result: ScenarioResult,
  scenario: Scenario,
  url: string,
  stepUrls?: readonly string[],
): MeasuredScenario {
  try {
    return {
      ...measuredScenario(result, scenario, url),
      started_at_ms: result.startedAtMs,
      ...workloadBlocks(result, scenario, url, stepUrls, measuredScenario),
      ...stageBlocks(result, scenario, url, measuredScenario),
    };
  } finally {
    destroyResult(result);
  }
}

/** What `buildReport` assembles: the budget, each scenario's report, and the run's times. */
export interface BuildReportInput {
  readonly budget: Budget;
  readonly scenarios: readonly MeasuredScenario[];
  /**
   * Side-by-side runs (`budget.baselineTarget` set): the baseline side's scenarios, in the order
   * of `scenarios`. Written as `side_by_side`; ignored without a baseline target.
   */
  readonly baselineScenarios?: readonly MeasuredScenario[];
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** True when the run was interrupted; also set when any scenario report is incomplete. */
  readonly incomplete: boolean;
  readonly toolVersion: string;
}

function redactScenario(s: MeasuredScenario, secrets: readonly string[]): MeasuredScenario {
  const redacted = redactBlock(s, secrets);
  return {
    ...redacted,
    ...(s.steps ? { steps: s.steps.map((step) => redactBlock(step, secrets)) } : {}),
    ...(s.stages ? { stages: s.stages.map((stage) => redactBlock(stage, secrets)) } : {}),
    ...(s.data ? { data: { ...s.data, file: redactSecrets(s.data.file, secrets) } } : {}),
    // A proxy written as proxy: ${CORP_PROXY} is a secret, shown as its host: redact it too.
    ...(s.transport?.proxy === undefined
      ? {}
      : { transport: { ...s.transport, proxy: redactSecrets(s.transport.proxy, secrets) } }),
    ...(s.response_checks
      ? {
          response_checks: s.response_checks.map((c) => ({ ...c, source: redactSecrets(c.source, secrets) })),
        }
      : {}),
  };
}

/** A scenario or step block with its name, url and error samples redacted. */
function redactBlock<T extends StepReport>(s: T, secrets: readonly string[]): T {
  const redact = (text: string): string => redactSecrets(text, secrets);
  return {
    ...s,
    name: redact(s.name),
    request: { method: s.request.method, url: redact(s.request.url) },
    // A malformed chunk or an error body can echo the prompt or a key the server reflected back.
    // Redact the whole raw sample first, then cut: cutting first could leave part of a secret.
    ...(s.error_samples
      ? {
          error_samples: s.error_samples.map((e) => ({
            ...e,
            message: redactExcerpt(e.message, SAMPLE_REPORT_CHARS, secrets),
          })),
        }
      : {}),
    // request.sse may be written with ${VAR}s (an event name, a path): a secret stays hidden.
    ...(s.stream?.sse === undefined ? {} : { stream: { ...s.stream, sse: redactSse(s.stream.sse, redact) } }),
  };
}

function redactSse(sse: SseReading, redact: (text: string) => string): SseReading {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(sse)) {
    out[key] = Array.isArray(value) ? value.map((v: string) => redact(v)) : redact(value as string);
  }
  return out as SseReading;
}

/**
 * Assembles the measured report (report.json version 1 without its verdict, which the gate adds
 * through `recordVerdict`). Every text field that can carry a value from the budget (target,
 * budget path, scenario names, request URLs) is redacted of the budget's secrets, raw and in
 * every encoded form, and so are error samples (redacted, then cut); request headers and bodies
 * are never part of the report at all. `definitions` states the formulas of the streamed-response
 * metrics and goodput, only when some scenario has them. A side-by-side run adds `side_by_side`:
 * the baseline target (redacted like the target) and the baseline side's scenarios (redacted
 * like the report's own).
 */
export function buildReport(input: BuildReportInput): MeasuredReport {
  const secrets = input.budget.secrets;
  const scenarios = input.scenarios.map((s) => redactScenario(s, secrets));
  const definitions = definitionsFor(scenarios);
  const baselineTarget = input.budget.baselineTarget;
  const sideBySide =
    baselineTarget === undefined || input.baselineScenarios === undefined
      ? undefined
      : {
          baseline_target: redactSecrets(baselineTarget, secrets),
          scenarios: input.baselineScenarios.map((s) => redactScenario(s, secrets)),
        };
  return {
    version: 1,
    tool: { name: TOOL_NAME, version: input.toolVersion },
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    incomplete: input.incomplete || scenarios.some((s) => s.incomplete),
    budget: redactSecrets(input.budget.file, secrets),
    target: redactSecrets(input.budget.target, secrets),
    scenarios,
    ...(definitions ? { definitions } : {}),
    ...(sideBySide ? { side_by_side: sideBySide } : {}),
  };
}
