import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Dispatcher } from "undici";
import { MetricsRecorder, toUs } from "../metrics/recorder.js";
import { StagedRecorder } from "../metrics/staged-recorder.js";
import { STATUS_OK } from "./classify.js";
import { ConnectionTimes } from "./connection-times.js";
import { ByteMeter, connectionFactory } from "./connections.js";
import { buildDispatchOptions } from "./dispatch-options.js";
import { FlowRunner } from "./flow.js";
import { FlowSlot } from "./flow-slot.js";
import { IterationSource } from "./iteration-source.js";
import { MeasuredPhase } from "./measured-phase.js";
import { recordOutcome, TIMEOUT_INDEX } from "./record-outcome.js";
import { RequestBuilder } from "./request-builder.js";
import { ABANDON_REASON, ABANDONED, BUSY, IDLE, RequestSlot, type SlotOwner } from "./request-slot.js";
import { RunClock } from "./run-clock.js";
import { createStreamRecording, type StreamRecording } from "./stream-recording.js";
import type { StreamSlot } from "./stream-slot.js";
import type { ScenarioPlan } from "./types.js";

/** After a stop signal, in-flight requests get this long to finish before they are cut off. */
export const ABORT_GRACE_MS = 1000;

/** Phase of a run, as the live line shows it; "done" once every request has ended. */
export type EnginePhase = "warmup" | "measure" | "drain" | "done";

/**
 * What both load models share: the slots (one connection and one reusable undici handler each),
 * the phases (warm-up → measure → drain), recording, the whole-request timeout and stopping.
 * A model decides only when requests start (`startLoad`) and what a freed slot does next
 * (`slotFree`). Times are `performance.now()` ms. No global state: one engine per scenario and
 * thread, so a run can later be split across workers and its histograms merged.
 */
export abstract class LoadEngine implements SlotOwner {
  readonly recorder: MetricsRecorder;
  readonly clock: RunClock;
  readonly measured: MeasuredPhase;
  /** How long each connection of the run took to open (connect, TLS handshake). */
  readonly connectionTimes: ConnectionTimes;
  /** Requests started in the measured phase (finished or not, queue expiries included), warm-up requests. */
  total = 0;
  warmupRequests = 0;
  /** Set when undici rejected the request itself as malformed: the run cannot go on. */
  invalidRequest: Error | null = null;
  /** Whole-request timeout, from the due time, in ms. */
  readonly timeoutMs: number;
  /** Scenarios that stream or have an slo: their timed slots' recording. Null: the plain path. */
  readonly streamRecording: StreamRecording | null;
  /**
   * Multi-step scenarios and requests with checks: iterations run through the flow, on flow
   * slots. Null: one request per slot cycle, recorded by the engine itself.
   */
  readonly flow: FlowRunner | null;
  /** Templated single requests without checks: rendered per request. Null: fixed bytes or a flow. */
  private readonly builder: RequestBuilder | null;
  private readonly iterations: IterationSource | null;
  /** False once the measured phase is over: no request may start. */
  protected accepting = false;
  protected readonly slots: RequestSlot[] = [];
  /** Requests in flight that will still be recorded when they end. */
  private inFlight = 0;
  private readonly sweepMs: number;
  private readonly connect: () => Dispatcher;
  /** Connections replaced mid-run, still closing. */
  private readonly closing: Promise<void>[] = [];
  private readonly options: Dispatcher.DispatchOptions;
  private readonly statusTable: Uint8Array;
  private inDispatch = false;
  /** The measured phase is being closed (`endMeasure` runs): it must not start twice. */
  private ending = false;
  private ended = false;
  private finishRun: () => void = () => {};

