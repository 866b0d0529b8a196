import { performance } from "node:perf_hooks";
import type { Client, Dispatcher } from "undici";
import { GeneratorHealthMonitor } from "../metrics/generator-health.js";
import { MetricsRecorder, toUs } from "../metrics/recorder.js";
import type { GeneratorHealth } from "../metrics/types.js";
import { ByteMeter, connectionFactory } from "./connections.js";
import { buildDispatchOptions } from "./dispatch-options.js";
import { recordOutcome, TIMEOUT_INDEX } from "./record-outcome.js";
import { ABANDON_REASON, ABANDONED, BUSY, IDLE, RequestSlot, type SlotOwner } from "./request-slot.js";
import type { ScenarioPlan } from "./types.js";

/** After a stop signal, in-flight requests get this long to finish before they are cut off. */
export const ABORT_GRACE_MS = 1000;

/** Phase of a run, as the live line shows it; "done" once every request has ended. */
export type EnginePhase = "warmup" | "measure" | "drain" | "done";

/**
 * What both load models share: the slots (one connection and one reusable undici handler each),
 * the phases (warm-up → measure → drain), recording, the whole-request timeout and stopping.
 * A model decides only when requests start (`startLoad`) and what a freed slot does next
 * (`slotFree`). All times are `performance.now()` milliseconds. No global state: one engine per
 * scenario per thread.
 */
export abstract class LoadEngine implements SlotOwner {
  readonly recorder: MetricsRecorder;
  /** Requests started in the measured phase, warm-up requests, and arrivals never sent. */
  total = 0;
  warmupRequests = 0;
  dropped = 0;
  /** Requests in flight that will still be recorded or discarded when they end. */
  inFlight = 0;
  t0Ms = 0;
  measureStartMs = 0;
  measureEndMs = 0;
  /** Set when a stop signal arrived; the measured phase ended there. */
  stoppedAtMs: number | null = null;
  /** False once the measured phase is over: no request may start. */
  protected accepting = false;
  protected readonly slots: RequestSlot[] = [];
  /** Whole-request timeout (from the due time), in ms. */
  readonly timeoutMs: number;
  private readonly sweepMs: number;
  private readonly connect: () => Client;
  /** Connections replaced mid-run, still closing. */
  private readonly closing: Promise<void>[] = [];
  private readonly meter = new ByteMeter();
  private readonly health = new GeneratorHealthMonitor();
  private readonly options: Dispatcher.DispatchOptions;
  private readonly statusTable: Uint8Array;
  private measuring = false;
  private bytesAtStart = { received: 0, sent: 0 };
  private bytesAtEnd = { received: 0, sent: 0 };
  private inDispatch = false;
  /** Set when undici rejected the request as malformed: the run cannot go on. */
  invalidRequest: Error | null = null;
  private ended = false;
  private finishRun: () => void = () => {};
  private readonly timers: NodeJS.Timeout[] = [];

  /**
   * @param plan the scenario
   * @param latencyFromDue true for the open model: latency counts from the schedule's due time
   */
  constructor(
    readonly plan: ScenarioPlan,
    private readonly latencyFromDue: boolean,
  ) {
    const { connections, durationMs } = plan.load;
    this.timeoutMs = plan.request.timeoutMs;
    this.recorder = new MetricsRecorder(durationMs);
    // Timeouts are a twentieth of the timeout late at most (5–250 ms), for one timer per run.
    this.sweepMs = Math.min(250, Math.max(5, Math.round(this.timeoutMs / 20)));
    // A connection that hangs is the request's `timeout` (the sweep fires first); undici's
    // connect timer only frees the slot for its next request shortly after.
    const connectTimeoutMs = this.timeoutMs + this.sweepMs + 50;
    this.connect = connectionFactory(plan.url, connectTimeoutMs, this.meter);
    const prepared = buildDispatchOptions(plan.url, plan.request);
    this.options = prepared.options;
    this.statusTable = prepared.statusTable;
    for (let i = 0; i < connections; i++) this.slots.push(new RequestSlot(this, this.connect()));
  }

