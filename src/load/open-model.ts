import { performance } from "node:perf_hooks";
import { ERROR_KIND_INDEX } from "../metrics/error-kinds.js";
import { toUs } from "../metrics/recorder.js";
import { ArrivalQueue } from "./arrival-queue.js";
import { LoadEngine } from "./engine.js";
import { partSchedule, WHOLE } from "./part.js";
import type { RequestSlot } from "./request-slot.js";
import { type ArrivalSchedule, createSchedule } from "./schedule.js";
import { rateCurveOf } from "./stage-shape.js";
import { stagedSchedule } from "./staged-schedule.js";
import type { ScenarioPlan } from "./types.js";

/**
 * Seconds of arrivals the client queue may hold while every connection is busy. A stall of up to
 * this long shows up in full in the due-time latency; beyond it, arrivals are counted as dropped
 * rather than growing memory without bound and hitting a recovering server with an unbounded
 * burst. (wrk2 keeps no queue at all; 10 s covers the stalls a latency budget is about.)
 */
export const QUEUE_SECONDS = 10;
/** Hard cap on the queue, whatever the rate (8 MB of offsets). */
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
/**
 * Longest stretch one turn of `release()` may hold the event loop, in ms. A generator that is
 * behind (a rate it cannot send) continues on the next turn (setImmediate), so responses, timers
 * and stop signals are served between slices instead of after the backlog, which never ends.
 */
export const RELEASE_SLICE_MS = 1;

/**
 * How long after its due time the generator may get to an arrival (release it to a connection,
 * or to the queue when none is free) before it counts as released late
 * (`GeneratorHealth.lateReleases`), ms: timers fire up to a couple of ms late on an idle machine;
 * 10 ms late is this machine falling behind. Whether a connection was free is the server's
 * business; when the release happens is the generator's alone.
 */
export const LATE_RELEASE_MS = 10;

/** The client queue's bound: `QUEUE_SECONDS` of arrivals, at least one per connection. */
export function queueCapacity(ratePerSec: number, connections: number): number {
  return Math.min(MAX_QUEUE, Math.max(connections, Math.ceil(ratePerSec * QUEUE_SECONDS)));
}

/**
 * The open model: arrivals on an absolute schedule (t0 + offset(i)), independent of responses.
 * An arrival takes a free connection at once, else waits in a bounded queue (dropped when full).
 * Latency counts from the due time, so client-side waiting caused by a slow server is measured.
 * Warm-up and measured phase share one schedule: the measured phase just starts at t0 + warm-up.
 *
 * Every arrival the schedule has due in the measured phase is accounted for exactly once:
 * `due = total + droppedQueueFull + droppedAtEnd`, where `total` counts those sent and those that
 * expired in the queue. Phase membership is decided on the schedule's own offsets (measured:
 * offset in [warm-up, warm-up + duration), or up to the stop), so `due` is the schedule's count.
 */
export class OpenModelEngine extends LoadEngine {
  /** Measured arrivals the schedule had due (sent, expired in the queue, or dropped). */
  due = 0;
  /** Measured arrivals dropped because the queue was full when they were due. */
  droppedQueueFull = 0;
  /** Measured arrivals still queued (no free connection) when the measured phase ended. */
  droppedAtEnd = 0;
  /** Measured arrivals this engine got to (released to a connection or the queue), and the late ones. */
  released = 0;
  lateReleases = 0;
  private readonly schedule: ArrivalSchedule;
  private readonly queue: ArrivalQueue;
  private readonly free: RequestSlot[] = [];
  private readonly spin: boolean;
  /** Schedule offsets (ms from t0) where the measured phase starts and where it is planned to end. */
  private readonly measureStartOffsetMs: number;
  private readonly measureEndOffsetMs: number;
  /** Offset of the next arrival not handled yet. */
  private nextOffsetMs = 0;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private readonly tick = (): void => this.release();

  constructor(plan: ScenarioPlan, ratePerSec: number) {
    super(plan, true);
    // A load shape follows its rate curve; `ratePerSec` is then its peak (queue bound, spinning).
    // A part of a split load keeps its own arrivals of the whole schedule (part.ts).
    this.schedule = partSchedule(
      plan.load.stages === undefined
        ? createSchedule(ratePerSec, plan.load.arrival, plan.load.seed)
        : stagedSchedule(rateCurveOf(plan.load), plan.load.arrival, plan.load.seed),
      plan.part ?? WHOLE,
    );
    this.queue = new ArrivalQueue(queueCapacity(ratePerSec, plan.load.connections));
    this.spin = 1000 / ratePerSec >= SPIN_MIN_GAP_MS;
    this.measureStartOffsetMs = plan.load.warmupMs;
    this.measureEndOffsetMs = plan.load.warmupMs + plan.load.durationMs;
  }

  protected startLoad(): void {
    this.free.push(...this.slots);
    this.nextOffsetMs = this.schedule.next();
    this.release();
  }

  /**
   * Releases the arrivals due by now (catching up after any delay), then sleeps until the next.
   * At most `RELEASE_SLICE_MS` per turn: when behind, it goes on after the loop has breathed.
   */
  private release(): void {
    this.timer = null;
    this.immediate = null;
    const t0 = this.clock.t0Ms;
    const sliceEndMs = performance.now() + RELEASE_SLICE_MS;
    let now = performance.now();
    while (this.accepting && this.nextOffsetMs < this.measureEndOffsetMs && t0 + this.nextOffsetMs <= now) {
      this.handleDue(now - t0, now);
      now = performance.now();
      if (now >= sliceEndMs) {
        if (this.accepting) this.immediate = setImmediate(this.tick);
        return;
      }
    }
    // Arrivals due at or after the end belong to no phase; the end-of-phase timer takes over.
    if (!this.accepting || this.nextOffsetMs >= this.measureEndOffsetMs) return;
    const waitMs = t0 + this.nextOffsetMs - now;
    if (!this.spin) this.timer = setTimeout(this.tick, Math.ceil(waitMs));
    else if (waitMs >= SPIN_WINDOW_MS + 1)
      this.timer = setTimeout(this.tick, Math.floor(waitMs - SPIN_WINDOW_MS));
    else this.immediate = setImmediate(this.tick);
  }