  /** @param latencyFromDue open model: an ok request's latency counts from its due time. */
  constructor(
    readonly plan: ScenarioPlan,
    private readonly latencyFromDue: boolean,
  ) {
    this.timeoutMs = plan.request.timeoutMs;
    const multiStep = plan.steps !== undefined;
    // A multi-step scenario's own records are its iterations': its steps stream, not it.
    const streamed = plan.request.stream !== undefined && !multiStep;
    const extras = { goodput: plan.slo !== undefined, outputTokens: streamed };
    // A load shape also records each request into the stage it was due in.
    const stages = plan.load.stages;
    this.recorder =
      stages === undefined
        ? new MetricsRecorder(plan.load.durationMs, extras)
        : new StagedRecorder(
            plan.load.durationMs,
            extras,
            stages,
            streamed ? (plan.request.stream?.format ?? null) : null,
          );
    this.clock = new RunClock(plan.load);
    this.connectionTimes = new ConnectionTimes();
    const meter = new ByteMeter(this.connectionTimes);
    this.measured = new MeasuredPhase(meter);
    // Timeouts (whole-request, or a stream's idle timeout when shorter) fire at most a twentieth
    // of that timeout late (5–250 ms), from one timer per run.
    // Every step of a flow has its own timeouts: the sweep keeps pace with the shortest.
    const requests = plan.steps?.map((s) => s.request) ?? [plan.request];
    const limitMs = Math.min(
      ...requests.map((r) => Math.min(r.timeoutMs, r.stream?.idleTimeoutMs ?? r.timeoutMs)),
    );
    this.sweepMs = Math.min(250, Math.max(5, Math.round(limitMs / 20)));
    // A connection that hangs is the request's `timeout`: the sweep must fire before undici's
    // connect timer (which would call it `connect`).
    this.connect = connectionFactory(plan.url, this.timeoutMs + this.sweepMs + 50, meter, plan.transport);
    ({ options: this.options, statusTable: this.statusTable } = buildDispatchOptions(plan.url, plan.request));
    const timed = !multiStep && (streamed || plan.slo !== undefined);
    this.streamRecording = timed ? createStreamRecording(plan, this.recorder, this.statusTable) : null;
    const base = plan.base ?? new URL(plan.url.origin);
    // Unique to this run: two runs of the same budget must not share a cached prompt prefix.
    const nonce = plan.nonce ?? randomBytes(3).toString("hex");
    const checked = (plan.request.checks?.length ?? 0) > 0;
    this.flow =
      multiStep || checked
        ? new FlowRunner(plan, { recorder: this.recorder, recording: this.streamRecording }, base, nonce)
        : null;
    const templated = this.flow === null && !RequestBuilder.isConstant(plan.request);
    this.builder = templated ? new RequestBuilder(base, plan.request, nonce) : null;
    this.iterations = templated
      ? new IterationSource(
          plan.load.seed,
          plan.data,
          plan.setupValues ?? {},
          plan.sequence ?? { next: 0 },
          false,
          plan.part,
        )
      : null;
    for (let i = 0; i < plan.load.connections; i++) {
      const connection = this.connect();
      this.slots.push(
        this.flow?.createSlot(this, connection) ??
          this.streamRecording?.createSlot(this, connection) ??
          new RequestSlot(this, connection, this.statusTable),
      );
    }
  }

  /**
   * Starts the load now — or, with `startAtMs` (a `performance.now()` time not in the future),
   * as if it had started then: the parts of a split load start on one common t0, and the time
   * spent building this engine after it must not shift this part's schedule (its arrivals
   * already due leave at once, late, measured from their due times). Resolves once every
   * request has ended, timed out or been cut off.
   */
  async run(signal?: AbortSignal, startAtMs?: number): Promise<void> {
    const done = new Promise<void>((resolve) => {
      this.finishRun = resolve;
    });
    const clock = this.clock;
    const nowMs = performance.now();
    clock.start(Math.min(startAtMs ?? nowMs, nowMs));
    this.recorder.startTimeline(clock.measureStartMs);
    this.flow?.startTimeline(clock.measureStartMs);
    this.accepting = true;
    const onAbort = (): void => this.stop(performance.now());
    signal?.addEventListener("abort", onAbort, { once: true });
    clock.after(clock.measureStartMs - nowMs, () => {
      if (this.accepting) this.measured.begin();
    });
    clock.after(clock.measureEndMs - nowMs, () => this.endMeasure());
    clock.every(this.sweepMs, () => this.sweep(performance.now()));
    if (signal?.aborted) this.stop(clock.t0Ms);
    else this.startLoad();
    try {
      await done;
    } finally {
      signal?.removeEventListener("abort", onAbort);
      clock.clear();
      this.measured.close();
      await Promise.all([...this.slots.map((slot) => slot.connection.destroy()), ...this.closing]);
      for (const slot of this.slots) slot.dispose();
    }
  }

