/**
 * The zod schema of a duration written with its unit (`250ms`, `1.5s`), shared by every key that
 * takes one (timeouts, load phases, slo objectives) so they all say the same thing when wrong.
 */
import * as z from "zod";
import { DURATION_RE, parseDurationMs } from "./units.js";

const DURATION = 'expected a duration like "250ms"';

/**
 * A duration converted to milliseconds (may be fractional). `positive` also rejects 0;
 * `fallback` is the default shown to editors (applied when the typed budget is built).
 */
export function durationMsSchema(description: string, positive: boolean, fallback?: string) {
  return z
    .string({ error: DURATION })
    .regex(DURATION_RE, { error: DURATION })
    .meta({ description, ...(fallback === undefined ? {} : { default: fallback }) })
    .transform((text, ctx) => {
      const ms = parseDurationMs(text) ?? Number.NaN;
      if (positive && !(ms > 0))
        ctx.addIssue({ code: "custom", input: text, message: 'expected a duration above 0, like "250ms"' });
      return ms;
    });
}
