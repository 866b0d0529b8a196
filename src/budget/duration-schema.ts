/**
 * The zod schema of a duration written with its unit (`250ms`, `1.5s`), shared by every key that
 * takes one (timeouts, load phases, slo objectives) so they all say the same thing when wrong.
 */
import * as z from "zod";
import { type Bound, boundError } from "./limits.js";
import { DURATION_RE, parseDurationMs } from "./units.js";

const DURATION = 'expected a duration like "250ms"';

/** What a duration key accepts besides the format. */
export interface DurationRules {
  /** Also reject 0. */
  readonly positive: boolean;
  /** The default shown to editors (applied when the typed budget is built). */
  readonly fallback?: string;
  /** The largest value the engine honours (see limits.ts); said in the description too. */
  readonly max?: Bound;
  /** The other key `max` also bounds, for the description (`warmup` → "At most 24h with warmup."). */
  readonly maxWith?: string;
}

/** A duration converted to milliseconds (may be fractional), checked against `rules`. */
export function durationMsSchema(description: string, rules: DurationRules) {
  const { positive, fallback, max, maxWith } = rules;
  const together = maxWith === undefined ? "" : ` with ${maxWith}`;
  const described = max === undefined ? description : `${description} At most ${max.written}${together}.`;
  return z
    .string({ error: DURATION })
    .regex(DURATION_RE, { error: DURATION })
    .meta({ description: described, ...(fallback === undefined ? {} : { default: fallback }) })
    .transform((text, ctx) => {
      const ms = parseDurationMs(text) ?? Number.NaN;
      if (positive && !(ms > 0))
        ctx.addIssue({ code: "custom", input: text, message: 'expected a duration above 0, like "250ms"' });
      // `!(ms <= max)` also refuses a number too long to be finite ("9999…9h" is Infinity).
      else if (max !== undefined && !(ms <= max.max))
        ctx.addIssue({ code: "custom", input: text, message: boundError(max, "") });
      return ms;
    });
}
