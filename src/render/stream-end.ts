import type { StreamReport } from "../report/types.js";

/**
 * The event that ends a stream on its own, as the stream-without-end warnings name it:
 * `data: [DONE]` (openai, sse), `message_stop` (anthropic), `response.completed`
 * (openai-responses), and for `sse` the event its `request.sse.end` names when set (a
 * `data: [DONE]` ends it too, but a server with an end event of its own never sends one).
 */
export function streamEndEvent(stream: Pick<StreamReport, "format" | "sse">): string {
  switch (stream.format) {
    case "anthropic":
      return "event: message_stop";
    case "openai-responses":
      return "event: response.completed";
    case "sse":
      return stream.sse?.end === undefined ? "data: [DONE]" : `event: ${stream.sse.end}`;
    default:
      return "data: [DONE]";
  }
}
