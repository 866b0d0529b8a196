import { rowAt } from "../data/row-at.js";
import type { DataSet } from "../data/types.js";
import { requestRandom } from "../template/random.js";
import type { IterationContext } from "./flow-slot.js";
import { globalIteration, type LoadPart, WHOLE } from "./part.js";

const NO_VARS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * Hands out the template values of each new iteration: its `seq` (0, 1, 2 … per scenario run,
 * continued across the rounds of a side-by-side run through the shared `sequence`), a random
 * source seeded from (seed, seq) so iteration N's values are the same in every run with the
 * same seed whatever the concurrency, its data row, and the setup's captured values. A part of
 * a split load (a worker's, a shard's) numbers its iterations as the whole scenario would
 * (`globalIteration`): iteration n sends the same values however the load is split.
 */
export class IterationSource {
  constructor(
    private readonly seed: number,
    private readonly data: DataSet | undefined,
    private readonly setup: Readonly<Record<string, string>>,
    private readonly sequence: { next: number },
    /** Iterations capture values (`vars` starts empty and fills up); else one frozen empty map. */
    private readonly captures: boolean,
    private readonly part: LoadPart = WHOLE,
  ) {}

  /** The next iteration's context. */
  next(): IterationContext {
    const seq = globalIteration(this.sequence.next++, this.part);
    return {
      seq,
      random: requestRandom(this.seed, seq),
      row: this.data === undefined ? undefined : rowAt(this.data, seq),
      vars: this.captures ? {} : NO_VARS,
      setup: this.setup,
    };
  }
}