  /** Where the run stands, for the live line. */
  phase(nowMs: number): EnginePhase {
    if (this.ended) return "done";
    if (!this.accepting) return "drain";
    return nowMs < this.clock.measureStartMs ? "warmup" : "measure";
  }

  /** Begins the load: the closed model fills every slot, the open model starts its schedule. */
  protected abstract startLoad(): void;
  /** A slot is free at `nowMs` and the run still accepts requests: give it work or park it. */
  protected abstract slotFree(slot: RequestSlot, nowMs: number): void;
  /**
   * The measured phase ends at `endMs` (its planned end, or the stop): stop producing arrivals.
   * The open model first accounts for every arrival due before `endMs` that it had not handled
   * yet (sent, or dropped), then drops what is still queued. `accepting` is still true here.
   */
  protected abstract stopArrivals(endMs: number): void;
  /** Called on every sweep before in-flight timeouts (open model: expire queued arrivals). */
  protected expireWaiting(_nowMs: number): void {}

  /**
   * Hands `slot` a request due at `dueMs` and writes it out on the slot's connection. `measured`
   * (default: due in the measured phase) lets the open model decide it on the schedule's offset.
   */
  protected dispatch(slot: RequestSlot, dueMs: number, measured = dueMs >= this.clock.measureStartMs): void {
    slot.prepare(dueMs, dueMs + this.timeoutMs, measured);
    if (measured) {
      this.total++;
      this.measured.begin();
    } else {
      this.warmupRequests++;
    }
    this.inFlight++;
    let options = this.options;
    if (this.flow !== null) options = this.flow.begin(slot as FlowSlot, dueMs);
    else if (this.builder !== null && this.iterations !== null)
      options = this.builder.build(this.iterations.next());
    this.send(slot, options);
  }

  /** Writes `options` out on the slot's connection (undici may settle it synchronously). */
  private send(slot: RequestSlot, options: Dispatcher.DispatchOptions): void {
    this.inDispatch = true;
    slot.connection.dispatch(options, slot);
    this.inDispatch = false;
  }

  /**
   * A flow slot's request ended: record the step and, when the iteration goes on, send its next
   * step on the same connection (from inside the completion callback, like the closed model's
   * next request). Returns true when it went on: the slot is still busy with the iteration.
   */
  private continueFlow(flow: FlowRunner, slot: FlowSlot, nowMs: number, error: Error | null): boolean {
    const originMs = this.latencyFromDue ? slot.dueMs : slot.startMs;
    const next = flow.afterStep(slot, originMs, nowMs, error);
    if (next === null) return false;
    // A stopped run sends nothing new, not even the rest of an iteration in flight: the
    // iteration is cut off (left unfinished in `total`, like a request cut off by the stop).
    if (this.clock.stoppedAtMs !== null) {
      flow.cutOff(slot);
      return false;
    }
    // The next step is due now; the iteration keeps its own due time (`prepare` leaves it).
    const timeoutMs = flow.steps[slot.step]?.timeoutMs ?? this.timeoutMs;
    slot.prepare(nowMs, nowMs + timeoutMs, slot.measured);
    this.send(slot, next);
    return true;
  }

