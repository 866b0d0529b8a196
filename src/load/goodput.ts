import type { Slo } from "../budget/types.js";

/**
 * The per-request objectives of an `slo`, turned once into µs limits so that checking a request
 * compares the very integers the histograms record. An objective the slo does not set is
 * `Infinity` and always met.
 */
export class SloCheck {
  private readonly latencyUs: number;
  private readonly ttfbUs: number;
  private readonly ttftUs: number;
  private readonly tpotUs: number;

  constructor(slo: Slo) {
    this.latencyUs = limitUs(slo.latencyMs);
    this.ttfbUs = limitUs(slo.ttfbMs);
    this.ttftUs = limitUs(slo.ttftMs);
    this.tpotUs = limitUs(slo.tpotMs);
  }

  /**
   * Whether an ok request is good: it meets every objective set. `ttftUs` is -1 for a request
   * with no content (it misses a ttft objective: nothing came), `tpotUs` -1 for one with at most
   * one token (there is no time per output token to miss, so a tpot objective is met).
   */
  meets(latencyUs: number, ttfbUs: number, ttftUs: number, tpotUs: number): boolean {
    if (latencyUs > this.latencyUs || ttfbUs > this.ttfbUs || tpotUs > this.tpotUs) return false;
    if (this.ttftUs === Number.POSITIVE_INFINITY) return true;
    return ttftUs >= 0 && ttftUs <= this.ttftUs;
  }
}

function limitUs(ms: number | undefined): number {
  return ms === undefined ? Number.POSITIVE_INFINITY : Math.round(ms * 1000);
}
