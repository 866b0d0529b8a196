import type { Dispatcher } from "undici";
import type { SseSpec } from "../budget/types.js";
import { ERROR_KIND_INDEX } from "../metrics/error-kinds.js";
import { type MetricsRecorder, toUs } from "../metrics/recorder.js";
import { StagedRecorder } from "../metrics/staged-recorder.js";
import { StreamRecorder } from "../metrics/stream-recorder.js";
import { STATUS_OK, type StatusTable } from "./classify.js";
import { SloCheck } from "./goodput.js";
import { recordOutcome } from "./record-outcome.js";
import type { SlotOwner } from "./request-slot.js";
import type { StreamReader } from "./stream-reader.js";
import { STREAM_ERROR, StreamSlot } from "./stream-slot.js";
import type { ScenarioPlan } from "./types.js";

const STREAM_ERROR_INDEX = ERROR_KIND_INDEX.stream_error;

/**
 * Recording for scenarios that stream or have an slo: the ordinary outcome first, then, for an ok
 * request only, its stream timings and tokens and whether it met the slo. Every time counts from
 * the same origin as the request's latency (open model: its due time; closed model: its send), so
 * ttfb ≤ ttft ≤ latency hold per request and the open model stays free of coordinated omission.
 */
export class StreamRecording {
  /** The stream's histograms and counters; null when the scenario does not stream. */
  readonly stream: StreamRecorder | null;
  private readonly slo: SloCheck | null;
  private readonly idleTimeoutMs: number;
  private readonly sse: SseSpec | undefined;

  constructor(
    plan: ScenarioPlan,
    private readonly recorder: MetricsRecorder,
    private readonly statusTable: StatusTable,
  ) {
    const spec = plan.request.stream;
    this.stream = spec === undefined ? null : new StreamRecorder(spec.format);
    this.idleTimeoutMs = spec?.idleTimeoutMs ?? Number.POSITIVE_INFINITY;
    this.sse = spec?.sse;
    this.slo = plan.slo === undefined ? null : new SloCheck(plan.slo);
  }

  /** A slot that times what this recording needs, on `connection`. */
  createSlot(owner: SlotOwner, connection: Dispatcher): StreamSlot {
    return new StreamSlot(owner, connection, {
      format: this.stream?.format ?? null,
      idleTimeoutMs: this.idleTimeoutMs,
      sse: this.sse,
      statusTable: this.statusTable,
    });
  }

  /** Records one finished measured request (see `recordOutcome` for the ordinary part). */
  record(slot: StreamSlot, okOriginMs: number, nowMs: number, error: Error | null): void {
    const reader = slot.reader;
    if (error === STREAM_ERROR) {
      // Complete at the HTTP level, wrong inside: counted under its status as well as its kind.
      this.recorder.recordFailure(STREAM_ERROR_INDEX, slot.status, toUs(nowMs - slot.dueMs), nowMs);
      this.recorder.sampleError(STREAM_ERROR_INDEX, reader?.failure ?? "", undefined, slot.status);
      return;
    }
    if (!recordOutcome(this.recorder, this.statusTable, slot, okOriginMs, nowMs, error)) return;
    const latencyUs = toUs(nowMs - okOriginMs);
    const ttfbUs = toUs(slot.headersMs - okOriginMs);
    const ttftUs =
      reader === null || reader.firstContentMs < 0 ? -1 : toUs(reader.firstContentMs - okOriginMs);
    this.recordOk(this.stream, this.recorder, reader, latencyUs, ttfbUs, ttftUs, nowMs);
  }

  /**
   * An ok request's stream timings and tokens into `stream`, its output tokens and whether it met
   * the slo into `recorder`: the scenario's, and in a load shape its stage's too
   * (`StagedStreamRecording`). Times in µs from the latency's origin, ttft -1 for no content.
   */
  protected recordOk(
    stream: StreamRecorder | null,
    recorder: MetricsRecorder,
    reader: StreamReader | null,
    latencyUs: number,
    ttfbUs: number,
    ttftUs: number,
    nowMs: number,
  ): void {
    let tpotUs = -1;
    if (reader !== null && stream !== null) {
      tpotUs = recordStream(stream, reader, latencyUs, ttftUs);
      recorder.recordOutputTokens(reader.outputTokens(), nowMs);
    }
    if (this.slo?.meets(latencyUs, ttfbUs, ttftUs, tpotUs)) recorder.recordGood(nowMs);
  }

