import type { Dispatcher } from "undici";
import { ERROR_KIND_INDEX, ERROR_KINDS } from "../metrics/error-kinds.js";
import { MetricsRecorder, toUs } from "../metrics/recorder.js";
import type { CheckCount } from "../metrics/types.js";
import { buildStatusTable } from "./classify.js";
import { FlowSlot } from "./flow-slot.js";
import { IterationSource } from "./iteration-source.js";
import type { SlotOwner } from "./request-slot.js";
import { OK_OUTCOME, StepRuntime } from "./step-runtime.js";
import { StreamRecording } from "./stream-recording.js";
import type { ScenarioPlan } from "./types.js";

const CAPTURE_FAILED = ERROR_KIND_INDEX.capture_failed;

/** `FlowSlot.outcome` of an iteration cut off by a stop between two steps: recorded nowhere. */
export const CUT_OFF_OUTCOME = -2;

/** Where a flow's single request is recorded when the scenario has no steps: the engine's own. */
export interface ScenarioRecording {
  readonly recorder: MetricsRecorder;
  readonly recording: StreamRecording | null;
}

/**
 * Runs iterations: a multi-step scenario's steps one after another on a slot's connection, or a
 * single request that has checks. Records every measured step in its step's recorder (for a
 * single request: the scenario's), takes captures into the iteration's `vars`, and tells the
 * engine when the iteration is over and how it ended (`FlowSlot.outcome`), for the scenario's
 * own record of the iteration.
 */
export class FlowRunner {
  readonly steps: readonly StepRuntime[];
  /** The scenario has `steps:` (iterations are its unit; each step records on its own). */
  readonly multiStep: boolean;
  private readonly source: IterationSource;
  private readonly names: readonly string[];

  constructor(plan: ScenarioPlan, scenario: ScenarioRecording, base: URL, nonce: string) {
    const steps = plan.steps;
    this.multiStep = steps !== undefined;
    this.names = steps?.map((s) => s.name) ?? [];
    const captures = steps?.some((s) => s.capture.length > 0) ?? false;
    this.source = new IterationSource(
      plan.load.seed,
      plan.data,
      plan.setupValues ?? {},
      plan.sequence ?? { next: 0 },
      captures,
      plan.part,
    );
    if (steps === undefined) {
      this.steps = [
        new StepRuntime({
          request: plan.request,
          capture: [],
          base,
          nonce,
          recorder: scenario.recorder,
          recording: scenario.recording,
          statusTable: buildStatusTable(plan.request.expectStatus),
        }),
      ];
      return;
    }
    this.steps = steps.map((step) => {
      const streamed = step.request.stream !== undefined;
      const recorder = new MetricsRecorder(plan.load.durationMs, { outputTokens: streamed });
      const statusTable = buildStatusTable(step.request.expectStatus);
      const stepPlan = { ...plan, request: step.request, slo: undefined };
      const recording = streamed ? new StreamRecording(stepPlan, recorder, statusTable) : null;
      return new StepRuntime({
        request: step.request,
        capture: step.capture,
        base,
        nonce,
        recorder,
        recording,
        statusTable,
      });
    });
  }

  /** A slot for this flow on `connection`. */
  createSlot(owner: SlotOwner, connection: Dispatcher): FlowSlot {
    return new FlowSlot(owner, connection, this.first.reading);
  }

  /** The step recorders' timelines start with the scenario's (multi-step only). */
  startTimeline(atMs: number): void {
    if (this.multiStep) for (const step of this.steps) step.recorder.startTimeline(atMs);
  }

  /** The step recorders' windows end with the scenario's (multi-step only). */
  endWindow(atMs: number): void {
    if (this.multiStep) for (const step of this.steps) step.recorder.endWindow(atMs);
  }

  /**
   * A new iteration, due at `dueMs`, starts on `slot` (already `prepare`d): its first request.
   */
  begin(slot: FlowSlot, dueMs: number): Dispatcher.DispatchOptions {
    const context = this.source.next();
    slot.context = context;
    slot.step = 0;
    slot.outcome = OK_OUTCOME;
    slot.iterationDueMs = dueMs;
    const first = this.first;
    slot.useStep(first.reading);
    if (slot.measured) first.total++;
    return first.optionsFor(context);
  }

  /**
   * The request of `slot.step` ended at `nowMs` (`originMs`: where its latency counts from).
   * Records it when measured, runs its captures, and returns the next step's options, or null
   * when the iteration is over (`slot.outcome` then says how it ended).
   */
  afterStep(
    slot: FlowSlot,
    originMs: number,
    nowMs: number,
    error: Error | null,
  ): Dispatcher.DispatchOptions | null {
    const step = this.steps[slot.step] as StepRuntime;
    if (slot.step === 0) slot.iterationStartMs = slot.startMs;
    const outcome = slot.measured ? step.record(slot, originMs, nowMs, error) : step.outcome(slot, error);
    slot.outcome = outcome;
    slot.lastStatus = error === null ? slot.status : 0;
    if (!this.multiStep || outcome !== OK_OUTCOME || slot.step === this.steps.length - 1) return null;
    const context = slot.context;
    if (context === null) return null;
    if (step.captures.length > 0) {
      const view = slot.view();
      for (const { spec, compiled } of step.captures) {
        const value = compiled.extract(view);
        if (value !== undefined) {
          context.vars[spec.name] = value;
          continue;
        }
        slot.outcome = CAPTURE_FAILED;
        if (slot.measured) {
          const why = `capture "${spec.name}" (line ${spec.line}) of the step before found nothing${slot.bodyCutNote}`;
          this.failLaterSteps(slot.step, why, view.body, nowMs);
        }
        return null;
      }
    }
    slot.step++;
    const next = this.steps[slot.step] as StepRuntime;
    slot.useStep(next.reading);
    if (slot.measured) next.total++;
    return next.optionsFor(context);
  }

