import type { SseSpec, StreamFormat } from "../budget/types.js";
import { rawExcerpt } from "../metrics/error-samples.js";
import { createHistogram, type Histogram } from "../metrics/histogram.js";
import { toUs } from "../metrics/recorder.js";
import { TokenEstimator } from "../metrics/token-estimate.js";
import { readAnthropicEvent } from "./anthropic-event.js";
import { readJsonUsage } from "./json-usage.js";
import { readOpenAiChunk } from "./openai-chunk.js";
import { otherApiMessage } from "./other-api.js";
import { readResponsesEvent } from "./responses-event.js";
import { readCustomSseEvent } from "./sse-event.js";
import type { SseSink } from "./sse-parser.js";
import type { TypedStreamEvent } from "./typed-event.js";

/** Gaps a reader holds before its buffer first grows; it then doubles and is kept for reuse. */
const INITIAL_GAPS = 256;
/**
 * Most gaps a reader's buffer holds (16 kB of µs): more than a long LLM answer has. A longer
 * stream spills the rest into a histogram of the slot's own, so memory per in-flight stream is
 * bounded however long it runs (every gap used to be kept until the request ended: a stream
 * flooding content grew RSS by ~14 MB/s), and ITL stays exact (HDR add is exact).
 */
export const MAX_BUFFERED_GAPS = 4096;

/**
 * What the events of one streamed response mean: when content arrived, the gaps between content
 * events, the tokens, whether `[DONE]` came, and the first thing wrong with the stream. One
 * reader per slot, reset for each request, so steady state allocates nothing here beyond what
 * parsing an event costs. Nothing is recorded from it until its request has ended ok: a failed
 * or cut-off request's partial timings are dropped with the next `reset()`.
 */
export class StreamReader implements SseSink {
  /** When the read being parsed arrived (performance.now() ms): set by the slot before each push. */
  readMs = 0;
  /** The read that completed the first content-carrying event; -1 while there is none. */
  firstContentMs = -1;
  /** Gaps between consecutive content-carrying events, in integer µs; the first `gapCount` count. */
  gapsUs = new Uint32Array(INITIAL_GAPS);
  gapCount = 0;
  /** Gaps past the buffer's `MAX_BUFFERED_GAPS`, made the first time a stream is that long. */
  spilledGaps: Histogram | null = null;
  /**
   * The last `usage.completion_tokens` / `prompt_tokens` the stream carried (Anthropic: the
   * `message_delta` output tokens / the `message_start` input tokens), or -1.
   */
  completionTokens = -1;
  promptTokens = -1;
  /**
   * The server's reasoning tokens (`completion_tokens_details` / `output_tokens_details`
   * `.reasoning_tokens`) and cached prompt tokens (`prompt_tokens_details` / `input_tokens_details`
   * `.cached_tokens`, Anthropic `cache_read_input_tokens`), or -1: not sent.
   */
  reasoningTokensFromUsage = -1;
  cachedTokens = -1;
  /** The read that completed the first ANSWER event (not reasoning / thinking); -1 while none. */
  firstAnswerMs = -1;
  /** Reasoning or thinking text came (a delta, or a JSON body's thinking blocks). */
  sawReasoning = false;
  /**
   * `json` (a non-streamed body read for its usage): the server sent usage with a count. Without
   * it the response has no tokens at all: an envelope's text is never estimated.
   */
  jsonUsage = false;
  /**
   * The stream's own end came: `data: [DONE]` (openai, sse), `message_stop` (anthropic),
   * `response.completed` (openai-responses).
   */
  sawDone = false;
  /**
   * `openai` streams: the last non-null `choices[0].finish_reason` of the request (`stop`,
   * `length`, …), for `stream: { finish_reason }` checks; null while none came (always for `sse`).
   */
  finishReason: string | null = null;
  /** What was wrong with the stream (message with its first bytes), or null while nothing was. */
  failure: string | null = null;
  private lastContentMs = -1;
  private readonly estimator = new TokenEstimator();
  /** Reasoning text alone, for a reasoning count when usage has none (Anthropic never has one). */
  private readonly reasoningEstimator = new TokenEstimator();

  /** `stream: sse` with `request.sse`: its compiled paths (from the budget, once per scenario); else null. */
  private readonly sse: SseSpec | null;
  /** With `request.sse`: the first few event types of the request, for `checkSseMatched`. */
  private readonly sseTypes: string[] = [];

  constructor(
    private readonly format: StreamFormat,
    sse?: SseSpec,
  ) {
    this.sse = format === "sse" ? (sse ?? null) : null;
  }

  /** Forgets the previous request. */
  reset(): void {
    this.sseTypes.length = 0;
    this.firstContentMs = -1;
    this.lastContentMs = -1;
    this.gapCount = 0;
    this.spilledGaps?.reset();
    this.completionTokens = -1;
    this.promptTokens = -1;
    this.reasoningTokensFromUsage = -1;
    this.cachedTokens = -1;
    this.firstAnswerMs = -1;
    this.sawReasoning = false;
    this.jsonUsage = false;
    this.reasoningEstimator.reset();
    this.sawDone = false;
    this.finishReason = null;
    this.failure = null;
    this.estimator.reset();
  }

