/**
 * A capacity search side by side (`load.capacity` with `baseline_target`): the baseline target
 * (A) and the target (B) are each searched exactly as a lone search would be (same spec, same
 * steps, same judgement), and the two searches take turns step by step in blocks A B B A /
 * B A A B drawn from the scenario's seed (load/side-turns.ts), so the machine's drift falls on
 * both while neither ever loads at the same moment as the other. Each search picks its own next
 * rate; when one has finished, the other goes on alone.
 */
import type { Scenario } from "./budget/types.js";
import { SideTurnstile, sideOrder } from "./load/side-turns.js";
import type { RunControl } from "./load/types.js";
import { rateText } from "./report/capacity-record.js";
import type { Side } from "./report/types.js";
import { type CapacityOutcome, type CapacitySide, runCapacity } from "./run-capacity.js";
import type { SideBySideOutcome } from "./run-side-by-side.js";

/**
 * Runs both searches of `scenario` (which must have `load.capacity`), `sides.baseline` against
 * the baseline target and `sides.target` against the target. The live line names the side and
 * the step's rate (`knee · baseline 80/s`). Aborting `control.signal` stops both (each search
 * then ends `interrupted`). When a step cannot be sent at all (a `RunError`), the other search is
 * stopped too and the error is thrown once both have ended. Outcome as `runSideBySide`'s: both
 * null when the target measured no step; `baseline` null when only the baseline did not.
 */
export async function runCapacitySideBySide(
  scenario: Scenario,
  sides: Readonly<Record<Side, CapacitySide>>,
  control: RunControl = {},
): Promise<SideBySideOutcome> {
  const turnstile = new SideTurnstile(sideOrder(scenario.load.seed));
  // Stops the other search when one fails: it must not load on alone behind a thrown error.
  const failed = new AbortController();
  const signal =
    control.signal === undefined ? failed.signal : AbortSignal.any([control.signal, failed.signal]);
  const search = async (side: Side): Promise<CapacityOutcome> => {
    try {
      return await runCapacity(
        scenario,
        sides[side],
        { ...control, signal },
        {
          turn: (work) => turnstile.turn(side, work),
          name: (rate) => `${scenario.name} · ${side} ${rateText(rate)}`,
        },
      );
    } catch (error) {
      failed.abort();
      throw error;
    } finally {
      turnstile.finish(side);
    }
  };
  const [a, b] = await Promise.allSettled([search("baseline"), search("target")]);
  if (a.status === "rejected") throw a.reason;
  if (b.status === "rejected") throw b.reason;
  const [baseline, target] = [a.value, b.value];
  if (target.target === null) return { target: null, baseline: null, incomplete: true };
  return {
    target: target.target,
    baseline: baseline.target,
    incomplete: target.incomplete || baseline.incomplete,
  };
}