  /**
   * A warm-up request that ended inside the measured window: only the window's counts (responses,
   * ok, output tokens, good) take it, never a histogram (see `MetricsRecorder.recordWindowOnly`).
   */
  recordWindowOnly(slot: StreamSlot, okOriginMs: number, nowMs: number, error: Error | null): void {
    if (error === STREAM_ERROR) {
      this.recorder.recordWindowOnly(true, false, nowMs);
      return;
    }
    if (error !== null) return;
    const ok = (this.statusTable[slot.status] ?? STATUS_OK) === STATUS_OK;
    this.recorder.recordWindowOnly(true, ok, nowMs);
    if (!ok) return;
    const reader = slot.reader;
    const latencyUs = toUs(nowMs - okOriginMs);
    const ttfbUs = toUs(slot.headersMs - okOriginMs);
    let ttftUs = -1;
    let tpot = -1;
    if (reader !== null && this.stream !== null) {
      ttftUs = reader.firstContentMs < 0 ? -1 : toUs(reader.firstContentMs - okOriginMs);
      const tokens = reader.outputTokens();
      tpot = tpotUs(latencyUs, ttftUs, tokens);
      this.recorder.recordOutputTokens(tokens, nowMs);
    }
    if (this.slo?.meets(latencyUs, ttfbUs, ttftUs, tpot)) this.recorder.recordWindowGood(nowMs);
  }
}

/**
 * A load shape's recording: each ok request is recorded for the scenario, then again into the
 * stream recorder and the recorder of the stage it was due in — the stage its `recordOk` chose
 * (`StagedRecorder.stageIndex` on the same completion time and latency). A separate class, chosen
 * once per engine (`createStreamRecording`), so a scenario without stages pays nothing for it.
 */
export class StagedStreamRecording extends StreamRecording {
  constructor(
    plan: ScenarioPlan,
    private readonly staged: StagedRecorder,
    statusTable: StatusTable,
  ) {
    super(plan, staged, statusTable);
  }

  protected override recordOk(
    stream: StreamRecorder | null,
    recorder: MetricsRecorder,
    reader: StreamReader | null,
    latencyUs: number,
    ttfbUs: number,
    ttftUs: number,
    nowMs: number,
  ): void {
    super.recordOk(stream, recorder, reader, latencyUs, ttfbUs, ttftUs, nowMs);
    const i = this.staged.stageIndex(nowMs, latencyUs);
    const stage = this.staged.stageRecorders[i] as MetricsRecorder;
    super.recordOk(this.staged.stageStreams?.[i] ?? null, stage, reader, latencyUs, ttfbUs, ttftUs, nowMs);
  }
}

/** The recording of a scenario that streams or has an slo: staged when its recorder is. */
export function createStreamRecording(
  plan: ScenarioPlan,
  recorder: MetricsRecorder,
  statusTable: StatusTable,
): StreamRecording {
  return recorder instanceof StagedRecorder
    ? new StagedStreamRecording(plan, recorder, statusTable)
    : new StreamRecording(plan, recorder, statusTable);
}

/**
 * Feeds an ok request's timings and tokens to the stream histograms; returns its tpot (µs) or -1.
 * Its ttfb is not among them: `recordOutcome` records it once, in the recorder's phase histogram.
 */
function recordStream(
  stream: StreamRecorder,
  reader: StreamReader,
  latencyUs: number,
  ttftUs: number,
): number {
  stream.recordCache(reader.promptTokens, reader.cachedTokens);
  if (stream.format === "json") {
    // A whole JSON body: no chunks, so no ttft, itl or tpot; tokens from its usage only.
    const output = reader.hasUsage() ? reader.completionTokens : -1;
    stream.recordUsageTokens(output, reader.promptTokens, latencyUs);
    stream.recordReasoning(reader.reasoningTokens(), reader.reasoningEstimated(), output);
    return -1;
  }
  if (ttftUs >= 0) stream.ttft.recordValue(ttftUs);
  // ttfat from the same origin as ttft: ttft plus the wait from the first token to the first answer.
  if (ttftUs >= 0 && reader.firstAnswerMs >= 0) {
    stream.ttfat.recordValue(ttftUs + toUs(reader.firstAnswerMs - reader.firstContentMs));
  }
  reader.recordGaps(stream.itl);
  const tokens = reader.outputTokens();
  stream.recordTokens(tokens, reader.hasUsage(), reader.promptTokens, reader.sawDone, latencyUs);
  stream.recordReasoning(reader.reasoningTokens(), reader.reasoningEstimated(), tokens);
  const tpot = tpotUs(latencyUs, ttftUs, tokens);
  if (tpot >= 0) stream.tpot.recordValue(tpot);
  return tpot;
}

/**
 * tpot = (latency − ttft) / (output_tokens − 1): the decode time spread over every token after
 * the first, in µs; -1 (undefined) with a single token or no content.
 */
function tpotUs(latencyUs: number, ttftUs: number, tokens: number): number {
  if (tokens <= 1 || ttftUs < 0) return -1;
  return Math.round((latencyUs - ttftUs) / (tokens - 1));
}
