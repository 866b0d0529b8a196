/**
 * The request keys of a streamed response: `stream` (how to read the body), `include_usage`
 * (ask an OpenAI-compatible server for token usage) and `idle_timeout` (longest silence between
 * two reads). Rules that tie them to each other or to the body live in stream-checks.ts, because
 * they span keys.
 */
import * as z from "zod";
import { durationMsSchema } from "./duration-schema.js";
import { LOAD_LIMITS } from "./limits.js";
import { sseSchema } from "./sse-schema.js";
import type { StreamFormat } from "./types.js";

/** Formats `request.stream` accepts, in the order messages list them. */
export const STREAM_FORMATS = [
  "openai",
  "openai-responses",
  "anthropic",
  "sse",
] as const satisfies readonly StreamFormat[];

/** Default of `request.include_usage`, as the user would write it. */
export const INCLUDE_USAGE_DEFAULT = true;

/** The stream keys (with `sse`, the generic SSE format, and `usage`, the non-streamed counterpart), spread into the request map of the budget schema. */
export const streamRequestKeys = {
  stream: z
    .enum(STREAM_FORMATS, { error: `expected one of ${STREAM_FORMATS.join(", ")}` })
    .meta({
      description:
        "Time the response as a stream: openai (OpenAI-compatible chat/completions SSE: ttft, itl, " +
        "tpot, token counts), openai-responses (OpenAI Responses API SSE: the same metrics, tokens " +
        "from response.completed usage), anthropic (Anthropic Messages SSE: the same metrics, tokens " +
        "from message_start / message_delta usage) or sse (any server-sent events; each data: event is a " +
        "chunk, token counts are estimates, unless request.sse names the content events, their text " +
        "and the usage). Absent: the body is read whole.",
    })
    .optional(),
  include_usage: z
    .boolean({ error: "expected true or false" })
    .meta({
      description:
        'stream: openai only. With "stream": true in the json body, add stream_options.include_usage: ' +
        "true so the server reports exact token counts (unless the body already sets it).",
      default: INCLUDE_USAGE_DEFAULT,
    })
    .optional(),
  usage: z
    .boolean({ error: "expected true or false" })
    .meta({
      description:
        "Not streamed: read the JSON body (parsed whole up to 256 KiB; a longer body's last 64 KiB scanned) for usage and report output_tokens, " +
        "prompt_tokens, output_tps and request_output_tps from it (OpenAI chat/completions, Responses, " +
        "Anthropic Messages and embeddings shapes). Default: on when the json body has a model key or " +
        "the scenario names a token metric; false keeps the lean handler that discards bodies unread.",
    })
    .optional(),
  idle_timeout: durationMsSchema(
    "With stream: the longest silence between two reads of the response before the request is a " +
      "timeout; the whole-request timeout still applies. Default: the request's timeout.",
    { positive: true, max: LOAD_LIMITS.timeoutMs },
  ).optional(),
  sse: sseSchema.optional(),
};
