import { performance } from "node:perf_hooks";
import { ERROR_KIND_INDEX } from "../metrics/error-kinds.js";
import { ArrivalQueue } from "./arrival-queue.js";
import { LoadEngine } from "./engine.js";
import type { RequestSlot } from "./request-slot.js";
import { type ArrivalSchedule, createSchedule } from "./schedule.js";
import type { ScenarioPlan } from "./types.js";

/**
 * Seconds of arrivals the client queue may hold while every connection is busy. A stall of up to
 * this long shows up in full in the due-time latency; beyond it, arrivals are counted as dropped
 * rather than growing memory without bound and hitting a recovering server with an unbounded
 * burst. (wrk2 keeps no queue at all; 10 s covers the stalls a latency budget is about.)
 */
export const QUEUE_SECONDS = 10;
/** Hard cap on the queue, whatever the rate (8 MB of due times). */
const MAX_QUEUE = 1_000_000;
/**
 * Node timers have 1 ms granularity and fire ~0.7 ms late on average, and that lateness would
 * count in the due-time latency. At rates whose gaps are at least `SPIN_MIN_GAP_MS`, the timer
 * aims `SPIN_WINDOW_MS` early and setImmediate polls (I/O keeps flowing) for the last stretch.
 * Measured at 300/s against a 20 ms server: no polling, p50 21.1 ms, 0.36 ms CPU per request;
 * a 0.5 ms window, p50 20.4 ms, 0.46 ms CPU; a 1 ms window, p50 20.3 ms but 1.0 ms CPU.
 * Faster schedules release arrivals in batches from a ~1 ms timer: polling there would keep a
 * core busy all the time.
 */
const SPIN_WINDOW_MS = 0.5;
const SPIN_MIN_GAP_MS = 2;

/** The client queue's bound: `QUEUE_SECONDS` of arrivals, at least one per connection. */
export function queueCapacity(ratePerSec: number, connections: number): number {
  return Math.min(MAX_QUEUE, Math.max(connections, Math.ceil(ratePerSec * QUEUE_SECONDS)));
}

/**
 * The open model: arrivals on an absolute schedule (t0 + offset(i)), independent of responses.
 * An arrival takes a free connection at once, else waits in a bounded queue (dropped when full).
 * Latency counts from the due time, so client-side waiting caused by a slow server is measured.
 * Warm-up and measured phase share one schedule: the measured phase just starts at t0 + warm-up.
 */
export class OpenModelEngine extends LoadEngine {
  private readonly schedule: ArrivalSchedule;
  private readonly queue: ArrivalQueue;
  private readonly free: RequestSlot[] = [];
  private readonly spin: boolean;
  private nextDueMs = 0;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private readonly tick = (): void => this.release();

  constructor(plan: ScenarioPlan, ratePerSec: number) {
    super(plan, true);
    this.schedule = createSchedule(ratePerSec, plan.load.arrival, plan.load.seed);
    this.queue = new ArrivalQueue(queueCapacity(ratePerSec, plan.load.connections));
    this.spin = 1000 / ratePerSec >= SPIN_MIN_GAP_MS;
  }

  protected startLoad(): void {
    this.free.push(...this.slots);
    this.nextDueMs = this.clock.t0Ms + this.schedule.next();
    this.release();
  }

  /** Releases every arrival due by now (catching up after any delay), then sleeps until the next. */
  private release(): void {
    this.timer = null;
    this.immediate = null;
    if (!this.accepting) return;
    let now = performance.now();
    while (this.nextDueMs <= now && this.nextDueMs < this.clock.measureEndMs) {
      this.arrive(this.nextDueMs);
      this.nextDueMs = this.clock.t0Ms + this.schedule.next();
      now = performance.now();
    }
    // Arrivals due at or after the end belong to no phase; the end-of-phase timer takes over.
    if (!this.accepting || this.nextDueMs >= this.clock.measureEndMs) return;
    const waitMs = this.nextDueMs - now;
    if (!this.spin) this.timer = setTimeout(this.tick, Math.ceil(waitMs));
    else if (waitMs >= SPIN_WINDOW_MS + 1)
      this.timer = setTimeout(this.tick, Math.floor(waitMs - SPIN_WINDOW_MS));
    else this.immediate = setImmediate(this.tick);
  }

  private arrive(dueMs: number): void {
    const slot = this.free.pop();
    if (slot !== undefined) this.dispatch(slot, dueMs);
    else if (!this.queue.push(dueMs) && dueMs >= this.clock.measureStartMs) this.dropped++;
  }

  protected slotFree(slot: RequestSlot, nowMs: number): void {
    while (this.queue.size > 0) {
      const dueMs = this.queue.shift();
      if (nowMs - dueMs < this.timeoutMs) {
        this.dispatch(slot, dueMs);
        return;
      }
      // Waited out its whole timeout in the queue: a timeout the user would have seen.
      this.recordUnsent(ERROR_KIND_INDEX.timeout, dueMs, nowMs);
    }
    this.free.push(slot);
  }

  /** Queued arrivals whose timeout ran out while every connection stayed busy. */
  protected override expireWaiting(nowMs: number): void {
    while (this.queue.size > 0 && nowMs - this.queue.peek() >= this.timeoutMs) {
      this.recordUnsent(ERROR_KIND_INDEX.timeout, this.queue.shift(), nowMs);
    }
  }

  /** End of the measured phase: no more arrivals; those still queued were never sent: dropped. */
  protected stopArrivals(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.immediate !== null) clearImmediate(this.immediate);
    while (this.queue.size > 0) {
      if (this.queue.shift() >= this.clock.measureStartMs) this.dropped++;
    }
  }
}