  /**
   * Output tokens of the request: the server's count wins over everything (a chunk may carry
   * several tokens, so chunks are never counted); without it, the estimate from the text.
   */
  outputTokens(): number {
    return this.completionTokens >= 0 ? this.completionTokens : this.estimator.tokens();
  }

  /** True when `outputTokens()` is the server's own count. */
  hasUsage(): boolean {
    return this.completionTokens >= 0;
  }

  /**
   * The request's reasoning tokens, or -1 when it had no reasoning: the server's count when it sent
   * one, else the estimate from the reasoning text (see `reasoningEstimated`). A usage count of 0
   * with no reasoning text is no reasoning (OpenAI sends the detail for every model).
   */
  reasoningTokens(): number {
    if (this.reasoningTokensFromUsage > 0) return this.reasoningTokensFromUsage;
    // A 0 beside reasoning text is a server that does not fill the detail (vLLM): estimate.
    return this.sawReasoning ? this.reasoningEstimator.tokens() : -1;
  }

  /** True when `reasoningTokens()` is an estimate from the text (no count in the usage). */
  reasoningEstimated(): boolean {
    return this.sawReasoning && this.reasoningTokensFromUsage <= 0;
  }

  /**
   * Reads a non-streamed JSON body for its usage (`format: json`): `whole` the complete body, or
   * null when it was longer than the bytes kept (`tail` then holds its end). Never fails the
   * request: a body without usage just has no tokens.
   */
  readJsonBody(whole: string | null, tail: string): void {
    const read = readJsonUsage(whole, tail);
    if (read === undefined) return;
    const { counts } = read;
    this.jsonUsage = true;
    if (counts.outputTokens !== undefined) this.completionTokens = counts.outputTokens;
    if (counts.promptTokens !== undefined) this.promptTokens = counts.promptTokens;
    if (counts.reasoningTokens !== undefined) this.reasoningTokensFromUsage = counts.reasoningTokens;
    if (counts.cachedTokens !== undefined) this.cachedTokens = counts.cachedTokens;
    if (read.reasoningText !== "") {
      this.sawReasoning = true;
      this.reasoningEstimator.add(read.reasoningText);
    }
  }

  /**
   * Adds every gap of the request to `itl` (an ok request ends: the one place gaps are recorded),
   * the buffered ones value by value and the spilled ones by an exact histogram add.
   */
  recordGaps(itl: Histogram): void {
    const gaps = this.gapsUs;
    for (let i = 0; i < this.gapCount; i++) itl.recordValue(gaps[i] ?? 0);
    const spilled = this.spilledGaps;
    if (spilled !== null && spilled.totalCount > 0) itl.add(spilled);
  }

  /** Gaps of the request so far, buffered and spilled. */
  gapTotal(): number {
    return this.gapCount + (this.spilledGaps?.totalCount ?? 0);
  }

  /** Frees the spill histogram (WebAssembly memory) once the slot is done for good. */
  dispose(): void {
    this.spilledGaps?.destroy();
    this.spilledGaps = null;
  }

  /** Marks the stream as failed; only the first problem is kept, and reading stops meaning anything. */
  fail(message: string): void {
    if (this.failure === null) this.failure = message;
  }

  onEvent(data: string, type: string): void {
    if (this.failure !== null) return;
    if (this.format === "json") return; // a JSON body is read whole (readJsonBody), never as events
    if (this.format === "sse") this.readSseEvent(data, type);
    else if (this.format === "anthropic") this.readTyped(readAnthropicEvent(data, type));
    else if (this.format === "openai-responses") this.readTyped(readResponsesEvent(data, type));
    else this.readOpenAiEvent(data, type);
  }

  /**
   * A typed stream (Anthropic Messages, OpenAI Responses): every delta is content (ttft is the
   * first token of any kind); usage events give the input and output tokens (a running total:
   * the last wins) and say when the stream's own end came (`message_stop`, `response.completed`).
   */
  private readTyped(event: TypedStreamEvent): void {
    switch (event.kind) {
      case "delta":
        this.estimator.add(event.text);
        if (event.reasoning) this.reasoning(event.text);
        this.content();
        if (!event.reasoning) this.answer();
        return;
      case "usage":
        if (event.inputTokens !== undefined) this.promptTokens = event.inputTokens;
        if (event.outputTokens !== undefined) this.completionTokens = event.outputTokens;
        if (event.reasoningTokens !== undefined) this.reasoningTokensFromUsage = event.reasoningTokens;
        if (event.cachedTokens !== undefined) this.cachedTokens = event.cachedTokens;
        if (event.end) this.sawDone = true;
        return;
      case "invalid":
        this.fail(event.message);
        return;
      case "none":
        return;
    }
  }

