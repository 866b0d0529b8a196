import type { StreamFormat } from "../budget/types.js";
import { createHistogram, type Histogram, toThousandths } from "./histogram.js";
import type { StreamResult } from "./types.js";

/**
 * Histograms and counters of a streamed scenario's ok requests. Times are integer µs (like
 * latency), token counts and token rates integer thousandths (`toThousandths`). The caller
 * decides what is recorded: only ok requests, never the partial timings of a failed one.
 */
export class StreamRecorder {
  readonly ttfb: Histogram = createHistogram();
  readonly ttft: Histogram = createHistogram();
  readonly itl: Histogram = createHistogram();
  readonly tpot: Histogram = createHistogram();
  readonly outputTokens: Histogram = createHistogram();
  readonly promptTokens: Histogram = createHistogram();
  readonly requestOutputTps: Histogram = createHistogram();
  outputTokensTotal = 0;
  requestsWithUsage = 0;
  requestsEstimated = 0;
  streamsWithoutDone = 0;

  constructor(readonly format: StreamFormat) {}

  /**
   * The tokens of an ok request whose latency was `latencyUs`: `outputTokens` from the server's
   * usage when `fromUsage`, else estimated; `promptTokens` -1 when the server sent none; `sawDone`
   * when the stream ended with `[DONE]`. Its tokens/s is recorded only when it produced at least
   * one token: a rate of zero would say "slow" of a request that was merely empty.
   */
  recordTokens(
    outputTokens: number,
    fromUsage: boolean,
    promptTokens: number,
    sawDone: boolean,
    latencyUs: number,
  ): void {
    this.outputTokensTotal += outputTokens;
    if (fromUsage) this.requestsWithUsage++;
    else this.requestsEstimated++;
    if (!sawDone) this.streamsWithoutDone++;
    this.outputTokens.recordValue(toThousandths(outputTokens));
    if (promptTokens >= 0) this.promptTokens.recordValue(toThousandths(promptTokens));
    if (outputTokens >= 1) {
      this.requestOutputTps.recordValue(toThousandths(outputTokens / (Math.max(latencyUs, 1) / 1e6)));
    }
  }

  /** The result block; the histograms stay owned by whoever owns the result. */
  result(): StreamResult {
    return {
      format: this.format,
      ttfb: this.ttfb,
      ttft: this.ttft,
      itl: this.itl,
      tpot: this.tpot,
      outputTokens: this.outputTokens,
      promptTokens: this.promptTokens,
      requestOutputTps: this.requestOutputTps,
      outputTokensTotal: this.outputTokensTotal,
      requestsWithUsage: this.requestsWithUsage,
      requestsEstimated: this.requestsEstimated,
      streamsWithoutDone: this.streamsWithoutDone,
    };
  }

  /** Frees the seven histograms (WebAssembly memory); for runs whose result is thrown away. */
  destroy(): void {
    destroyStreamResult(this.result());
  }
}

/**
 * Frees a stream result's seven histograms (WebAssembly memory), whoever holds them: the
 * recorder, the report builder once it has encoded them, a test; a no-op for no stream.
 */
export function destroyStreamResult(stream: StreamResult | undefined): void {
  if (stream === undefined) return;
  const { ttfb, ttft, itl, tpot, outputTokens, promptTokens, requestOutputTps } = stream;
  for (const h of [ttfb, ttft, itl, tpot, outputTokens, promptTokens, requestOutputTps]) h.destroy();
}
