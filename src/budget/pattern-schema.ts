/**
 * Schemas of the patterns checks and captures share: a regex written bare or as `/…/flags`, a
 * JSONPath of the subset, a response header name. Each validates at parse time, so a pattern that
 * cannot run never reaches the load.
 */
import * as z from "zod";
import { compileJsonPath } from "../checks/json-path.js";
import { type RegexText, regexProblem, splitRegexText } from "../checks/regex.js";

// RFC 9110 token characters, as request header names (schema.ts).
const HEADER_NAME_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The message for a header name that is not an RFC 9110 token. */
export const HEADER_NAME_ERROR = "expected a header name (letters, digits and !#$%&'*+-.^_`|~)";

/** A response header name (case-insensitive: the caller stores it lower-case). */
export function headerNameSchema(error = HEADER_NAME_ERROR) {
  return z.string({ error }).regex(HEADER_NAME_RE, { error: HEADER_NAME_ERROR });
}

/** Adds the issue of a regex that does not compile or has a flag not allowed; nothing when fine. */
export function checkRegex(regex: RegexText, input: string, ctx: z.RefinementCtx): void {
  const problem = regexProblem(regex);
  if (problem !== undefined) {
    ctx.addIssue({ code: "custom", input, message: `expected a valid regular expression: ${problem}` });
  }
}

/** A regex written bare or as `/…/flags`, validated, as its source and flags. */
export function regexSchema(example: string) {
  const error = `expected a regular expression, like "${example}" or "/${example}/i"`;
  return z
    .string({ error })
    .min(1, { error })
    .transform((text, ctx): RegexText => {
      const regex = splitRegexText(text);
      checkRegex(regex, text, ctx);
      return regex;
    });
}

/** A JSONPath of the subset (json-path.ts), validated; its text is kept (compiled again at load). */
export function jsonPathSchema() {
  const error = 'expected a JSONPath like "$.choices[0].message.content"';
  return z
    .string({ error })
    .superRefine((text, ctx) => {
      const { problem } = compileJsonPath(text);
      if (problem === undefined) return;
      const message = `expected a JSONPath: at character ${problem.offset + 1}, ${problem.message}`;
      ctx.addIssue({ code: "custom", input: text, message });
    })
    .meta({
      description: "JSONPath: $ followed by .name, ['name'], [n] or [-n], e.g. $.data[-1].id",
      pattern: "^\\$",
    });
}

/** `a and b`, `a, b and c`: the keys a message names. */
export function listed(words: readonly string[]): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