  /** Starts the load now and resolves once every request has ended, timed out or been cut off. */
  async run(signal?: AbortSignal): Promise<void> {
    const done = new Promise<void>((resolve) => {
      this.finishRun = resolve;
    });
    const now = performance.now();
    this.t0Ms = now;
    this.measureStartMs = now + this.plan.load.warmupMs;
    this.measureEndMs = this.measureStartMs + this.plan.load.durationMs;
    this.recorder.startTimeline(this.measureStartMs);
    this.accepting = true;
    const onAbort = (): void => this.stop(performance.now());
    signal?.addEventListener("abort", onAbort, { once: true });
    this.later(() => this.beginMeasure(), this.plan.load.warmupMs);
    this.later(() => this.endMeasure(), this.measureEndMs - now);
    this.timers.push(setInterval(() => this.sweep(performance.now()), this.sweepMs));
    if (signal?.aborted) this.stop(now);
    else this.startLoad();
    try {
      await done;
    } finally {
      signal?.removeEventListener("abort", onAbort);
      for (const t of this.timers) clearTimeout(t);
      this.bytesAtEnd = this.meter.snapshot();
      await Promise.all([...this.slots.map((slot) => slot.connection.destroy()), ...this.closing]);
    }
  }

  /** Where the run stands, for the live line. */
  phase(nowMs: number): EnginePhase {
    if (this.ended) return "done";
    if (!this.accepting) return "drain";
    return nowMs < this.measureStartMs ? "warmup" : "measure";
  }

  /** Length of the measured phase as it ran (shorter when stopped early), in ms. */
  measuredDurationMs(): number {
    const planned = this.plan.load.durationMs;
    if (this.stoppedAtMs === null) return planned;
    return Math.min(planned, Math.max(0, this.stoppedAtMs - this.measureStartMs));
  }

  /** Bytes received and sent during the measured phase and the drain. */
  bytes(): { received: number; sent: number } {
    if (!this.measuring) return { received: 0, sent: 0 };
    return {
      received: this.bytesAtEnd.received - this.bytesAtStart.received,
      sent: this.bytesAtEnd.sent - this.bytesAtStart.sent,
    };
  }

  /** Stops the event-loop monitor and returns the generator's health during the measured phase. */
  generatorHealth(): GeneratorHealth {
    return this.health.stop();
  }

  /** Begins the load: the closed model fills every slot, the open model starts its schedule. */
  protected abstract startLoad(): void;
  /** A slot is free at `nowMs` and the run still accepts requests: give it work or park it. */
  protected abstract slotFree(slot: RequestSlot, nowMs: number): void;
  /** The measured phase ended: stop producing arrivals (open model: drop what is queued). */
  protected abstract stopArrivals(): void;
  /** Called on every sweep before in-flight timeouts (open model: expire queued arrivals). */
  protected expireWaiting(_nowMs: number): void {}

  /** Hands `slot` a request due at `dueMs` and writes it out on the slot's connection. */
  protected dispatch(slot: RequestSlot, dueMs: number): void {
    slot.state = BUSY;
    slot.dueMs = dueMs;
    slot.deadlineMs = dueMs + this.timeoutMs;
    slot.status = 0;
    slot.startMs = -1;
    const measured = dueMs >= this.measureStartMs;
    slot.measured = measured;
    if (measured) {
      this.total++;
      if (!this.measuring) this.beginMeasure();
    } else {
      this.warmupRequests++;
    }
    this.inFlight++;
    this.inDispatch = true;
    slot.connection.dispatch(this.options, slot);
    this.inDispatch = false;
  }

  /** Hot path: one call per request, from the slot's undici callbacks. */
  settle(slot: RequestSlot, nowMs: number, error: Error | null): void {
    slot.controller = null;
    if (slot.state === ABANDONED) {
      // Already counted when it was given up; the slot is reusable only now.
      slot.state = IDLE;
    } else {
      slot.state = IDLE;
      this.inFlight--;
      if (slot.measured)
        recordOutcome(this.recorder, this.statusTable, slot, this.originMs(slot), nowMs, error);
    }
    this.afterSettle(slot, nowMs, error);
  }

