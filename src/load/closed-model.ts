import { performance } from "node:perf_hooks";
import { LoadEngine } from "./engine.js";
import type { RequestSlot } from "./request-slot.js";
import type { ScenarioPlan } from "./types.js";

/**
 * The closed model: `connections` loops, each sending its next request the moment the previous
 * one ends. The next request is dispatched from inside the previous one's completion callback
 * (same slot, same handler object), which is the leanest path undici offers. A closed loop cannot
 * see a stall the way the open model does: while the server is stuck, it simply stops asking.
 */
export class ClosedModelEngine extends LoadEngine {
  /** Latency counts from the moment undici writes the request (the "send" of a closed loop). */
  constructor(plan: ScenarioPlan) {
    super(plan, false);
  }

  protected startLoad(): void {
    const now = performance.now();
    for (const slot of this.slots) this.dispatch(slot, now);
  }

  protected slotFree(slot: RequestSlot, nowMs: number): void {
    // The loop issues its next request now: that moment is its "due" time.
    this.dispatch(slot, nowMs);
  }

  protected stopArrivals(): void {}
}
