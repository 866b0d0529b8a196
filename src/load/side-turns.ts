/**
 * Turns of two processes that must never load at the same moment but should share the machine's
 * drift: the two capacity searches of a side-by-side run. Their steps alternate in blocks of four,
 * A B B A or B A A B, each block's orientation drawn from the seed by `sideOrder`, the one drawing
 * `planRounds` uses for a side-by-side run's rounds too (see rounds.ts for why it is drawn): a drift linear in time
 * then falls on both sides alike within every block. Each search still picks its own next rate;
 * the turnstile only decides whose step runs next.
 */
import type { Side } from "../report/types.js";
import { mulberry32 } from "./schedule.js";

/**
 * The sides' order for ever: pair p of the run is (A, B) or (B, A), blocks of two pairs, each
 * block's orientation drawn from `seed` (`planRounds` takes its rounds' sides from it).
 */
export function* sideOrder(seed: number): Generator<Side> {
  const random = mulberry32(seed);
  let flipped = false;
  for (let pair = 0; ; pair++) {
    if (pair % 2 === 0) flipped = random() < 0.5;
    const baselineFirst = (pair % 2 === 0) !== flipped;
    yield baselineFirst ? "baseline" : "target";
    yield baselineFirst ? "target" : "baseline";
  }
}

/**
 * Serializes the two sides' work in `order`: `turn(side, work)` waits until the order reaches
 * `side`, runs `work` alone, then hands the turn on. Once a side is `finish`ed its turns are
 * skipped, so the other goes on alone. A side must call `turn` again or `finish` after each
 * turn, or the other side waits for it (the searches always do one or the other).
 */
export class SideTurnstile {
  private readonly order: Iterator<Side>;
  private readonly finished = new Set<Side>();
  private readonly waiting = new Map<Side, () => void>();
  private current: Side;
  private busy = false;

  constructor(order: Iterator<Side>) {
    this.order = order;
    this.current = this.next();
  }

  /** Runs `work` on `side`'s next turn; its result (or error) is the turn's. */
  async turn<T>(side: Side, work: () => Promise<T>): Promise<T> {
    if (this.busy || this.current !== side) {
      await new Promise<void>((resolve) => this.waiting.set(side, resolve));
    }
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
      this.advance();
    }
  }

  /** `side` takes no more turns: the other side's work runs back to back from now on. */
  finish(side: Side): void {
    this.finished.add(side);
    if (!this.busy && this.current === side) this.advance();
  }

  /** The next turn of a side still running (the last one drawn when both have finished). */
  private next(): Side {
    for (;;) {
      const side = this.order.next().value as Side;
      if (!this.finished.has(side) || this.finished.size === 2) return side;
    }
  }

  private advance(): void {
    if (this.finished.size === 2) return;
    this.current = this.next();
    const wake = this.waiting.get(this.current);
    if (wake === undefined) return;
    this.waiting.delete(this.current);
    wake();
  }
}
