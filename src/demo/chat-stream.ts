/**
 * The demo's streamed chat completion: `text/event-stream` shaped like OpenAI's, event by event,
 * on the plan's timings. What it sends is what perf-gate must measure: a role-only opening chunk
 * (not a token), content chunks (some with two tokens), a `finish_reason` chunk, the usage chunk
 * only when asked, then `data: [DONE]`.
 */
import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { StreamPlan } from "./stream-plan.js";

/** Who the answer is from and what the request asked of the stream. */
export interface StreamMeta {
  readonly id: string;
  readonly model: string;
  readonly promptTokens: number;
  /** The request's `stream_options.include_usage`. */
  readonly includeUsage: boolean;
}

/**
 * Writes the whole stream to `res` and ends it. Resolves early, without error, when the client
 * goes away or the server closes the connection: pending delays are cancelled rather than left
 * to fire into a dead socket (and to keep `close()` waiting).
 */
export async function streamChatCompletion(
  res: ServerResponse,
  plan: StreamPlan,
  meta: StreamMeta,
): Promise<void> {
  const abort = new AbortController();
  // 'close' also fires after a normal end, when aborting has nothing left to cancel.
  res.once("close", () => abort.abort());
  const chunk = chunkWriter(res, meta);
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
  // Sent with the headers, as vLLM does: TTFB is then tiny while TTFT waits for the prefill.
  chunk([{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }]);
  try {
    for (const { delayMs, tokens } of plan.chunks) {
      await sleep(delayMs, undefined, { signal: abort.signal });
      chunk([{ index: 0, delta: { content: tokens.join("") }, logprobs: null, finish_reason: null }]);
    }
  } catch (err) {
    if (abort.signal.aborted) return;
    throw err;
  }
  chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: plan.finishReason }]);
  if (meta.includeUsage) {
    const usage = {
      prompt_tokens: meta.promptTokens,
      completion_tokens: plan.completionTokens,
      total_tokens: meta.promptTokens + plan.completionTokens,
    };
    chunk([], usage);
  }
  res.end("data: [DONE]\n\n");
}

/** A function that writes one `chat.completion.chunk` event with the given choices. */
function chunkWriter(res: ServerResponse, meta: StreamMeta) {
  const created = Math.floor(Date.now() / 1000);
  return (choices: readonly unknown[], usage: unknown = null): void => {
    const body = {
      id: meta.id,
      object: "chat.completion.chunk",
      created,
      model: meta.model,
      system_fingerprint: "fp_demo",
      choices,
      // OpenAI puts `"usage": null` on every chunk but the last once usage is asked for; a client
      // must not take that null for the usage.
      ...(meta.includeUsage ? { usage } : {}),
    };
    res.write(`data: ${JSON.stringify(body)}\n\n`);
  };
}
