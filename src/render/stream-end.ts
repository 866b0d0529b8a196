import type { StreamReport } from "../report/types.js";

/**
 * The event that ends a stream of `format` on its own, as the stream-without-end warnings name
 * it: `data: [DONE]` (openai, sse), `message_stop` (anthropic), `response.completed` (openai-responses).
 */
export function streamEndEvent(format: StreamReport["format"]): string {
  switch (format) {
    case "anthropic":
      return "event: message_stop";
    case "openai-responses":
      return "event: response.completed";
    default:
      return "data: [DONE]";
  }
}
