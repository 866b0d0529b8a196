import { performance } from "node:perf_hooks";
import { RunError } from "../errors.js";
import { initHistograms } from "../metrics/histogram.js";
import type { MetricsRecorder } from "../metrics/recorder.js";
import { StagedRecorder } from "../metrics/staged-recorder.js";
import type { AbortedRun, GeneratorHealth, ScenarioResult } from "../metrics/types.js";
import { type AbortHit, findBreach } from "./abort-watch.js";
import { ClosedModelEngine } from "./closed-model.js";
import type { LoadEngine } from "./engine.js";
import { OpenModelEngine } from "./open-model.js";
import { startProgress } from "./progress.js";
import { explainAlertResets } from "./tls-alert-hint.js";
import { transportUsed } from "./transport-used.js";
import type { RunControl, ScenarioPlan } from "./types.js";

/**
 * Runs one scenario: warm-up (sent, not recorded), the measured phase, then a drain in which
 * in-flight requests may finish within their timeout. The open model runs when the load has a
 * rate, the closed model otherwise. Aborting `control.signal` stops early: no new requests,
 * in-flight ones get up to a second to finish, and the result is marked incomplete.
 *
 * The caller owns the returned histograms and must `destroy()` them. Throws `RunError` only when
 * the request cannot be sent at all (an unsupported URL scheme, a header value undici refuses);
 * requests that fail are counted, never thrown.
 */
export async function runScenario(plan: ScenarioPlan, control: RunControl = {}): Promise<ScenarioResult> {
  await initHistograms();
  const rate = plan.load.ratePerSec;
  const engine: LoadEngine =
    rate === undefined ? new ClosedModelEngine(plan) : new OpenModelEngine(plan, rate);
  const stopProgress = startProgress(plan.name, engine, control);
  const watch = watchForAbort(engine, control);
  try {
    await engine.run(watch.signal, control.startAtMs);
  } finally {
    stopProgress();
    watch.stop();
  }
  if (engine.invalidRequest !== null) {
    engine.recorder.destroy();
    engine.connectionTimes.destroy();
    engine.streamRecording?.stream?.destroy();
    throw new RunError(
      `scenario "${plan.name}": the request cannot be sent: ${engine.invalidRequest.message}`,
    );
  }
  const result = collectResult(plan, engine, rate === undefined ? "closed" : "open");
  return watch.hit === null ? result : { ...result, aborted: abortedRun(watch.hit) };
}

/** How often `abort: true` thresholds are checked while the measured phase runs. */
export const ABORT_CHECK_MS = 200;

/** The run's stop signal, which also fires when an `abort: true` threshold is breached. */
interface AbortWatch {
  readonly signal: AbortSignal | undefined;
  /** The breach that stopped the run, or null. */
  readonly hit: AbortHit | null;
  stop(): void;
}

function watchForAbort(engine: LoadEngine, control: RunControl): AbortWatch {
  const rules = control.abortOn ?? [];
  if (rules.length === 0) return { signal: control.signal, hit: null, stop: () => {} };
  const local = new AbortController();
  const forward = (): void => local.abort();
  control.signal?.addEventListener("abort", forward, { once: true });
  if (control.signal?.aborted) local.abort();
  const watch = { signal: local.signal, hit: null as AbortHit | null, stop: () => {} };
  const run = { recorder: engine.recorder, stream: engine.streamRecording?.stream ?? null };
  const carry = control.abortCarry;
  const timer = setInterval(() => {
    const nowMs = performance.now();
    if (engine.phase(nowMs) !== "measure" || watch.hit !== null) return;
    const watched = carry === undefined ? run : carry.view(run);
    const hit = findBreach(rules, watched, nowMs - engine.clock.measureStartMs);
    if (hit === null) return;
    watch.hit = hit;
    local.abort();
  }, ABORT_CHECK_MS);
  timer.unref();
  watch.stop = () => {
    clearInterval(timer);
    control.signal?.removeEventListener("abort", forward);
  };
  return watch;
}