  private readOpenAiEvent(data: string, type: string): void {
    // An `event: error` fails the stream whatever its data says (it was counted ok, 0 tokens).
    if (type === "error") {
      this.fail(`error event in the stream: ${rawExcerpt(data)}`);
      return;
    }
    // OpenAI chat streams name no event type: a named one is another API's stream.
    const other = type === "message" ? null : otherApiMessage("openai", type, null, data);
    if (other !== null) {
      this.fail(other);
      return;
    }
    const chunk = readOpenAiChunk(data);
    switch (chunk.kind) {
      case "done":
        this.sawDone = true;
        return;
      case "invalid":
      case "error":
        // The message already says what was wrong and quotes the chunk's first bytes.
        this.fail(chunk.message);
        return;
      case "chunk":
        // Usage usually rides on a final chunk with empty choices; the last count sent wins.
        if (chunk.completionTokens !== undefined) this.completionTokens = chunk.completionTokens;
        if (chunk.promptTokens !== undefined) this.promptTokens = chunk.promptTokens;
        if (chunk.reasoningTokens !== undefined) this.reasoningTokensFromUsage = chunk.reasoningTokens;
        if (chunk.cachedTokens !== undefined) this.cachedTokens = chunk.cachedTokens;
        if (chunk.finishReason !== undefined) this.finishReason = chunk.finishReason;
        if (chunk.text.length > 0) this.estimator.add(chunk.text);
        if (chunk.reasoningText.length > 0) this.reasoning(chunk.reasoningText);
        // A role-only opening chunk carries no content: it is not the first token.
        if (chunk.hasContent) this.content();
        if (chunk.hasAnswer) this.answer();
    }
  }

  /**
   * Generic SSE: an `error` event fails the stream. Described (`request.sse`): only the events it
   * names whose text path holds text are content, and the text alone is estimated (the JSON
   * envelope is no token); its usage paths give the server's counts. Otherwise every non-empty
   * data event is content.
   */
  private readSseEvent(data: string, type: string): void {
    if (type === "error") this.fail(`error event in the stream: ${rawExcerpt(data)}`);
    else if (this.sse !== null) {
      if (this.sseTypes.length < 5 && !this.sseTypes.includes(type)) this.sseTypes.push(type);
      const event = readCustomSseEvent(this.sse, data, type);
      if (event.kind === "invalid") {
        this.fail(event.message);
        return;
      }
      // Counts are running totals in every format seen: the last one sent wins.
      if (event.outputTokens !== undefined) this.completionTokens = event.outputTokens;
      if (event.inputTokens !== undefined) this.promptTokens = event.inputTokens;
      if (event.end) this.sawDone = true;
      if (event.text.length > 0) {
        this.estimator.add(event.text);
        this.content();
      }
    } else if (data === "[DONE]") this.sawDone = true;
    else if (data.length > 0) {
      this.estimator.add(data);
      this.content();
    }
  }

  /**
   * A described SSE stream (`request.sse`) that ended with events, but none of them content and
   * no usage either: the spec does not match what the server sends (a typo in `sse.event`, another
   * API's stream). That is a `stream_error` saying what was seen, never an ok request with no
   * metrics. Call once the body has ended.
   */
  checkSseMatched(): void {
    const sse = this.sse;
    if (sse === null || this.failure !== null || this.firstContentMs >= 0 || this.completionTokens >= 0)
      return;
    const wanted = sse.events === undefined ? "any event" : `event ${sse.events.join(" or ")}`;
    const text = sse.text === undefined ? "" : ` with text at sse.text`;
    this.fail(
      `no ${wanted}${text} in the stream, and no usage: got event types ${this.sseTypes.join(", ")}: check sse.event and sse.text against what the server sends`,
    );
  }

  /** Reasoning or thinking text arrived: counted apart, for the reasoning tokens' estimate. */
  private reasoning(text: string): void {
    this.sawReasoning = true;
    this.reasoningEstimator.add(text);
  }

  /** An answer-carrying event (not reasoning) completed by the current read: ttfat's clock stops at the first. */
  private answer(): void {
    if (this.firstAnswerMs < 0) this.firstAnswerMs = this.readMs;
  }

  /**
   * A content-carrying event completed by the current read. Events completed by the same read
   * share its timestamp (gap 0): the client could not have seen them apart.
   */
  private content(): void {
    const t = this.readMs;
    if (this.firstContentMs < 0) this.firstContentMs = t;
    else this.pushGap(t - this.lastContentMs);
    this.lastContentMs = t;
  }

  private pushGap(gapMs: number): void {
    const us = toUs(gapMs);
    if (this.gapCount === this.gapsUs.length) {
      if (this.gapCount >= MAX_BUFFERED_GAPS) {
        this.spilledGaps ??= createHistogram();
        this.spilledGaps.recordValue(us);
        return;
      }
      const grown = new Uint32Array(Math.min(this.gapsUs.length * 2, MAX_BUFFERED_GAPS));
      grown.set(this.gapsUs);
      this.gapsUs = grown;
    }
    this.gapsUs[this.gapCount++] = us;
  }
}
