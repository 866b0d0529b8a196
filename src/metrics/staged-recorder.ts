import type { StageSpec, StreamFormat } from "../budget/types.js";
import { MetricsRecorder, type RecorderExtras } from "./recorder.js";
import { SecondLatency } from "./second-latency.js";
import { StreamRecorder } from "./stream-recorder.js";
import type { TimelinePoint } from "./types.js";

/** Half a µs and a little more: how far a due time rebuilt from a whole-µs latency can be off. */
const DUE_ROUNDING_MS = 0.001;

/**
 * The recorder of a scenario with a load shape (`load.stages`): it records like any other, and
 * also into the recorder of the stage each request was DUE in (its completion time minus its
 * latency, which counts from the due time in the open model and from the send in the closed
 * one), so a spike's p99 is the spike's own requests' even when they complete after it. Each
 * stage recorder keeps the whole window's timeline; a stage's result takes its own stretch of it
 * (`stageTimeline`).
 *
 * A streamed scenario also has one `StreamRecorder` per stage (`stageStreams`), fed by the
 * stream recording through `stageIndex` — the same rule, on the same numbers — so a stage's ttft
 * and its goodput are those of the requests due in it too.
 *
 * Its own timeline (the scenario's) also says which stage each second starts in and holds the
 * latency p50 / p95 / p99 of each second's completions (`SecondLatency`: one live histogram).
 * Only load shapes pay for that: a plain scenario's recorder is a `MetricsRecorder`.
 */
export class StagedRecorder extends MetricsRecorder {
  /** One recorder per stage, in order. */
  readonly stageRecorders: readonly MetricsRecorder[];
  /** Streamed scenarios: one stream recorder per stage, in order; null otherwise. */
  readonly stageStreams: readonly StreamRecorder[] | null;
  /** Stage ends, ms after the measured phase began. */
  private readonly endsMs: readonly number[];
  private readonly names: readonly string[];
  private readonly latencyBySecond = new SecondLatency();
  private measureStartMs = 0;

  /** @param streamFormat the scenario's stream format when it streams (then `stageStreams` exist). */
  constructor(
    durationMs: number,
    extras: RecorderExtras,
    stages: readonly StageSpec[],
    streamFormat: StreamFormat | null = null,
  ) {
    super(durationMs, extras);
    this.stageRecorders = stages.map(() => new MetricsRecorder(durationMs, extras));
    this.stageStreams = streamFormat === null ? null : stages.map(() => new StreamRecorder(streamFormat));
    this.names = stages.map((s) => s.name);
    let at = 0;
    this.endsMs = stages.map((s) => {
      at += s.durationMs;
      return at;
    });
  }

  override startTimeline(atMs: number): void {
    super.startTimeline(atMs);
    this.measureStartMs = atMs;
    for (const r of this.stageRecorders) r.startTimeline(atMs);
  }

  override endWindow(atMs: number): void {
    super.endWindow(atMs);
    for (const r of this.stageRecorders) r.endWindow(atMs);
  }

  override recordOk(
    status: number,
    latencyUs: number,
    uncorrectedUs: number,
    queueUs: number,
    atMs: number,
  ): void {
    super.recordOk(status, latencyUs, uncorrectedUs, queueUs, atMs);
    this.stageAt(atMs, latencyUs).recordOk(status, latencyUs, uncorrectedUs, queueUs, atMs);
    const s = this.second(atMs);
    if (s >= 0) this.latencyBySecond.record(s, latencyUs);
  }

  override recordPhases(ttfbUs: number, bodyUs: number, latencyUs: number, atMs: number): void {
    super.recordPhases(ttfbUs, bodyUs, latencyUs, atMs);
    this.stageAt(atMs, latencyUs).recordPhases(ttfbUs, bodyUs, latencyUs, atMs);
  }

  override recordFailure(kindIndex: number, status: number, latencyUs: number, atMs: number): void {
    super.recordFailure(kindIndex, status, latencyUs, atMs);
    this.stageAt(atMs, latencyUs).recordFailure(kindIndex, status, latencyUs, atMs);
  }

  override recordFailures(kindIndex: number, count: number, latencyUs: number, atMs: number): void {
    super.recordFailures(kindIndex, count, latencyUs, atMs);
    this.stageAt(atMs, latencyUs).recordFailures(kindIndex, count, latencyUs, atMs);
  }

  /**
   * Each second also says which stage it starts in (`stage`), and, when some ok request completed
   * in it, the p50 / p95 / p99 of their latencies (ms).
   */
  override timeline(durationMs: number): TimelinePoint[] {
    return super.timeline(durationMs).map((point) => {
      const q = this.latencyBySecond.at(point.t);
      const stage = this.names[this.stageIndexSince(point.t * 1000)] ?? "";
      if (q === undefined) return { ...point, stage };
      return { ...point, stage, latencyP50Ms: q.p50Ms, latencyP95Ms: q.p95Ms, latencyP99Ms: q.p99Ms };
    });
  }

  /**
   * Stage `index`'s own seconds of its recorder's timeline, renumbered from 0: the seconds from
   * the one it starts in, one per started second of the `ranMs` it ran. A stage's block is read
   * like a scenario's — its rates per second of its own length, `rps_stdev` and the regression's
   * per-second series over its whole seconds from t = 0 — so the whole window's timeline (zeros
   * before the stage, then its seconds) would put the first stage's seconds under every stage.
   * Requests due in the stage that complete after it count in its totals, not in its timeline.
   * A stage that starts between two whole seconds keeps the second it starts in, whole.
   */
  stageTimeline(index: number, ranMs: number, durationMs: number): TimelinePoint[] {
    const startMs = this.endsMs[index - 1] ?? 0;
    const fromS = Math.floor(startMs / 1000);
    // Every second the stage's stretch touches: 1.5 s … 2.5 s is seconds 1 and 2, not 1 alone.
    const seconds = Math.max(1, Math.ceil((startMs + ranMs) / 1000) - fromS);
    const recorder = this.stageRecorders[index];
    if (recorder === undefined) return [];
    return recorder
      .timeline(durationMs)
      .slice(fromS, fromS + seconds)
      .map((point) => ({ ...point, t: point.t - fromS }));
  }

  override destroy(): void {
    super.destroy();
    for (const r of this.stageRecorders) r.destroy();
    for (const s of this.stageStreams ?? []) s.destroy();
  }

  /**
   * Index of the stage a request that completed at `atMs` after `latencyUs` was due in: the rule
   * every per-stage record follows, exposed so the stream recording files a request's stream
   * timings with the stage its `recordOk` chose (same arguments, same arithmetic, same stage).
   */
  stageIndex(atMs: number, latencyUs: number): number {
    // Latencies are whole µs, so a due time rebuilt from one is off by up to half a µs: an
    // arrival due exactly on a stage's end (the next stage's first) must not fall back into it.
    return this.stageIndexSince(atMs - latencyUs / 1000 - this.measureStartMs + DUE_ROUNDING_MS);
  }

  /** The stage `sinceMs` after the measured phase began falls in (the ends clamp to the nearest). */
  private stageIndexSince(sinceMs: number): number {
    const index = this.endsMs.findIndex((end) => sinceMs < end);
    return index < 0 ? this.endsMs.length - 1 : index;
  }

  private stageAt(atMs: number, latencyUs: number): MetricsRecorder {
    return this.stageRecorders[this.stageIndex(atMs, latencyUs)] as MetricsRecorder;
  }
}
