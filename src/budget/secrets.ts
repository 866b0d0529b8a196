/**
 * Secrets are the values substituted from `${ENV}` into a budget (API keys, tokens). They must
 * never reach a terminal, a report, a job summary or an error message, so every output edge runs
 * its text through `redactSecrets` (or, for a cut excerpt, `redactExcerpt`) with `Budget.secrets`.
 */
import { secretForms } from "./secret-forms.js";

/** What a secret is replaced with. */
export const REDACTED = "***";

/** The shortest piece of a secret form masked at an excerpt's edge (shorter ones are noise). */
export const EDGE_FRAGMENT_CHARS = 3;

/** Every form of every secret, longest first (see secret-forms.ts). */
function formsOf(secrets: readonly string[]): string[] {
  return [...new Set(secrets.flatMap(secretForms))].sort((a, b) => b.length - a.length);
}

/**
 * Replaces every occurrence of each secret in `text`, in each of its forms (as written,
 * JSON-escaped, percent-encoded, and as `new URL` writes it in a path, a query, a host or a whole
 * URL), by `***`. Occurrences that overlap, of one secret or of two (`sk-abc` inside `sk-abc-def`,
 * or a secret that ends where another begins), are masked as one, so no tail is left behind.
 * Empty strings are ignored: they would match everywhere and hide nothing.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0 || text.length === 0) return text;
  const spans: [number, number][] = [];
  for (const form of formsOf(secrets)) {
    // indexOf rather than a RegExp: secret values may contain any regex metacharacter.
    for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) {
      spans.push([at, at + form.length]);
    }
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = "";
  let kept = 0; // text before this index is already in `out`
  let [start, end] = spans[0] as [number, number];
  for (const [from, to] of spans) {
    if (from < end) {
      end = Math.max(end, to);
      continue;
    }
    out += text.slice(kept, start) + REDACTED;
    kept = end;
    [start, end] = [from, to];
  }
  return out + text.slice(kept, start) + REDACTED + text.slice(end);
}

/**
 * An excerpt of `text` that is safe to show although `text` may have been cut by someone else
 * (the engine keeps raw samples of up to `SAMPLE_RAW_CHARS` characters, so it may start or end
 * inside a secret). In this order:
 * 1. redacts every whole secret form (`redactSecrets`), so a cut can never split one;
 * 2. masks, at the start and at the end of the input, a fragment of at least
 *    `EDGE_FRAGMENT_CHARS` characters that is a suffix (start) or prefix (end) of a secret form,
 *    and the whole input when it lies inside one;
 * 3. when longer than `maxChars`, keeps the first `maxChars` characters (never half of a UTF-16
 *    surrogate pair), masks a trailing prefix of a secret form as in 2, and appends `…`.
 * The result is at most `maxChars` characters plus the `…`. A masked fragment becomes `***`.
 * @param maxChars characters of text kept, at least 0
 */
export function redactExcerpt(text: string, maxChars: number, secrets: readonly string[]): string {
  const forms = formsOf(secrets);
  const redacted = maskEdges(redactSecrets(text, secrets), forms);
  if (redacted.length <= maxChars) return redacted;
  let cut = Math.max(0, Math.floor(maxChars));
  const last = redacted.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${maskTail(redacted.slice(0, cut), forms)}…`;
}

function maskEdges(text: string, forms: readonly string[]): string {
  if (text.length >= EDGE_FRAGMENT_CHARS && forms.some((f) => f.includes(text))) return REDACTED;
  return maskHead(maskTail(text, forms), forms);
}

/** `text` with its longest ending that is a prefix of a form (≥ 3 characters) replaced. */
function maskTail(text: string, forms: readonly string[]): string {
  let longest = 0;
  for (const form of forms) {
    const lastChar = text.charCodeAt(text.length - 1);
    for (let k = Math.min(form.length, text.length); k > longest && k >= EDGE_FRAGMENT_CHARS; k--) {
      // The character test first: most lengths fail it, and slicing is what costs.
      if (form.charCodeAt(k - 1) === lastChar && text.endsWith(form.slice(0, k))) longest = k;
    }
  }
  return longest === 0 ? text : text.slice(0, text.length - longest) + REDACTED;
}

/** `text` with its longest beginning that is a suffix of a form (≥ 3 characters) replaced. */
function maskHead(text: string, forms: readonly string[]): string {
  let longest = 0;
  for (const form of forms) {
    const firstChar = text.charCodeAt(0);
    for (let k = Math.min(form.length, text.length); k > longest && k >= EDGE_FRAGMENT_CHARS; k--) {
      if (form.charCodeAt(form.length - k) === firstChar && text.startsWith(form.slice(form.length - k))) {
        longest = k;
      }
    }
  }
  return longest === 0 ? text : REDACTED + text.slice(longest);
}
