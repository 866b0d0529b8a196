/**
 * Secrets are the values substituted from `${ENV}` into a budget (API keys, tokens). They must
 * never reach a terminal, a report, a job summary or an error message, so every output edge runs
 * its text through `redactSecrets` with `Budget.secrets`.
 */

/** What a secret is replaced with. */
export const REDACTED = "***";

/**
 * The forms a secret takes once embedded in text: as written, JSON-escaped (quotes, backslashes
 * and control characters inside report.json or a `json:` body) and percent-encoded (`new URL`
 * normalizes a key in a query or path). Redacting only the raw form would let the others leak.
 */
function secretForms(secret: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1)];
  try {
    forms.push(encodeURIComponent(secret), encodeURI(secret));
  } catch {
    // A lone surrogate cannot be percent-encoded, so it cannot reach a URL in that form either.
  }
  return forms;
}

/**
 * Replaces every occurrence of each secret in `text`, in each of its forms (as written,
 * JSON-escaped, percent-encoded), by `***`. Longer forms are replaced first, so a secret that
 * contains another (`sk-abc` and `sk-abc-def`) does not leave a tail behind.
 * Empty strings are ignored: they would match everywhere and hide nothing.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0 || text.length === 0) return text;
  const forms = secrets.filter((s) => s.length > 0).flatMap(secretForms);
  const ordered = [...new Set(forms)].sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of ordered) {
    // split/join rather than a RegExp: secret values may contain any regex metacharacter.
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * PROVISIONAL (the budget work replaces it): redacts `text` first, then cuts it to `maxChars`.
 */
export function redactExcerpt(text: string, maxChars: number, secrets: readonly string[]): string {
  const redacted = redactSecrets(text, secrets);
  return redacted.length <= maxChars ? redacted : `${redacted.slice(0, maxChars)}…`;
}