  /**
   * A stop came while `slot`'s iteration was between two steps: the step `afterStep` handed
   * out is not sent, so it leaves its step's `total` (which counts what was sent), and the
   * iteration is recorded nowhere.
   */
  cutOff(slot: FlowSlot): void {
    if (slot.measured) (this.steps[slot.step] as StepRuntime).total--;
    slot.outcome = CUT_OFF_OUTCOME;
  }

  /** Timeout of the step in flight: recorded in its step (multi-step only; the engine records the iteration). */
  recordStepTimeout(slot: FlowSlot, nowMs: number, why: () => string): void {
    if (!this.multiStep) return;
    const recorder = (this.steps[slot.step] as StepRuntime).recorder;
    const index = ERROR_KIND_INDEX.timeout;
    recorder.recordFailure(index, 0, toUs(nowMs - slot.dueMs), nowMs);
    if (recorder.wantsSample(index)) recorder.sampleError(index, why());
  }

  /**
   * A multi-step iteration is over: the scenario records it as one request, ok when every step
   * was, its latency from the iteration's due time (open model: `fromDue`) or first send (closed)
   * to the end of its last step. A failed iteration keeps its failing step's kind, and its sample
   * says which step (the step's own block has the full sample). A warm-up iteration that ended
   * inside the window (`windowOnly`) counts in the window's throughput only.
   */
  recordIteration(
    slot: FlowSlot,
    recorder: MetricsRecorder,
    nowMs: number,
    fromDue: boolean,
    windowOnly: boolean,
  ): void {
    const outcome = slot.outcome;
    if (outcome === CUT_OFF_OUTCOME) return;
    if (!slot.measured) {
      if (windowOnly) recorder.recordWindowOnly(slot.lastStatus > 0, outcome === OK_OUTCOME, nowMs);
      return;
    }
    const dueMs = slot.iterationDueMs;
    const startMs = slot.iterationStartMs < 0 ? dueMs : slot.iterationStartMs;
    if (outcome === OK_OUTCOME) {
      const originMs = fromDue ? dueMs : startMs;
      recorder.recordOk(
        slot.lastStatus,
        toUs(nowMs - originMs),
        toUs(nowMs - startMs),
        toUs(startMs - dueMs),
        nowMs,
      );
      return;
    }
    recorder.recordFailure(outcome, slot.lastStatus, toUs(nowMs - dueMs), nowMs);
    if (recorder.wantsSample(outcome)) {
      recorder.sampleError(outcome, this.stepFailure(slot), undefined, slot.lastStatus || undefined);
    }
  }

  /** `step "read" (2 of 2) failed: …` with the step's first sample of that kind, when it has one. */
  stepFailure(slot: FlowSlot): string {
    const kind = ERROR_KINDS[slot.outcome];
    // A failed capture is sampled by the step it left unsent, which names the capture.
    const sampled = kind === "capture_failed" ? slot.step + 1 : slot.step;
    const sample = this.steps[sampled]?.recorder.errorSamples.find((s) => s.kind === kind);
    const where = `step "${this.names[slot.step] ?? ""}" (${slot.step + 1} of ${this.steps.length})`;
    return `${where} failed${sample ? `: ${sample.message}` : ` (${kind})`}`;
  }

  /** Every check's counts, steps in order (for a single request: its own). */
  checkCounts(): CheckCount[] {
    const stepNames = this.names;
    return this.steps.flatMap((step, i) =>
      step.checkCounts().map(({ spec, evaluated, failed }) => ({
        name: spec.name,
        ...(this.multiStep ? { step: stepNames[i] ?? "" } : {}),
        line: spec.line,
        source: spec.source,
        evaluated,
        failed,
      })),
    );
  }

  private get first(): StepRuntime {
    return this.steps[0] as StepRuntime;
  }

  /** A capture of step `index` found nothing: every later step of the iteration fails, unsent. */
  private failLaterSteps(index: number, why: string, body: string | null, nowMs: number): void {
    const excerpt = body === null ? "" : `; response: ${body.slice(0, 600)}`;
    for (let i = index + 1; i < this.steps.length; i++) {
      const step = this.steps[i] as StepRuntime;
      step.total++;
      step.recorder.recordFailure(CAPTURE_FAILED, 0, 0, nowMs);
      if (step.recorder.wantsSample(CAPTURE_FAILED)) {
        step.recorder.sampleError(CAPTURE_FAILED, `not sent: ${why}${excerpt}`);
      }
    }
  }
}
