import { performance } from "node:perf_hooks";
import type { LoadEngine } from "./engine.js";
import type { LiveProgress, RunControl } from "./types.js";

/** Default period of `onProgress` calls, in ms. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 1000;

/**
 * Calls `control.onProgress` every `progressIntervalMs` while the engine runs. Returns a function
 * that stops it. Reading the p95 from the histogram costs a scan of its buckets, which is why
 * this happens once per interval and never per request.
 */
export function startProgress(name: string, engine: LoadEngine, control: RunControl): () => void {
  const onProgress = control.onProgress;
  if (!onProgress) return () => {};
  const intervalMs = control.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  let lastCompleted = 0;
  let lastAtMs = performance.now();
  const tick = (): void => {
    const now = performance.now();
    const phase = engine.phase(now);
    if (phase === "done") return;
    const { ok, failed } = engine.recorder;
    const completed = ok + failed;
    const rps = ((completed - lastCompleted) * 1000) / Math.max(1, now - lastAtMs);
    lastCompleted = completed;
    lastAtMs = now;
    onProgress(snapshot(name, engine, phase, now, rps));
  };
  // A first snapshot right after the engine has started (it starts synchronously), so the live
  // line appears at once and even a scenario shorter than one interval reports its progress.
  const first = setImmediate(tick);
  const timer = setInterval(tick, intervalMs);
  return () => {
    clearImmediate(first);
    clearInterval(timer);
  };
}

/** A streamed scenario's live TTFT p95 (the number a chat user feels first); nothing otherwise. */
function streamProgress(engine: LoadEngine): Pick<LiveProgress, "ttftP95Ms"> {
  const stream = engine.streamRecording?.stream;
  // A non-streamed body read for its usage has no first token to show.
  if (stream === undefined || stream === null || stream.format === "json") return {};
  const ttft = stream.ttft;
  return { ttftP95Ms: ttft.totalCount > 0 ? ttft.getValueAtPercentile(95) / 1000 : null };
}

function snapshot(
  name: string,
  engine: LoadEngine,
  phase: LiveProgress["phase"],
  nowMs: number,
  rps: number,
): LiveProgress {
  const { ok, failed, latency } = engine.recorder;
  const { warmupMs, durationMs } = engine.plan.load;
  // The drain lasts at most one request timeout.
  const [fromMs, totalMs] =
    phase === "warmup"
      ? [engine.clock.t0Ms, warmupMs]
      : phase === "measure"
        ? [engine.clock.measureStartMs, durationMs]
        : [engine.clock.measureEndMs, engine.timeoutMs];
  return {
    name,
    phase,
    elapsedMs: Math.max(0, nowMs - fromMs),
    totalMs,
    ok,
    errors: failed,
    rps,
    p95Ms: ok > 0 ? latency.getValueAtPercentile(95) / 1000 : null,
    ...streamProgress(engine),
  };
}
