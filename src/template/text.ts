/**
 * How an expression's value becomes text in a string (`{{ x }}`) or JSON (`{{= x }}`), and the
 * encodings that keep a path or header valid whatever a data row holds.
 */
import type { TemplateValue } from "./types.js";

/** Where a string template's text goes, which decides how inserted values are encoded. */
export type TemplateTextContext = "path" | "header" | "body";

/**
 * Text of a value inserted with `{{ x }}`: strings as they are, numbers and booleans as JSON
 * text, null (and a missing row field) as "", arrays and objects as JSON text.
 */
export function toText(value: TemplateValue | undefined): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  return JSON.stringify(value);
}

/** JSON text of a value placed with `{{= x }}`; a missing value (absent row field) is null. */
export function toJsonText(value: TemplateValue | undefined): string {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (value === undefined) return "null";
  return JSON.stringify(value);
}

/**
 * Characters a request target cannot hold as they are (RFC 3986 plus what undici refuses): controls,
 * space, non-ASCII and `"<>\^`{|}`. Everything else stays, `/?&=%:@+` included, so a value that is
 * already a path piece or a query (`a=1&b=2`) keeps its meaning.
 */
const NOT_IN_TARGET = /[^\x21-\x7e]|["<>\\^`{|}]/;

/** `text` with the characters a request target cannot hold percent-encoded (UTF-8). */
export function encodeForPath(text: string): string {
  if (!NOT_IN_TARGET.test(text)) return text;
  let out = "";
  for (const char of wellFormed(text)) {
    out += NOT_IN_TARGET.test(char) ? encodeURIComponent(char) : char;
  }
  return out;
}

/**
 * Controls other than tab cannot be in a header value: undici refuses the request (so every
 * request would fail as an error), and a line break from a data row could smuggle a header in.
 * Each becomes a space.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const NOT_IN_HEADER = /[\x00-\x08\x0a-\x1f\x7f]/g;

/** After NOT_IN_HEADER every control is gone: anything above DEL is what is left to test. */
const NOT_ASCII = /[^ -~\t]/;

/**
 * `text` with the characters a header value cannot hold replaced by spaces, and, when it has any
 * non-ASCII character, as its UTF-8 bytes (one latin1 character per byte, which undici sends as
 * those bytes). undici refuses a header character above U+00FF, and the engine then stops the
 * whole run as malformed: one data row holding "日本" ended every run with exit 3.
 */
export function encodeForHeader(text: string): string {
  const clean = text.replace(NOT_IN_HEADER, " ");
  return NOT_ASCII.test(clean) ? Buffer.from(clean, "utf8").toString("latin1") : clean;
}

/** The encoder for a context: identity for "body". */
export function encoderFor(context: TemplateTextContext): ((text: string) => string) | undefined {
  if (context === "path") return encodeForPath;
  if (context === "header") return encodeForHeader;
  return undefined;
}

/** `urlencode(x)`: encodeURIComponent of x's text (a lone surrogate becomes U+FFFD, not a throw). */
export function urlencode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(wellFormed(text));
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with each unpaired surrogate replaced by U+FFFD (encodeURIComponent throws on them). */
function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\ufffd");
}
