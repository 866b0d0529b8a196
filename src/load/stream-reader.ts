import type { SseSpec, StreamFormat } from "../budget/types.js";
import type { Histogram } from "../metrics/histogram.js";
import { toUs } from "../metrics/recorder.js";
import { TokenEstimator } from "../metrics/token-estimate.js";
import { AnthropicPrompt, readAnthropicEvent } from "./anthropic-event.js";
import { ContentGaps } from "./content-gaps.js";
import { readJsonUsage } from "./json-usage.js";
import { readResponsesEvent } from "./responses-event.js";
import type { SseSink } from "./sse-parser.js";
import { applyOpenAiEvent, applySseEvent, applyTypedEvent } from "./stream-events.js";

/** Re-exported for the tests of a reader's memory bound. */
export { MAX_BUFFERED_GAPS } from "./content-gaps.js";

/**
 * What the events of one streamed response mean: when content arrived, the gaps between content
 * events, the tokens, whether `[DONE]` came, and the first thing wrong with the stream. One
 * reader per slot, reset for each request, so steady state allocates nothing here beyond what
 * parsing an event costs. Nothing is recorded from it until its request has ended ok: a failed
 * or cut-off request's partial timings are dropped with the next `reset()`. What each format's
 * events mean is stream-events.ts's; this class keeps the state and the timing they share.
 */
export class StreamReader implements SseSink {
  /** When the read being parsed arrived (performance.now() ms): set by the slot before each push. */
  readMs = 0;
  /** The read that completed the first content-carrying event; -1 while there is none. */
  firstContentMs = -1;
  /** Gaps between consecutive content-carrying events (µs), bounded in memory however many. */
  readonly gaps = new ContentGaps();
  /**
   * The last `usage.completion_tokens` / `prompt_tokens` the stream carried (Anthropic: the
   * `message_delta` output tokens / the input tokens of `message_start` or, when repeated there,
   * `message_delta`), or -1.
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
  /** `anthropic`: the request's prompt counts across its events (unused by other formats). */
  private readonly anthropicPrompt = new AnthropicPrompt();

  constructor(
    private readonly format: StreamFormat,
    sse?: SseSpec,
  ) {
    this.sse = format === "sse" ? (sse ?? null) : null;
  }

  /** Forgets the previous request. */
  reset(): void {
    this.sseTypes.length = 0;
    this.anthropicPrompt.reset();
    this.firstContentMs = -1;
    this.lastContentMs = -1;
    this.gaps.reset();
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
    this.takeCounts(counts.outputTokens, counts.promptTokens, counts.reasoningTokens, counts.cachedTokens);
    if (read.reasoningText !== "") this.addReasoning(read.reasoningText);
  }

  /** Adds every gap of the request to `itl` (an ok request ends: the one place gaps are recorded). */
  recordGaps(itl: Histogram): void {
    this.gaps.recordInto(itl);
  }

  /** Gaps of the request so far. */
  gapTotal(): number {
    return this.gaps.total();
  }

  /** Frees what the gaps hold outside the JS heap once the slot is done for good. */
  dispose(): void {
    this.gaps.dispose();
  }

  /** Marks the stream as failed; only the first problem is kept, and reading stops meaning anything. */
  fail(message: string): void {
    if (this.failure === null) this.failure = message;
  }

  /** One SSE event of the response, read as its format says (stream-events.ts); nothing after a failure. */
  onEvent(data: string, type: string): void {
    if (this.failure !== null) return;
    const format = this.format;
    if (format === "json") return; // a JSON body is read whole (readJsonBody), never as events
    if (format === "sse") {
      if (this.sse !== null && this.sseTypes.length < 5 && !this.sseTypes.includes(type))
        this.sseTypes.push(type);
      applySseEvent(this, this.sse, data, type);
    } else if (format === "anthropic") {
      applyTypedEvent(this, readAnthropicEvent(data, type, this.anthropicPrompt));
    } else if (format === "openai-responses") applyTypedEvent(this, readResponsesEvent(data, type));
    else applyOpenAiEvent(this, data, type);
  }

  /** The server's counts an event carried (undefined: not in it); each replaces the one before. */
  takeCounts(
    output: number | undefined,
    prompt: number | undefined,
    reasoning: number | undefined,
    cached: number | undefined,
  ): void {
    if (output !== undefined) this.completionTokens = output;
    if (prompt !== undefined) this.promptTokens = prompt;
    if (reasoning !== undefined) this.reasoningTokensFromUsage = reasoning;
    if (cached !== undefined) this.cachedTokens = cached;
  }

  /** Generated text of any kind arrived: the output tokens' estimate counts it. */
  addText(text: string): void {
    this.estimator.add(text);
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
  addReasoning(text: string): void {
    this.sawReasoning = true;
    this.reasoningEstimator.add(text);
  }

  /** An answer-carrying event (not reasoning) completed by the current read: ttfat's clock stops at the first. */
  markAnswer(): void {
    if (this.firstAnswerMs < 0) this.firstAnswerMs = this.readMs;
  }

  /**
   * A content-carrying event completed by the current read. Events completed by the same read
   * share its timestamp (gap 0): the client could not have seen them apart.
   */
  markContent(): void {
    const t = this.readMs;
    if (this.firstContentMs < 0) this.firstContentMs = t;
    else this.gaps.push(toUs(t - this.lastContentMs));
    this.lastContentMs = t;
  }
}
