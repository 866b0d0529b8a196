/**
 * The body side of `request.stream: openai`: perf-gate asks the server for token usage in the
 * stream, because exact `output_tokens` (and so `tpot` and the token rates) come only from the
 * server's `usage`; without it tokens are estimated from the text.
 */
import { compileJsonPath, type JsonPath } from "../checks/json-path.js";
import { asMap } from "./plain-map.js";
import type { SseInput } from "./sse-schema.js";
import type { SseSpec, StreamFormat, StreamSpec } from "./types.js";

/**
 * The `json:` body to send. With `"stream": true`, `include_usage` not false, and no
 * `stream_options.include_usage` of the user's own, adds `stream_options.include_usage: true`
 * (keeping other `stream_options`); anything else is returned as written.
 */
export function withUsageRequest(json: unknown, includeUsage: boolean | undefined): unknown {
  const body = asMap(json);
  if (body?.stream !== true || includeUsage === false) return json;
  const options = body.stream_options === undefined ? {} : asMap(body.stream_options);
  // A stream_options that is not a map is the user's own business: sent as written.
  if (!options || options.include_usage !== undefined) return json;
  return { ...body, stream_options: { ...options, include_usage: true } };
}

/** True when the body finally sent asks an OpenAI-compatible server for usage. */
export function asksForUsage(json: unknown): boolean {
  return asMap(asMap(json)?.stream_options)?.include_usage === true;
}

/** What `buildStreamSpec` reads from a request as validated. */
export interface StreamKeys {
  readonly stream?: StreamFormat;
  readonly idle_timeout?: number;
  readonly sse?: SseInput;
}

/**
 * The `StreamSpec` of a request, or undefined when it does not stream (nor read its usage).
 * @param sentJson the json body after `withUsageRequest` (undefined for a raw or absent body)
 * @param timeoutMs the request's whole timeout, the idle timeout's default
 * @param usage a non-streamed request reads its body's usage (`readsUsage`): format `json`
 */
export function buildStreamSpec(
  request: StreamKeys,
  sentJson: unknown,
  timeoutMs: number,
  usage = false,
): StreamSpec | undefined {
  if (request.stream === undefined) {
    return usage ? { format: "json", idleTimeoutMs: timeoutMs, includeUsage: false } : undefined;
  }
  const sse = request.stream === "sse" && request.sse !== undefined ? buildSseSpec(request.sse) : undefined;
  return {
    format: request.stream,
    idleTimeoutMs: request.idle_timeout ?? timeoutMs,
    includeUsage: request.stream === "openai" && asksForUsage(sentJson),
    ...(sse === undefined ? {} : { sse }),
  };
}

/**
 * The compiled `request.sse`: each path compiled here, once per scenario, so the reader only
 * walks steps per event. The schema already refused a path that does not compile.
 */
export function buildSseSpec(input: SseInput): SseSpec {
  const path = <K extends string>(key: K, text: string | undefined): { [k in K]?: JsonPath } => {
    const compiled = text === undefined ? undefined : compileJsonPath(text).path;
    return compiled === undefined ? {} : ({ [key]: compiled } as { [k in K]: JsonPath });
  };
  return {
    ...(input.event === undefined ? {} : { events: [input.event].flat() }),
    ...path("text", input.text),
    ...path("usage", input.usage),
    ...path("promptUsage", input.prompt_usage),
    ...(input.end === undefined ? {} : { end: input.end }),
  };
}
