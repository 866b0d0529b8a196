/**
 * One event of a typed LLM stream (Anthropic Messages, OpenAI Responses), as the stream reader
 * needs it: their events name their type, and each format's parser (anthropic-event.ts,
 * responses-event.ts) reduces them to these four kinds.
 */
export type TypedStreamEvent =
  /**
   * Generated output (answer, reasoning or thinking, refusal, tool-call JSON), with its text;
   * `reasoning` for reasoning / thinking text (not the answer: ttfat waits for the answer).
   */
  | { readonly kind: "delta"; readonly text: string; readonly reasoning: boolean }
  /**
   * Token counts the event carries (absent: not in this one), and whether it is the stream's own
   * end (`message_stop`, `response.completed`).
   */
  | {
      readonly kind: "usage";
      readonly inputTokens?: number;
      readonly outputTokens?: number;
      /** Output tokens spent reasoning, and prompt tokens read from the prompt cache. */
      readonly reasoningTokens?: number;
      readonly cachedTokens?: number;
      readonly end: boolean;
    }
  /** An event that carries nothing the metrics read. */
  | { readonly kind: "none" }
  /** A failed stream, data that is not JSON, or another API's stream: the message says which. */
  | { readonly kind: "invalid"; readonly message: string };

/** The event that carries nothing. */
export const NO_EVENT: TypedStreamEvent = { kind: "none" };

/** A usage event with only the counts present (exactOptionalPropertyTypes: no `undefined` fields). */
export function usageEvent(
  inputTokens: number | undefined,
  outputTokens: number | undefined,
  end: boolean,
  details: { readonly reasoningTokens?: number; readonly cachedTokens?: number } = {},
): TypedStreamEvent {
  return {
    kind: "usage",
    end,
    ...(inputTokens === undefined ? {} : { inputTokens }),
    ...(outputTokens === undefined ? {} : { outputTokens }),
    ...(details.reasoningTokens === undefined ? {} : { reasoningTokens: details.reasoningTokens }),
    ...(details.cachedTokens === undefined ? {} : { cachedTokens: details.cachedTokens }),
  };
}