  /**
   * The arrival at `nextOffsetMs` is due (`nowOffsetMs` is now, as an offset): send it on a free
   * connection, or queue it; when the queue is full, it and every arrival due up to now are
   * dropped in one step (counted, not looped over: a rate far beyond the machine stays bounded).
   */
  private handleDue(nowOffsetMs: number, nowMs: number): void {
    const offset = this.nextOffsetMs;
    if (offset >= this.measureStartOffsetMs) {
      this.released++;
      if (nowOffsetMs - offset > LATE_RELEASE_MS) this.lateReleases++;
    }
    const slot = this.free.pop();
    if (slot !== undefined) {
      this.take(offset);
      this.dispatch(slot, this.clock.t0Ms + offset, offset >= this.measureStartOffsetMs);
      return;
    }
    if (this.queue.size === this.queue.capacity) this.expireWaiting(nowMs);
    const queued = this.queue.push(offset);
    this.take(offset);
    if (queued) return;
    if (offset >= this.measureStartOffsetMs) this.droppedQueueFull++;
    this.droppedQueueFull += this.skipDue(Math.min(nowOffsetMs, this.measureEndOffsetMs));
  }

  /** Moves past the arrival at `offset`, counting it when it is measured. */
  private take(offset: number): void {
    if (offset >= this.measureStartOffsetMs) this.due++;
    this.nextOffsetMs = this.schedule.next();
  }

  /**
   * Passes over every arrival from `nextOffsetMs` up to (not including) `limitOffsetMs` without
   * sending it; returns how many of them were measured (and counts those in `due`).
   */
  private skipDue(limitOffsetMs: number): number {
    if (this.nextOffsetMs >= limitOffsetMs) return 0;
    const start = this.measureStartOffsetMs;
    let measured = 0;
    if (this.nextOffsetMs < start) {
      // Warm-up arrivals first: passed over, counted nowhere.
      const warmupEnd = Math.min(start, limitOffsetMs);
      this.schedule.skipBelow(warmupEnd);
      this.nextOffsetMs = this.schedule.next();
      if (this.nextOffsetMs < limitOffsetMs) measured = this.skipMeasured(limitOffsetMs);
    } else {
      measured = this.skipMeasured(limitOffsetMs);
    }
    this.due += measured;
    return measured;
  }

  /** `skipDue` for arrivals known to be measured: the pending one plus those the schedule skips. */
  private skipMeasured(limitOffsetMs: number): number {
    const n = 1 + this.schedule.skipBelow(limitOffsetMs);
    this.nextOffsetMs = this.schedule.next();
    return n;
  }

  protected slotFree(slot: RequestSlot, nowMs: number): void {
    this.expireWaiting(nowMs);
    if (this.queue.size === 0) {
      this.free.push(slot);
      return;
    }
    const offset = this.queue.shift();
    this.dispatch(slot, this.clock.t0Ms + offset, offset >= this.measureStartOffsetMs);
  }

  /**
   * Queued arrivals that waited out their whole timeout while every connection stayed busy: a
   * timeout the user would have seen, recorded at that timeout. They are a prefix of the queue
   * (it is in due order), counted by binary search: O(log n) however many expired together.
   */
  protected override expireWaiting(nowMs: number): void {
    const q = this.queue;
    if (q.size === 0) return;
    const lastExpiredOffsetMs = nowMs - this.clock.t0Ms - this.timeoutMs;
    const expired = q.countBelow(lastExpiredOffsetMs, true);
    if (expired === 0) return;
    const warmup = Math.min(expired, q.countBelow(this.measureStartOffsetMs));
    q.dropOldest(expired);
    this.recordUnsent(
      ERROR_KIND_INDEX.timeout,
      expired - warmup,
      toUs(this.timeoutMs),
      nowMs,
      `waited out the request's timeout (${this.timeoutMs} ms) in the client queue: every connection ` +
        `stayed busy; raise connections (${this.plan.load.connections}) or lower rate`,
    );
  }

  /**
   * End of the measured phase at `endMs`: arrivals due before it that `release()` had not reached
   * yet (its timer or its next slice was still to come) are sent on the connections that are free
   * and otherwise count as they would have: queued (so dropped at the end) while the queue had
   * room, dropped as queue-full beyond. Then everything still queued is dropped at the end.
   */
  protected stopArrivals(endMs: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    const limit = Math.min(endMs - this.clock.t0Ms, this.measureEndOffsetMs);
    this.expireWaiting(performance.now());
    while (this.accepting && this.nextOffsetMs < limit && this.queue.size === 0) {
      const slot = this.free.pop();
      if (slot === undefined) break;
      const offset = this.nextOffsetMs;
      this.take(offset);
      this.dispatch(slot, this.clock.t0Ms + offset, offset >= this.measureStartOffsetMs);
    }
    const q = this.queue;
    const room = q.capacity - q.size;
    const late = this.skipDue(limit);
    const queuedMeasured = q.size - Math.min(q.size, q.countBelow(this.measureStartOffsetMs));
    this.droppedAtEnd += queuedMeasured + Math.min(late, room);
    this.droppedQueueFull += late - Math.min(late, room);
    q.dropOldest(q.size);
  }
}
