import type { StageSpec } from "../budget/types.js";
import { MetricsRecorder, type RecorderExtras } from "./recorder.js";

/** Half a µs and a little more: how far a due time rebuilt from a whole-µs latency can be off. */
const DUE_ROUNDING_MS = 0.001;

/**
 * The recorder of a scenario with a load shape (`load.stages`): it records like any other, and
 * also into the recorder of the stage each request was DUE in (its completion time minus its
 * latency, which counts from the due time in the open model and from the send in the closed
 * one), so a spike's p99 is the spike's own requests' even when they complete after it. Each
 * stage recorder keeps the whole window's timeline; its own requests fall in its stretch.
 */
export class StagedRecorder extends MetricsRecorder {
  /** One recorder per stage, in order. */
  readonly stageRecorders: readonly MetricsRecorder[];
  /** Stage ends, ms after the measured phase began. */
  private readonly endsMs: readonly number[];
  private measureStartMs = 0;

  constructor(durationMs: number, extras: RecorderExtras, stages: readonly StageSpec[]) {
    super(durationMs, extras);
    this.stageRecorders = stages.map(() => new MetricsRecorder(durationMs, extras));
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
    this.stageAt(atMs - latencyUs / 1000).recordOk(status, latencyUs, uncorrectedUs, queueUs, atMs);
  }

  override recordFailure(kindIndex: number, status: number, latencyUs: number, atMs: number): void {
    super.recordFailure(kindIndex, status, latencyUs, atMs);
    this.stageAt(atMs - latencyUs / 1000).recordFailure(kindIndex, status, latencyUs, atMs);
  }

  override recordFailures(kindIndex: number, count: number, latencyUs: number, atMs: number): void {
    super.recordFailures(kindIndex, count, latencyUs, atMs);
    this.stageAt(atMs - latencyUs / 1000).recordFailures(kindIndex, count, latencyUs, atMs);
  }

  override destroy(): void {
    super.destroy();
    for (const r of this.stageRecorders) r.destroy();
  }

  /** The recorder of the stage a request due at `dueMs` belongs to (the ends clamp to the nearest). */
  private stageAt(dueMs: number): MetricsRecorder {
    // Latencies are whole µs, so a due time rebuilt from one is off by up to half a µs: an
    // arrival due exactly on a stage's end (the next stage's first) must not fall back into it.
    const since = dueMs - this.measureStartMs + DUE_ROUNDING_MS;
    const index = this.endsMs.findIndex((end) => since < end);
    return this.stageRecorders[index < 0 ? this.stageRecorders.length - 1 : index] as MetricsRecorder;
  }
}
