import { performance } from "node:perf_hooks";
import { LoadEngine } from "./engine.js";
import { partLoops } from "./part.js";
import type { RequestSlot } from "./request-slot.js";
import { loopTarget } from "./stage-shape.js";
import type { ScenarioPlan } from "./types.js";

/** How often a closed-model load shape moves its loop count toward the target. */
const LOOP_TICK_MS = 50;

/**
 * The closed model: `connections` loops, each sending its next request the moment the previous
 * one ends. The next request is dispatched from inside the previous one's completion callback
 * (same slot, same handler object), which is the leanest path undici offers. A closed loop cannot
 * see a stall the way the open model does: while the server is stuck, it simply stops asking.
 */
export class ClosedModelEngine extends LoadEngine {
  /** Load shapes (`load.stages`): loops parked while the target is below the slot count. */
  private readonly parked: RequestSlot[] = [];
  private active = 0;

  /** Latency counts from the moment undici writes the request (the "send" of a closed loop). */
  constructor(plan: ScenarioPlan) {
    super(plan, false);
  }

  protected startLoad(): void {
    const now = performance.now();
    const stages = this.plan.load.stages;
    if (stages === undefined) {
      for (const slot of this.slots) this.dispatch(slot, now);
      return;
    }
    // A shape starts with its loops parked, and a 50 ms tick moves the loop count to its target.
    this.parked.push(...this.slots);
    this.adjustLoops(now);
    this.clock.every(LOOP_TICK_MS, () => this.adjustLoops(performance.now()));
  }

  protected slotFree(slot: RequestSlot, nowMs: number): void {
    // Above the shape's target: this loop rests until the target rises again.
    if (this.plan.load.stages !== undefined && this.active > this.target(nowMs)) {
      this.active--;
      this.parked.push(slot);
      return;
    }
    // The loop issues its next request now: that moment is its "due" time.
    this.dispatch(slot, nowMs);
  }

  private target(nowMs: number): number {
    const load = this.plan.load;
    // A part (worker, shard) runs its own loops of the whole shape's target (part.ts `partLoops`).
    return partLoops(
      loopTarget(load.stages ?? [], nowMs - this.clock.measureStartMs, load.startConnections),
      this.plan.part,
    );
  }

  /** Starts parked loops until the count meets the target (lowering it waits for loops to end). */
  private adjustLoops(nowMs: number): void {
    if (!this.accepting) return;
    const target = this.target(nowMs);
    while (this.active < target) {
      const slot = this.parked.pop();
      if (slot === undefined) return;
      this.active++;
      this.dispatch(slot, nowMs);
    }
  }

  protected stopArrivals(): void {}
}
