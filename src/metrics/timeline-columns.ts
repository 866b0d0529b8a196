/** Seconds the timeline columns hold before they first grow (an hour: 14 kB a column). */
const INITIAL_SECONDS = 3600;

/**
 * The per-second columns of a timeline, sized for the seconds actually reached rather than the
 * planned duration: a run planned for days but stopped after a minute allocates a minute's worth,
 * and growth (doubling, capped at the planned seconds) happens at most a few times per run.
 */
export class TimelineColumns {
  ok: Uint32Array;
  errors: Uint32Array;
  /** Failures that were complete responses (a failing status, a stream error): `rps` counts them. */
  failedResponses: Uint32Array;
  good: Uint32Array | null;
  /** Float: estimated token counts need not be whole. */
  outputTokens: Float64Array | null;

  /** @param maxSeconds the planned seconds: no index at or past it is ever asked for. */
  constructor(
    readonly maxSeconds: number,
    good: boolean,
    outputTokens: boolean,
  ) {
    const n = Math.min(maxSeconds, INITIAL_SECONDS);
    this.ok = new Uint32Array(n);
    this.errors = new Uint32Array(n);
    this.failedResponses = new Uint32Array(n);
    this.good = good ? new Uint32Array(n) : null;
    this.outputTokens = outputTokens ? new Float64Array(n) : null;
  }

  /** Makes index `second` writable (a no-op on the hot path: one comparison). */
  reach(second: number): void {
    if (second < this.ok.length) return;
    const n = Math.min(this.maxSeconds, Math.max(second + 1, this.ok.length * 2));
    this.ok = grow(this.ok, new Uint32Array(n));
    this.errors = grow(this.errors, new Uint32Array(n));
    this.failedResponses = grow(this.failedResponses, new Uint32Array(n));
    if (this.good !== null) this.good = grow(this.good, new Uint32Array(n));
    if (this.outputTokens !== null) this.outputTokens = grow(this.outputTokens, new Float64Array(n));
  }
}

function grow<T extends Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
