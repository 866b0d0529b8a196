import type { StreamFormat } from "../budget/types.js";
import { createHistogram, type Histogram, toThousandths } from "./histogram.js";
import type { StreamResult } from "./types.js";

/**
 * Histograms and counters of a streamed scenario's ok requests. Times are integer µs (like
 * latency), token counts and token rates integer thousandths (`toThousandths`). The caller
 * decides what is recorded: only ok requests, never the partial timings of a failed one.
 */
export class StreamRecorder {
  readonly ttft: Histogram = createHistogram();
  readonly itl: Histogram = createHistogram();
  readonly tpot: Histogram = createHistogram();
  readonly outputTokens: Histogram = createHistogram();
  readonly promptTokens: Histogram = createHistogram();
  readonly requestOutputTps: Histogram = createHistogram();
  readonly ttfat: Histogram = createHistogram();
  readonly reasoningTokens: Histogram = createHistogram();
  readonly answerTokens: Histogram = createHistogram();
  outputTokensTotal = 0;
  requestsWithReasoning = 0;
  reasoningEstimated = 0;
  requestsWithoutUsage = 0;
  cacheRequests = 0;
  cachePromptTokens = 0;
  cachedPromptTokens = 0;
  requestsWithUsage = 0;
  requestsEstimated = 0;
  streamsWithoutDone = 0;

  constructor(readonly format: StreamFormat) {}

  /**
   * The tokens of an ok request whose latency was `latencyUs`: `outputTokens` from the server's
   * usage when `fromUsage`, else estimated; `promptTokens` -1 when the server sent none; `sawDone`
   * when the stream ended with its own end event (`[DONE]`, `message_stop` …). Its tokens/s is
   * recorded only when it produced at least one token: a rate of zero would say "slow" of a
   * request that was merely empty.
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

  /**
   * A non-streamed (`json`) ok response's tokens: only the server's usage counts, -1 for a count
   * it did not send. Without any count the response records no tokens at all and is counted in
   * `requestsWithoutUsage` (an estimate from a JSON envelope would count its keys as text).
   * Embeddings send prompt tokens only: no output tokens, no token rate.
   */
  recordUsageTokens(outputTokens: number, promptTokens: number, latencyUs: number): void {
    if (outputTokens < 0 && promptTokens < 0) {
      this.requestsWithoutUsage++;
      return;
    }
    this.requestsWithUsage++;
    if (promptTokens >= 0) this.promptTokens.recordValue(toThousandths(promptTokens));
    if (outputTokens < 0) return;
    this.outputTokensTotal += outputTokens;
    this.outputTokens.recordValue(toThousandths(outputTokens));
    if (outputTokens >= 1) {
      this.requestOutputTps.recordValue(toThousandths(outputTokens / (Math.max(latencyUs, 1) / 1e6)));
    }
  }

  /**
   * A reasoning model's ok request: `reasoningTokens` (-1: it did not reason, nothing recorded),
   * `estimated` when counted from the text, `outputTokens` its whole output (-1: unknown, then no
   * answer count).
   */
  recordReasoning(reasoningTokens: number, estimated: boolean, outputTokens: number): void {
    if (reasoningTokens < 0) return;
    this.requestsWithReasoning++;
    if (estimated) this.reasoningEstimated++;
    this.reasoningTokens.recordValue(toThousandths(reasoningTokens));
    if (outputTokens >= 0) {
      this.answerTokens.recordValue(toThousandths(Math.max(0, outputTokens - reasoningTokens)));
    }
  }

  /** An ok request's prompt and cached prompt tokens, when its server reported both (else -1). */
  recordCache(promptTokens: number, cachedTokens: number): void {
    if (promptTokens < 0 || cachedTokens < 0) return;
    this.cacheRequests++;
    this.cachePromptTokens += promptTokens;
    this.cachedPromptTokens += cachedTokens;
  }

  /** The result block; the histograms stay owned by whoever owns the result. */
  result(): StreamResult {
    return {
      format: this.format,
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
      ttfat: this.ttfat,
      reasoningTokens: this.reasoningTokens,
      answerTokens: this.answerTokens,
      requestsWithReasoning: this.requestsWithReasoning,
      reasoningEstimated: this.reasoningEstimated,
      requestsWithoutUsage: this.requestsWithoutUsage,
      cacheRequests: this.cacheRequests,
      cachePromptTokens: this.cachePromptTokens,
      cachedPromptTokens: this.cachedPromptTokens,
    };
  }

  /** Frees the ten histograms (WebAssembly memory); for runs whose result is thrown away. */
  destroy(): void {
    destroyStreamResult(this.result());
  }
}

/**
 * Frees a stream result's ten histograms (WebAssembly memory), whoever holds them: the
 * recorder, the report builder once it has encoded them, a test; a no-op for no stream.
 */
export function destroyStreamResult(stream: StreamResult | undefined): void {
  if (stream === undefined) return;
  const { ttft, itl, tpot, outputTokens, promptTokens, requestOutputTps } = stream;
  for (const h of [ttft, itl, tpot, outputTokens, promptTokens, requestOutputTps]) h.destroy();
  for (const h of [stream.ttfat, stream.reasoningTokens, stream.answerTokens]) h.destroy();
}
