/**
 * Regular expressions of checks and captures, written either bare (`^ok`) or as `/…/flags`
 * (`/json/i`). Validated once at parse time and compiled once; the hot path only runs `exec`.
 */

/** Flags a budget regex may carry. Not `g`/`y`: they make `test` stateful (lastIndex) across responses. */
export const REGEX_FLAGS = "imsuv";

/** A regex as written: `/json/i` → source `json`, flags `i`; `^ok` → source `^ok`, no flags. */
export interface RegexText {
  readonly source: string;
  readonly flags: string;
}

const SLASHED = /^\/(.*)\/([A-Za-z]*)$/s;

/** Splits `/source/flags`; any other text is a bare source with no flags. */
export function splitRegexText(text: string): RegexText {
  const m = SLASHED.exec(text);
  return m ? { source: m[1] ?? "", flags: m[2] ?? "" } : { source: text, flags: "" };
}

/** True when `text` is written `/…/flags` (a header check's value is then a regex, else exact text). */
export function isSlashedRegex(text: string): boolean {
  return SLASHED.test(text);
}

/**
 * What is wrong with a regex, worded to follow "expected a valid regular expression: ", or
 * undefined when it compiles with allowed flags.
 */
export function regexProblem(regex: RegexText): string | undefined {
  const bad = [...regex.flags].filter((f) => !REGEX_FLAGS.includes(f));
  if (bad.length > 0) return `flag ${bad.join("")} is not supported (flags: ${[...REGEX_FLAGS].join(", ")})`;
  if (new Set(regex.flags).size !== regex.flags.length) return "a flag is repeated";
  try {
    new RegExp(regex.source, regex.flags);
    return undefined;
  } catch (error) {
    // V8: "Invalid regular expression: /(/: Unterminated group": the cause is the last part.
    const message = error instanceof Error ? error.message : String(error);
    return message.slice(message.lastIndexOf(": ") + 2) || message;
  }
}

/** The compiled regex; `g` and `y` are dropped so one instance can be reused for every response. */
export function compileRegex(regex: RegexText): RegExp {
  return new RegExp(regex.source, regex.flags.replace(/[gy]/g, ""));
}

/** The regex as messages show it: `/json/i`. */
export function showRegex(regex: RegexText): string {
  return `/${regex.source}/${regex.flags}`;
}