  /** Hot path: one call per request, from the slot's undici callbacks. */
  settle(slot: RequestSlot, nowMs: number, error: Error | null): void {
    slot.controller = null;
    if (slot.state === BUSY) {
      const flow = this.flow;
      if (flow !== null && this.continueFlow(flow, slot as FlowSlot, nowMs, error)) return;
      this.inFlight--;
      const okOriginMs = this.latencyFromDue ? slot.dueMs : slot.startMs;
      if (flow?.multiStep) {
        const windowOnly = !slot.measured && nowMs >= this.clock.measureStartMs;
        flow.recordIteration(slot as FlowSlot, this.recorder, nowMs, this.latencyFromDue, windowOnly);
      } else if (slot.measured) {
        // One branch, not a virtual call: plain scenarios keep the lean recording path. A single
        // request with checks was already recorded by its flow (continueFlow).
        if (flow === null) {
          if (this.streamRecording === null)
            recordOutcome(this.recorder, this.statusTable, slot, okOriginMs, nowMs, error);
          else this.streamRecording.record(slot as StreamSlot, okOriginMs, nowMs, error);
        }
      } else if (nowMs >= this.clock.measureStartMs) {
        this.countWarmupInWindow(slot, okOriginMs, nowMs, error);
      }
    }
    // An abandoned request was counted when it was given up; the slot is reusable only now.
    slot.state = IDLE;
    if (this.accepting && nowMs >= this.clock.measureEndMs) this.endMeasure();
    if (!this.accepting) {
      if (this.inFlight === 0) this.end();
    } else if (error === null) {
      // The hot path: undici supports queueing the next request from inside onResponseEnd.
      this.slotFree(slot, nowMs);
    } else if (this.inDispatch && (error as { code?: string }).code === "UND_ERR_INVALID_ARG") {
      // undici refused the request itself (a header value it cannot send): every request would
      // fail the same way, so the run stops and says why.
      this.invalidRequest = error;
      this.end();
    } else {
      // Errors come from inside undici's bookkeeping (even from inside dispatch()), where queueing
      // the next request re-entrantly breaks its invariants: start it on the next turn.
      setImmediate(this.resumeSlot, slot);
    }
  }

  /**
   * A warm-up request that completed inside the window counts in the window's throughput only:
   * the per-second rates then measure what the window saw, not what it started.
   */
  private countWarmupInWindow(
    slot: RequestSlot,
    okOriginMs: number,
    nowMs: number,
    error: Error | null,
  ): void {
    if (this.streamRecording !== null) {
      this.streamRecording.recordWindowOnly(slot as StreamSlot, okOriginMs, nowMs, error);
    } else if (error === null) {
      this.recorder.recordWindowOnly(true, (this.statusTable[slot.status] ?? STATUS_OK) === STATUS_OK, nowMs);
    }
  }

  /** A measured request did not even reach a socket and failed with kind index `kindIndex`. */
  protected recordUnsent(
    kindIndex: number,
    count: number,
    latencyUs: number,
    nowMs: number,
    why: string,
  ): void {
    if (count <= 0) return;
    this.total += count;
    this.recorder.recordFailures(kindIndex, count, latencyUs, nowMs);
    this.recorder.sampleError(kindIndex, why);
  }

  /** SlotOwner: a failed measured response's body is sampled while its kind still wants samples. */
  wantsBodySample(status: number, slot?: RequestSlot): boolean {
    if (this.flow !== null && slot instanceof FlowSlot) {
      const step = this.flow.steps[slot.step];
      if (step === undefined) return false;
      const outcome = step.setup.statusTable[status] ?? STATUS_OK;
      return outcome !== STATUS_OK && step.recorder.wantsSample(outcome - 1);
    }
    const outcome = this.statusTable[status] ?? STATUS_OK;
    return outcome !== STATUS_OK && this.recorder.wantsSample(outcome - 1);
  }

  private readonly resumeSlot = (slot: RequestSlot): void => {
    if (this.accepting && slot.state === IDLE) this.slotFree(slot, performance.now());
    else if (!this.accepting && this.inFlight === 0) this.end();
  };

