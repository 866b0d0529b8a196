/**
 * `request.sse`: how a generic server-sent-events stream (`stream: sse`) carries its content,
 * for a server whose format perf-gate has no reader of its own. Without it every non-empty data
 * event is a token chunk and tokens are estimated from the whole data, JSON envelope included;
 * with it only the events named are content, the text is the value at a JSONPath, and the
 * server's own token count is read where it says. The paths are compiled in stream-body.ts,
 * once per scenario; this schema only validates them (with a located message).
 */
import * as z from "zod";
import { jsonPathSchema } from "./pattern-schema.js";

const eventError = 'expected an SSE event type (the "event:" field), like delta, or a list of them';
const eventName = z
  .string({ error: eventError })
  .regex(/^[^\r\n]+$/, { error: "expected an SSE event type: one line of text, not empty" });

/** A JSONPath of the subset, with what it points at in this key. */
const pathSchema = (description: string) => jsonPathSchema().meta({ description });

/** The `sse:` map as validated, before its paths are compiled. */
export interface SseInput {
  readonly event?: string | readonly string[];
  readonly text?: string;
  readonly usage?: string;
  readonly prompt_usage?: string;
  readonly end?: string;
}

/** The `request.sse` key (only with `stream: sse`: a cross-key rule in stream-checks.ts). */
export const sseSchema = z
  .strictObject(
    {
      event: z
        .union([eventName, z.array(eventName, { error: eventError }).min(1, { error: eventError })], {
          error: eventError,
        })
        .meta({
          description:
            'The SSE event type(s) ("event:" field; "message" when a server sends none) that carry content. Absent: every event.',
        })
        .optional(),
      text: pathSchema(
        "JSONPath to the text of a content event, e.g. $.delta.text: an event is content (ttft, itl, token estimate) only when it is a non-empty string. Absent: the event's whole data.",
      ).optional(),
      usage: pathSchema(
        "JSONPath to the output token count, read from any event that has it (the last wins), e.g. $.usage.output_tokens. Absent: tokens are estimated from the text.",
      ).optional(),
      prompt_usage: pathSchema(
        "JSONPath to the input (prompt) token count, read from any event that has it (the last wins), e.g. $.usage.input_tokens.",
      ).optional(),
      end: eventName
        .meta({
          description:
            'The SSE event type that ends the stream (like message_stop); "data: [DONE]" ends it as well. Absent: only "data: [DONE]".',
        })
        .optional(),
    },
    {
      error:
        "expected a map with event, text, usage, prompt_usage, end, like { event: delta, text: $.delta.text }",
    },
  )
  .meta({
    title: "Generic SSE format",
    description:
      "stream: sse only. Which events of the stream carry content, where their text is, and where the server's token counts are.",
  });
