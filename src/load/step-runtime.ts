import type { Dispatcher } from "undici";
import type { RequestSpec } from "../budget/types.js";
import { type CompiledCheck, compileCheck } from "../checks/evaluate-check.js";
import { type CompiledCapture, compileCapture } from "../checks/extract-capture.js";
import type { CaptureSpec, CheckSpec } from "../checks/types.js";
import { ERROR_KIND_INDEX } from "../metrics/error-kinds.js";
import { type MetricsRecorder, toUs } from "../metrics/recorder.js";
import { classifyError, STATUS_OK, type StatusTable } from "./classify.js";
import { buildDispatchOptions } from "./dispatch-options.js";
import type { FlowSlot, IterationContext, StepReading } from "./flow-slot.js";
import { recordOutcome } from "./record-outcome.js";
import { RequestBuilder } from "./request-builder.js";
import { resolveRequestUrl } from "./request-url.js";
import type { StreamRecording } from "./stream-recording.js";
import { STREAM_ERROR } from "./stream-slot.js";

const CHECK_FAILED = ERROR_KIND_INDEX.check_failed;
const STREAM_ERROR_INDEX = ERROR_KIND_INDEX.stream_error;
/** Characters of a failed check's body kept in its sample (the report cuts after redacting). */
const CHECK_SAMPLE_BODY_CHARS = 600;

/** Outcome of a request as an error-kind index, or -1 when it is ok. */
export const OK_OUTCOME = -1;

/** One check, compiled, with its counts over measured responses. */
interface CheckState {
  readonly spec: CheckSpec;
  readonly compiled: CompiledCheck;
  evaluated: number;
  failed: number;
}

/** What a step is sent against and recorded into. */
export interface StepSetup {
  readonly request: RequestSpec;
  readonly capture: readonly CaptureSpec[];
  readonly base: URL;
  readonly nonce: string;
  readonly recorder: MetricsRecorder;
  /** Streamed (or slo) recording on `recorder`, or null: plain outcomes. */
  readonly recording: StreamRecording | null;
  readonly statusTable: StatusTable;
}

/**
 * One request of an iteration (a step, or a scenario's only request when it has checks): how it
 * is rendered, how its response is read, its checks and captures, and where it is recorded.
 */
export class StepRuntime {
  readonly reading: StepReading;
  readonly captures: readonly { readonly spec: CaptureSpec; readonly compiled: CompiledCapture }[];
  /** Measured requests of this step sent (finished or not). */
  total = 0;
  private readonly checks: CheckState[];
  private readonly builder: RequestBuilder | null;
  private readonly options: Dispatcher.DispatchOptions;

  constructor(readonly setup: StepSetup) {
    const request = setup.request;
    this.checks = (request.checks ?? []).map((spec) => ({
      spec,
      compiled: compileCheck(spec),
      evaluated: 0,
      failed: 0,
    }));
    this.captures = setup.capture.map((spec) => ({ spec, compiled: compileCapture(spec) }));
    const keepBody =
      this.checks.some((c) => c.compiled.needsBody) || this.captures.some((c) => c.compiled.needsBody);
    const keepHeaders =
      this.checks.some((c) => c.compiled.needsHeaders) || this.captures.some((c) => c.compiled.needsHeaders);
    this.reading = {
      format: request.stream?.format ?? null,
      idleTimeoutMs: request.stream?.idleTimeoutMs ?? Number.POSITIVE_INFINITY,
      sse: request.stream?.sse,
      statusTable: setup.statusTable,
      keepBody,
      keepHeaders,
    };
    this.builder = RequestBuilder.isConstant(request)
      ? null
      : new RequestBuilder(setup.base, request, setup.nonce);
    this.options = buildDispatchOptions(resolveRequestUrl(setup.base, request.path), request).options;
  }

  get recorder(): MetricsRecorder {
    return this.setup.recorder;
  }

  get timeoutMs(): number {
    return this.setup.request.timeoutMs;
  }

  /** The dispatch options of this step for the iteration `ctx`. */
  optionsFor(ctx: IterationContext): Dispatcher.DispatchOptions {
    return this.builder === null ? this.options : this.builder.build(ctx);
  }

  /** Checks' counts, in budget order. */
  checkCounts(): readonly {
    readonly spec: CheckSpec;
    readonly evaluated: number;
    readonly failed: number;
  }[] {
    return this.checks;
  }

  /** The outcome of the request that just ended, without recording it (warm-up). */
  outcome(slot: FlowSlot, error: Error | null): number {
    if (error === STREAM_ERROR) return STREAM_ERROR_INDEX;
    if (error !== null) return ERROR_KIND_INDEX[classifyError(error, slot.status !== 0)];
    const outcome = this.setup.statusTable[slot.status] ?? STATUS_OK;
    return outcome === STATUS_OK ? OK_OUTCOME : outcome - 1;
  }

  /**
   * Records a measured request that ended at `nowMs` and returns its outcome. Checks run on
   * every complete response; one that fails turns an ok response into `check_failed` (a failed
   * status keeps its own kind, and still counts against the checks' pass rates).
   */
  record(slot: FlowSlot, okOriginMs: number, nowMs: number, error: Error | null): number {
    const outcome = this.outcome(slot, error);
    const failedCheck = error === null && this.checks.length > 0 ? this.runChecks(slot) : null;
    const recorder = this.setup.recorder;
    if (failedCheck !== null && outcome === OK_OUTCOME) {
      recorder.recordFailure(CHECK_FAILED, slot.status, toUs(nowMs - slot.dueMs), nowMs);
      if (recorder.wantsSample(CHECK_FAILED)) {
        recorder.sampleError(CHECK_FAILED, failedCheck, undefined, slot.status);
      }
      return CHECK_FAILED;
    }
    if (this.setup.recording !== null) this.setup.recording.record(slot, okOriginMs, nowMs, error);
    else recordOutcome(recorder, this.setup.statusTable, slot, okOriginMs, nowMs, error);
    return outcome;
  }

  /** Evaluates every check on the response; returns the first failure's sample text, or null. */
  private runChecks(slot: FlowSlot): string | null {
    const view = slot.view();
    let first: string | null = null;
    for (const check of this.checks) {
      check.evaluated++;
      const why = check.compiled.evaluate(view);
      if (why === null) continue;
      check.failed++;
      if (first === null) {
        const body = view.body === null ? "" : `; body: ${view.body.slice(0, CHECK_SAMPLE_BODY_CHARS)}`;
        first = `check "${check.spec.name}" (line ${check.spec.line}: ${check.spec.source}) failed: ${why}${slot.bodyCutNote}${body}`;
      }
    }
    return first;
  }
}