function abortedRun(hit: AbortHit): AbortedRun {
  const { metric, op, limit, source, line } = hit.threshold;
  return { metric, op, limit, source, line, actual: hit.actual, atMs: Math.round(hit.atMs) };
}

function collectResult(plan: ScenarioPlan, engine: LoadEngine, model: "open" | "closed"): ScenarioResult {
  const r = engine.recorder;
  const measuredDurationMs = engine.clock.measuredDurationMs();
  const bytes = engine.measured.bytes();
  const windowBytes = engine.measured.windowBytes();
  const shared = {
    model,
    // Monotonic start of the measured phase, mapped to the wall clock for the report.
    startedAtMs: Math.round(performance.timeOrigin + engine.clock.measureStartMs),
    measuredDurationMs,
    incomplete: engine.clock.stoppedAtMs !== null,
    generator: withLateReleases(engine.measured.generatorHealth(), engine),
  };
  const times = engine.connectionTimes;
  return {
    ...shared,
    ...explained(plan, engine, ownPhases(plan, recorded(r, measuredDurationMs))),
    connect: times.connect,
    ...(times.tls === null ? {} : { tls: times.tls }),
    name: plan.name,
    warmupRequests: engine.warmupRequests,
    requests: { total: engine.total, ok: r.ok, failed: r.failed, ...arrivals(engine) },
    window: { ...r.window(), bytesReceived: windowBytes.received, bytesSent: windowBytes.sent },
    bytesReceived: bytes.received,
    bytesSent: bytes.sent,
    stream: engine.streamRecording?.stream?.result(),
    goodRequests: plan.slo === undefined ? undefined : r.goodRequests,
    ...flowResults(plan, engine, shared),
    ...stageResults(plan, engine, shared),
    ...transportOf(plan, engine),
  };
}

/** How the connections were made (`ScenarioResult.transport`); nothing for plain http. */
function transportOf(plan: ScenarioPlan, engine: LoadEngine): Pick<ScenarioResult, "transport"> {
  const transport = transportUsed(plan, engine.measured.protocols());
  return transport === undefined ? {} : { transport };
}

/** A load shape's per-stage results (see `ScenarioResult.stages`). */
function stageResults(
  plan: ScenarioPlan,
  engine: LoadEngine,
  shared: Pick<ScenarioResult, "model" | "startedAtMs" | "measuredDurationMs" | "incomplete" | "generator">,
): Pick<ScenarioResult, "stages"> {
  const recorder = engine.recorder;
  const stages = plan.load.stages;
  if (!(recorder instanceof StagedRecorder) || stages === undefined) return {};
  const noDrops = { dropped: 0, droppedQueueFull: 0, droppedAtEnd: 0 };
  // A run stopped mid-shape (a signal, an abort) ran only part of a stage, and none of the later ones.
  const startsMs = stages.map((_, i) => stages.slice(0, i).reduce((sum, s) => sum + s.durationMs, 0));
  const ranMs = (i: number): number => {
    const planned = stages[i]?.durationMs ?? 0;
    if (!shared.incomplete) return planned;
    return Math.min(planned, Math.max(0, shared.measuredDurationMs - (startsMs[i] ?? 0)));
  };
  return {
    stages: recorder.stageRecorders.map(
      (r, i): ScenarioResult => ({
        ...shared,
        ...explained(plan, engine, ownPhases(plan, recorded(r, shared.measuredDurationMs))),
        timeline: recorder.stageTimeline(i, ranMs(i), shared.measuredDurationMs),
        measuredDurationMs: ranMs(i),
        name: stages[i]?.name ?? "",
        warmupRequests: 0,
        requests: { total: r.ok + r.failed, ok: r.ok, failed: r.failed, ...noDrops },
        window: { ...r.window(), bytesReceived: 0, bytesSent: 0 },
        bytesReceived: 0,
        bytesSent: 0,
        stream: recorder.stageStreams?.[i]?.result(),
        goodRequests: plan.slo === undefined ? undefined : r.goodRequests,
      }),
    ),
  };
}

