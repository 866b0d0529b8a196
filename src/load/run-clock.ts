import type { LoadSpec } from "../budget/types.js";

/** The longest delay a Node timer takes as asked (2^31 − 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The timeline of one run on the monotonic clock (`performance.now()` ms): warm-up from t0, the
 * measured phase from t0 + warm-up for `durationMs`, or until a stop signal. Also owns the run's
 * few timers (phase changes, the timeout sweep, the abort grace), so they are cleared together.
 */
export class RunClock {
  t0Ms = 0;
  measureStartMs = 0;
  measureEndMs = 0;
  /** When a stop signal arrived, or null. */
  stoppedAtMs: number | null = null;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly load: LoadSpec) {}

  /** Fixes t0 (the first request may leave now) and the phases after it. */
  start(nowMs: number): void {
    this.t0Ms = nowMs;
    this.measureStartMs = nowMs + this.load.warmupMs;
    this.measureEndMs = this.measureStartMs + this.load.durationMs;
  }

  /** Length of the measured phase as it ran (shorter when stopped early), in ms. */
  measuredDurationMs(): number {
    const planned = this.load.durationMs;
    if (this.stoppedAtMs === null) return planned;
    return Math.min(planned, Math.max(0, this.stoppedAtMs - this.measureStartMs));
  }

  /**
   * Runs `fn` once, `delayMs` from now. Node fires a timer longer than ~24.8 days after 1 ms
   * (TimeoutOverflowWarning): longer delays are chained through timers Node can hold.
   */
  after(delayMs: number, fn: () => void): void {
    const delay = Math.max(0, delayMs);
    if (delay <= MAX_TIMER_MS) {
      this.timers.push(setTimeout(fn, delay));
      return;
    }
    this.timers.push(setTimeout(() => this.after(delay - MAX_TIMER_MS, fn), MAX_TIMER_MS));
  }

  /** Runs `fn` every `periodMs` until `clear()`. */
  every(periodMs: number, fn: () => void): void {
    this.timers.push(setInterval(fn, periodMs));
  }

  /** Cancels every timer of the run. */
  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.length = 0;
  }
}
