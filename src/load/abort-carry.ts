/**
 * What the earlier runs of one side measured, for the abort watch (abort-watch.ts) to judge WITH
 * the running one. Side by side, a side's `duration` is measured in rounds of a few seconds; an
 * `abort: true` threshold judges the target side's data so far — its earlier rounds and the
 * running one — as a plain run's watch judges everything measured so far. Judging each round
 * alone would restart the evidence every round: a limit breached by a margin that needs more than
 * one round's requests to be beyond doubt would never stop the run.
 *
 * Kept as one running total (counts summed, one histogram per watched family) updated once per
 * finished round, so a check every 200 ms adds two histograms, not one per earlier round.
 */
import type { Histogram } from "hdr-histogram-js";
import { STREAM_TIME_FAMILIES } from "../metrics/catalogue.js";
import { createHistogram, decodeHistogram, encodeHistogram } from "../metrics/histogram.js";
import type { ScenarioResult } from "../metrics/types.js";
import type { StreamOnlyFamily, WatchedRun } from "./abort-watch.js";

type Family = "latency" | (typeof STREAM_TIME_FAMILIES)[number];
const FAMILIES: readonly Family[] = ["latency", ...STREAM_TIME_FAMILIES];
/** The families a streamed view's stream part carries (ttfb is the recorder's). */
const STREAM_ONLY = STREAM_TIME_FAMILIES.filter((f): f is StreamOnlyFamily => f !== "ttfb");

/** An `AbortCarry` as plain data, to post to a worker thread (histograms HDR-encoded). */
export interface WireCarry {
  readonly ok: number;
  readonly failed: number;
  readonly streamed: boolean;
  readonly totals: readonly (readonly [Family, string])[];
}

/** Earlier runs' totals of the families the watch reads; `destroy()` frees its histograms. */
export class AbortCarry {
  private ok = 0;
  private failed = 0;
  private streamed = false;
  private readonly totals = new Map<Family, Histogram>();
  /** Reused by `view`: totals + the running run, rebuilt at each check. */
  private readonly scratch = new Map<Family, Histogram>();

  /** Adds a finished run's counts and histograms (read, never destroyed: the caller owns them). */
  add(result: ScenarioResult): void {
    this.ok += result.requests.ok;
    this.failed += result.requests.failed;
    if (result.stream !== undefined) this.streamed = true;
    for (const family of FAMILIES) {
      // ttfb is every run's phase histogram (streamed or not); the rest are the stream's.
      const h =
        family === "latency" ? result.latency : family === "ttfb" ? result.ttfb : result.stream?.[family];
      if (h !== undefined) this.histogram(this.totals, family).add(h);
    }
  }

  /** This carry as plain data (a worker thread rebuilds it with `fromWire`). */
  toWire(): WireCarry {
    return {
      ok: this.ok,
      failed: this.failed,
      streamed: this.streamed,
      totals: [...this.totals].map(([family, h]) => [family, encodeHistogram(h)] as const),
    };
  }

  /** A carry equal to the one `wire` was made of; the caller destroys it. */
  static fromWire(wire: WireCarry): AbortCarry {
    const carry = new AbortCarry();
    carry.ok = wire.ok;
    carry.failed = wire.failed;
    carry.streamed = wire.streamed;
    for (const [family, base64] of wire.totals) carry.totals.set(family, decodeHistogram(base64));
    return carry;
  }

  /** The running `run` with the earlier runs added: what the watch judges. Valid until the next call. */
  view(run: WatchedRun): WatchedRun {
    const combined = (family: Family, live: Histogram | undefined): Histogram => {
      const h = this.histogram(this.scratch, family);
      h.reset();
      const total = this.totals.get(family);
      if (total !== undefined) h.add(total);
      if (live !== undefined) h.add(live);
      return h;
    };
    const stream = run.stream;
    const ttfb = run.recorder.ttfb;
    const recorder = {
      ok: this.ok + run.recorder.ok,
      failed: this.failed + run.recorder.failed,
      latency: combined("latency", run.recorder.latency),
      ...(ttfb === undefined && !this.totals.has("ttfb") ? {} : { ttfb: combined("ttfb", ttfb) }),
    };
    if (stream === null && !this.streamed) return { recorder, stream: null };
    const families = Object.fromEntries(STREAM_ONLY.map((f) => [f, combined(f, stream?.[f])])) as Record<
      StreamOnlyFamily,
      Histogram
    >;
    return { recorder, stream: families };
  }

  destroy(): void {
    for (const h of [...this.totals.values(), ...this.scratch.values()]) h.destroy();
    this.totals.clear();
    this.scratch.clear();
  }

  private histogram(map: Map<Family, Histogram>, family: Family): Histogram {
    let h = map.get(family);
    if (h === undefined) {
      h = createHistogram();
      map.set(family, h);
    }
    return h;
  }
}