/**
 * A recorder's fields for the scenario's own result or one of its stages'. A multi-step
 * scenario's own records (and its stages') are whole iterations, which have no single response:
 * its ttfb and body are its steps', so those two are destroyed and left out rather than
 * reported as empty blocks.
 */
function ownPhases(plan: ScenarioPlan, fields: ReturnType<typeof recorded>) {
  if (plan.steps === undefined) return fields;
  const { ttfb, body, ...rest } = fields;
  ttfb.destroy();
  body.destroy();
  return rest;
}

/**
 * A part's fields with its resets after a TLS alert (a client certificate asked for over
 * TLS 1.3) saying what it was: the scenario's own samples, its steps' and its stages' alike.
 */
function explained<T extends { readonly errorSamples: ScenarioResult["errorSamples"] }>(
  plan: ScenarioPlan,
  engine: LoadEngine,
  fields: T,
): T {
  const alerts = engine.measured.tlsAlerts();
  return {
    ...fields,
    errorSamples: explainAlertResets(fields.errorSamples, plan.url, plan.transport, alerts),
  };
}

/** What a recorder holds, as a result's fields (the histograms move to the result's owner). */
function recorded(r: MetricsRecorder, measuredDurationMs: number) {
  return {
    errors: r.errors(),
    status: r.status(),
    latency: r.latency,
    latencyUncorrected: r.latencyUncorrected,
    queueTime: r.queueTime,
    latencyFailed: r.latencyFailed,
    ttfb: r.ttfb,
    body: r.body,
    timeline: r.timeline(measuredDurationMs),
    errorSamples: r.errorSamples,
  };
}

/**
 * A flow's per-step results (multi-step) and its checks' counts (when any). A step shares the
 * scenario's phase, model and generator; its bytes are the scenario's (the steps share sockets),
 * so a step reports none of its own.
 */
function flowResults(
  plan: ScenarioPlan,
  engine: LoadEngine,
  shared: Pick<ScenarioResult, "model" | "startedAtMs" | "measuredDurationMs" | "incomplete" | "generator">,
): Pick<ScenarioResult, "steps" | "checks"> {
  const flow = engine.flow;
  if (flow === null) return {};
  const checks = flow.checkCounts();
  const noDrops = { dropped: 0, droppedQueueFull: 0, droppedAtEnd: 0 };
  const steps = flow.multiStep
    ? flow.steps.map(
        (step, i): ScenarioResult => ({
          ...shared,
          ...explained(plan, engine, recorded(step.recorder, shared.measuredDurationMs)),
          name: plan.steps?.[i]?.name ?? "",
          warmupRequests: 0,
          requests: { total: step.total, ok: step.recorder.ok, failed: step.recorder.failed, ...noDrops },
          window: { ...step.recorder.window(), bytesReceived: 0, bytesSent: 0 },
          bytesReceived: 0,
          bytesSent: 0,
          stream: step.setup.recording?.stream?.result(),
        }),
      )
    : undefined;
  return { ...(steps ? { steps } : {}), ...(checks.length > 0 ? { checks } : {}) };
}

/** The open model's arrival accounting (`due = total + dropped`); zeros and no `due` when closed. */
function arrivals(
  engine: LoadEngine,
): Pick<ScenarioResult["requests"], "dropped" | "droppedQueueFull" | "droppedAtEnd" | "due"> {
  if (!(engine instanceof OpenModelEngine)) return { dropped: 0, droppedQueueFull: 0, droppedAtEnd: 0 };
  const { droppedQueueFull, droppedAtEnd, due } = engine;
  return { dropped: droppedQueueFull + droppedAtEnd, droppedQueueFull, droppedAtEnd, due };
}

/** The open model's count of arrivals it got to late (see `GeneratorHealth.lateReleases`). */
function withLateReleases(health: GeneratorHealth, engine: LoadEngine): GeneratorHealth {
  if (!(engine instanceof OpenModelEngine)) return health;
  return { ...health, lateReleases: { released: engine.released, late: engine.lateReleases } };
}
