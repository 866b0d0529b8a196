import { ERROR_KIND_INDEX } from "../metrics/error-kinds.js";
import { type MetricsRecorder, toUs } from "../metrics/recorder.js";
import { classifyError, STATUS_OK, type StatusTable } from "./classify.js";
import { forwardProxyHint } from "./connections.js";
import { describeTransportError } from "./error-sample.js";
import type { RequestSlot } from "./request-slot.js";

/** Index of `timeout` in the recorder's error counters. */
export const TIMEOUT_INDEX = ERROR_KIND_INDEX.timeout;

/**
 * Records one finished measured request. An ok request's latency counts from `okOriginMs`: the
 * due time in the open model (so client-side waiting counts: no coordinated omission), the moment
 * undici wrote the request in the closed model. It also feeds the uncorrected latency (from that
 * write) and the queue time (due → written). A failed request feeds only `latencyFailed`, from
 * its due time (it may have failed before anything was written), so fast errors never flatter
 * the ok latency and a timeout reads as the timeout. An ok request also feeds its phases: ttfb
 * (same origin as its latency) and body (headers → end). Failures keep a sample while the recorder
 * wants one: a transport error's message and code, a failed response's status and first bytes.
 * Returns true when the request was ok.
 */
export function recordOutcome(
  recorder: MetricsRecorder,
  statusTable: StatusTable,
  slot: RequestSlot,
  okOriginMs: number,
  nowMs: number,
  error: Error | null,
): boolean {
  if (error !== null) {
    const kind = classifyError(error, slot.status !== 0);
    const index = ERROR_KIND_INDEX[kind];
    recorder.recordFailure(index, 0, toUs(nowMs - slot.dueMs), nowMs);
    if (recorder.wantsSample(index)) {
      const sample = describeTransportError(kind, error);
      recorder.sampleError(index, sample.message, sample.code);
    }
    return false;
  }
  const status = slot.status;
  const outcome = statusTable[status] ?? STATUS_OK;
  if (outcome === STATUS_OK) {
    const startMs = slot.startMs;
    const latencyUs = toUs(nowMs - okOriginMs);
    recorder.recordOk(status, latencyUs, toUs(nowMs - startMs), toUs(startMs - slot.dueMs), nowMs);
    // Headers always precede a complete response; the guard keeps a slot that never saw them
    // (a subclass that does not stamp them) out of the phases rather than record nonsense.
    const headersMs = slot.headersMs;
    if (headersMs >= 0) {
      recorder.recordPhases(toUs(headersMs - okOriginMs), toUs(nowMs - headersMs), latencyUs, nowMs);
    }
    return true;
  }
  recorder.recordFailure(outcome - 1, status, toUs(nowMs - slot.dueMs), nowMs);
  if (slot.sampleLength >= 0)
    recorder.sampleError(outcome - 1, statusSample(slot, status), undefined, status);
  return false;
}

/**
 * A failed response's sample: `HTTP 503 response: <first bytes>`. A 407 through a forward proxy
 * (an http target: the proxy answers in the target's place) leads with what the proxy wants and
 * how to fix it, naming the proxy by scheme, host and port only.
 */
function statusSample(slot: RequestSlot, status: number): string {
  const text = `HTTP ${status} response: ${slot.bodySampleText()}`;
  const hint = forwardProxyHint(status, slot.connection);
  return hint === undefined ? text : `${hint}; ${text}`;
}
