/**
 * The fields of a chat completion request the demo honours, read from its JSON body, with the
 * checks an OpenAI server makes on them.
 */

/** A parsed chat completion request. */
export interface ChatRequest {
  readonly model: string;
  readonly messages: unknown;
  /** `max_tokens` (or the newer `max_completion_tokens`), when a number. */
  readonly maxTokens?: number;
  /** `"stream": true`: answer with server-sent events. */
  readonly stream: boolean;
  /** `stream_options.include_usage: true`: end the stream with a usage chunk. */
  readonly includeUsage: boolean;
}

/** Why a body is refused: the message of a 400 `invalid_request_error`. */
export type ChatRequestError = { readonly error: string };

/** Parses a request body (undefined when empty) into a request, or the reason it is refused. */
export function parseChatRequest(body: string | undefined): ChatRequest | ChatRequestError {
  let json: unknown;
  try {
    json = body === undefined ? {} : JSON.parse(body);
  } catch {
    return { error: "The request body is not valid JSON." };
  }
  if (json === null || typeof json !== "object" || Array.isArray(json))
    return { error: "The request body must be a JSON object." };
  const r = json as Record<string, unknown>;
  const stream = r.stream === true;
  // OpenAI refuses stream_options on a non-streamed request; so does the demo, which catches a
  // client that adds it to every body instead of only to streamed ones.
  if (r.stream_options !== undefined && r.stream_options !== null && !stream)
    return { error: "The 'stream_options' parameter is only allowed when 'stream' is enabled." };
  const options = r.stream_options as { include_usage?: unknown } | null | undefined;
  const maxTokens = r.max_completion_tokens ?? r.max_tokens;
  return {
    model: typeof r.model === "string" ? r.model : "demo-model",
    messages: r.messages,
    ...(typeof maxTokens === "number" ? { maxTokens } : {}),
    stream,
    includeUsage: stream && typeof options === "object" && options?.include_usage === true,
  };
}
