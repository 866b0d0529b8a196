import { ERROR_KIND_INDEX } from "../metrics/error-kinds.js";
import { type MetricsRecorder, toUs } from "../metrics/recorder.js";
import { classifyError, STATUS_OK, type StatusTable } from "./classify.js";
import type { RequestSlot } from "./request-slot.js";

/** Index of `timeout` in the recorder's error counters. */
export const TIMEOUT_INDEX = ERROR_KIND_INDEX.timeout;

/**
 * Records one finished measured request whose latency counts from `originMs`: the due time in the
 * open model (so client-side waiting counts: no coordinated omission), the moment undici wrote
 * the request in the closed model. Ok requests also feed the uncorrected latency (from the
 * moment undici wrote the request) and the queue time (due → written). Failed requests feed only
 * `latencyFailed`, so fast errors never flatter the ok latency.
 */
export function recordOutcome(
  recorder: MetricsRecorder,
  statusTable: StatusTable,
  slot: RequestSlot,
  originMs: number,
  nowMs: number,
  error: Error | null,
): void {
  const latencyUs = toUs(nowMs - originMs);
  if (error !== null) {
    const kind = classifyError(error, slot.status !== 0);
    recorder.recordFailure(ERROR_KIND_INDEX[kind], 0, latencyUs, nowMs);
    return;
  }
  const status = slot.status;
  const outcome = statusTable[status] ?? STATUS_OK;
  if (outcome === STATUS_OK) {
    recorder.recordOk(status, latencyUs, toUs(nowMs - slot.startMs), toUs(slot.startMs - slot.dueMs), nowMs);
  } else {
    recorder.recordFailure(outcome - 1, status, latencyUs, nowMs);
  }
}