  /**
   * Closes the measured window at its planned end, or at the stop: completions from then on are
   * the drain (latency and totals, not the window counts), and the socket bytes are taken.
   */
  private endMeasure(): void {
    if (!this.accepting || this.ending) return;
    this.ending = true;
    const stoppedAt = this.clock.stoppedAtMs;
    const endMs = stoppedAt === null ? this.clock.measureEndMs : Math.min(stoppedAt, this.clock.measureEndMs);
    this.recorder.endWindow(endMs);
    this.flow?.endWindow(endMs);
    this.stopArrivals(endMs);
    this.accepting = false;
    this.measured.endWindow();
    if (this.inFlight === 0) this.end();
    else if (this.clock.stoppedAtMs !== null) this.clock.after(ABORT_GRACE_MS, () => this.abandonInFlight());
  }

  /** A stop signal: no new requests; in-flight ones get `ABORT_GRACE_MS` to finish. */
  private stop(nowMs: number): void {
    if (this.ended || this.clock.stoppedAtMs !== null) return;
    this.clock.stoppedAtMs = nowMs;
    if (this.accepting) this.endMeasure();
    else this.clock.after(ABORT_GRACE_MS, () => this.abandonInFlight());
  }

  /** Whole-request timeouts, for every slot at once: one timer for the run, none per request. */
  private sweep(nowMs: number): void {
    this.expireWaiting(nowMs);
    for (const slot of this.slots) {
      if (slot.state !== BUSY || nowMs < slot.deadlineMs) continue;
      // Record before abandoning: aborting frees the slot, which may carry a new request at once.
      if (slot.measured) this.recordTimeout(slot, nowMs);
      this.abandon(slot);
    }
    if (!this.accepting && this.inFlight === 0) this.end();
  }

  private recordTimeout(slot: RequestSlot, nowMs: number): void {
    const flow = this.flow;
    let dueMs = slot.dueMs;
    if (flow?.multiStep && slot instanceof FlowSlot) {
      flow.recordStepTimeout(slot, nowMs, () => this.timeoutText(slot));
      dueMs = slot.iterationDueMs;
      slot.outcome = TIMEOUT_INDEX;
    }
    this.recorder.recordFailure(TIMEOUT_INDEX, 0, toUs(nowMs - dueMs), nowMs);
    if (!this.recorder.wantsSample(TIMEOUT_INDEX)) return;
    const text =
      flow?.multiStep && slot instanceof FlowSlot ? flow.stepFailure(slot) : this.timeoutText(slot);
    this.recorder.sampleError(TIMEOUT_INDEX, text);
  }

  /** Why a request timed out, for its sample. */
  private timeoutText(slot: RequestSlot): string {
    const request = this.flow?.steps[(slot as FlowSlot).step]?.setup.request ?? this.plan.request;
    const idleMs = request.stream?.idleTimeoutMs;
    const timeoutMs = request.timeoutMs;
    const idle = idleMs !== undefined && idleMs < timeoutMs ? `, or ${idleMs} ms without a byte` : "";
    const sent = slot.startMs < 0 ? "; it never reached a socket (the connection was not made)" : "";
    return `no complete response within the request's timeout (${timeoutMs} ms${idle})${sent}`;
  }

  /** Cuts off what still runs after a stop: not recorded, left as unfinished in `total`. */
  private abandonInFlight(): void {
    for (const slot of this.slots) if (slot.state === BUSY) this.abandon(slot);
    this.end();
  }

  private abandon(slot: RequestSlot): void {
    slot.state = ABANDONED;
    this.inFlight--;
    // Both paths call onResponseError synchronously, which frees the slot.
    if (slot.controller !== null) {
      slot.controller.abort(ABANDON_REASON);
    } else {
      // Not even written: its connection is still being made, and undici's connect timer is
      // coarse (~0.5 s). Give the slot a fresh connection rather than wait for that one.
      const hung = slot.connection;
      slot.connection = this.connect();
      this.closing.push(hung.destroy(ABANDON_REASON));
    }
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.accepting = false;
    this.finishRun();
  }
}