  /** Where an ok request's latency starts: its due time (open model) or its write (closed). */
  private originMs(slot: RequestSlot): number {
    return this.latencyFromDue ? slot.dueMs : slot.startMs;
  }

  /** A request that failed without being sent (open model: expired in the queue). */
  protected recordUnsent(kindIndex: number, dueMs: number, nowMs: number): void {
    if (dueMs < this.measureStartMs) return;
    this.total++;
    this.recorder.recordFailure(kindIndex, 0, toUs(nowMs - dueMs), nowMs);
  }

  private afterSettle(slot: RequestSlot, nowMs: number, error: Error | null): void {
    if (this.accepting && nowMs >= this.measureEndMs) this.endMeasure();
    if (!this.accepting) {
      if (this.inFlight === 0) this.end();
    } else if (error === null) {
      // The hot path: undici expects (and supports) the next request being queued from inside
      // onResponseEnd; it writes it once the response is fully processed.
      this.slotFree(slot, nowMs);
    } else if (this.inDispatch && (error as { code?: string }).code === "UND_ERR_INVALID_ARG") {
      // undici refused the request itself (e.g. a header value it cannot send): every request
      // would fail the same way, so the run stops and says why.
      this.invalidRequest = error;
      this.end();
    } else {
      // Errors are reported from inside undici's bookkeeping (sometimes from inside dispatch()),
      // where queueing the next request re-entrantly breaks its invariants: start it next turn.
      setImmediate(this.resumeSlot, slot);
    }
  }

  private readonly resumeSlot = (slot: RequestSlot): void => {
    if (this.accepting && slot.state === IDLE) this.slotFree(slot, performance.now());
    else if (!this.accepting && this.inFlight === 0) this.end();
  };

  private beginMeasure(): void {
    if (this.measuring || !this.accepting) return;
    this.measuring = true;
    this.bytesAtStart = this.meter.snapshot();
    this.health.start();
  }

  private endMeasure(): void {
    if (!this.accepting) return;
    this.accepting = false;
    this.health.stop();
    this.stopArrivals();
    if (this.inFlight === 0) this.end();
    else if (this.stoppedAtMs !== null) this.later(() => this.abandonInFlight(), ABORT_GRACE_MS);
  }

  /** A stop signal: no new requests; in-flight ones get `ABORT_GRACE_MS` to finish. */
  private stop(nowMs: number): void {
    if (this.ended || this.stoppedAtMs !== null) return;
    this.stoppedAtMs = nowMs;
    if (this.accepting) this.endMeasure();
    else this.later(() => this.abandonInFlight(), ABORT_GRACE_MS);
  }

  /** Whole-request timeouts, for every slot at once: one timer for the run, none per request. */
  private sweep(nowMs: number): void {
    this.expireWaiting(nowMs);
    for (const slot of this.slots) {
      if (slot.state !== BUSY || nowMs < slot.deadlineMs) continue;
      // Record before abandoning: aborting frees the slot, which may carry a new request at once.
      if (slot.measured) this.recorder.recordFailure(TIMEOUT_INDEX, 0, toUs(nowMs - slot.dueMs), nowMs);
      this.abandon(slot);
    }
    if (!this.accepting && this.inFlight === 0) this.end();
  }

  /** Cuts off what is still running after a stop: not recorded, left as unfinished in `total`. */
  private abandonInFlight(): void {
    for (const slot of this.slots) if (slot.state === BUSY) this.abandon(slot);
    this.end();
  }

  private abandon(slot: RequestSlot): void {
    slot.state = ABANDONED;
    this.inFlight--;
    // Both paths synchronously call onResponseError, which finds the slot abandoned and frees it.
    if (slot.controller !== null) {
      slot.controller.abort(ABANDON_REASON);
    } else {
      // Not even written: the connection is still being made (and undici's connect timer is
      // coarse, ~0.5 s). Give the slot a fresh connection rather than wait for that one.
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

  private later(fn: () => void, delayMs: number): void {
    this.timers.push(setTimeout(fn, Math.max(0, delayMs)));
  }
}
