import { destroyStreamResult } from "./stream-recorder.js";
import type { ScenarioResult } from "./types.js";

/**
 * Frees every histogram of an engine result (WebAssembly memory): its own, its stream's, and
 * each step's and stage's, recursively. The result must not be read afterwards.
 */
export function destroyResult(result: ScenarioResult): void {
  for (const h of [result.latency, result.latencyUncorrected, result.queueTime, result.latencyFailed])
    h.destroy();
  for (const h of [result.ttfb, result.body, result.connect, result.tls]) h?.destroy();
  destroyStreamResult(result.stream);
  for (const part of [...(result.steps ?? []), ...(result.stages ?? [])]) destroyResult(part);
}
