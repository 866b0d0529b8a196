/**
 * What each stream format's events do to a `StreamReader`: the per-format half of reading a
 * stream. Each format's parser says what one event means (openai-chunk.ts, anthropic-event.ts,
 * responses-event.ts, sse-event.ts); these functions turn that into the reader's marks — text,
 * content, answer, reasoning, token counts, the stream's own end, the first thing wrong — and the
 * reader keeps the state and the timing, the same for every format.
 */
import type { SseSpec } from "../budget/types.js";
import { rawExcerpt } from "../metrics/error-samples.js";
import { readOpenAiChunk } from "./openai-chunk.js";
import { otherApiMessage } from "./other-api.js";
import { readCustomSseEvent } from "./sse-event.js";
import type { StreamReader } from "./stream-reader.js";
import type { TypedStreamEvent } from "./typed-event.js";

/**
 * A typed stream's event (Anthropic Messages, OpenAI Responses): every delta is content (ttft is
 * the first token of any kind); usage events give the input and output tokens (a running total:
 * the last wins) and say when the stream's own end came (`message_stop`, `response.completed`).
 */
export function applyTypedEvent(reader: StreamReader, event: TypedStreamEvent): void {
  switch (event.kind) {
    case "delta":
      reader.addText(event.text);
      if (event.reasoning) reader.addReasoning(event.text);
      reader.markContent();
      if (!event.reasoning) reader.markAnswer();
      return;
    case "usage":
      reader.takeCounts(event.outputTokens, event.inputTokens, event.reasoningTokens, event.cachedTokens);
      if (event.end) reader.sawDone = true;
      return;
    case "invalid":
      reader.fail(event.message);
      return;
    case "none":
      return;
  }
}

/** An OpenAI chat / completions stream's event (`data:` chunks, `data: [DONE]`). */
export function applyOpenAiEvent(reader: StreamReader, data: string, type: string): void {
  // An `event: error` fails the stream whatever its data says (it was counted ok, 0 tokens).
  if (type === "error") {
    reader.fail(`error event in the stream: ${rawExcerpt(data)}`);
    return;
  }
  // OpenAI chat streams name no event type: a named one is another API's stream.
  const other = type === "message" ? null : otherApiMessage("openai", type, null, data);
  if (other !== null) {
    reader.fail(other);
    return;
  }
  const chunk = readOpenAiChunk(data);
  switch (chunk.kind) {
    case "done":
      reader.sawDone = true;
      return;
    case "invalid":
    case "error":
      // The message already says what was wrong and quotes the chunk's first bytes.
      reader.fail(chunk.message);
      return;
    case "chunk":
      // Usage usually rides on a final chunk with empty choices; the last count sent wins.
      reader.takeCounts(
        chunk.completionTokens,
        chunk.promptTokens,
        chunk.reasoningTokens,
        chunk.cachedTokens,
      );
      if (chunk.finishReason !== undefined) reader.finishReason = chunk.finishReason;
      if (chunk.text.length > 0) reader.addText(chunk.text);
      if (chunk.reasoningText.length > 0) reader.addReasoning(chunk.reasoningText);
      // A role-only opening chunk carries no content: it is not the first token.
      if (chunk.hasContent) reader.markContent();
      if (chunk.hasAnswer) reader.markAnswer();
  }
}

/**
 * A generic SSE stream's event: an `error` event fails the stream. Described (`request.sse`):
 * only the events it names whose text path holds text are content, and the text alone is
 * estimated (the JSON envelope is no token); its usage paths give the server's counts. Otherwise
 * every non-empty data event is content.
 */
export function applySseEvent(reader: StreamReader, sse: SseSpec | null, data: string, type: string): void {
  if (type === "error") reader.fail(`error event in the stream: ${rawExcerpt(data)}`);
  else if (sse !== null) {
    const event = readCustomSseEvent(sse, data, type);
    if (event.kind === "invalid") {
      reader.fail(event.message);
      return;
    }
    // Counts are running totals in every format seen: the last one sent wins.
    reader.takeCounts(event.outputTokens, event.inputTokens, undefined, undefined);
    if (event.end) reader.sawDone = true;
    if (event.text.length > 0) {
      reader.addText(event.text);
      reader.markContent();
    }
  } else if (data === "[DONE]") reader.sawDone = true;
  else if (data.length > 0) {
    reader.addText(data);
    reader.markContent();
  }
}
