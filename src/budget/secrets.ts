/**
 * Secrets are the values substituted from `${ENV}` into a budget (API keys, tokens). They must
 * never reach a terminal, a report, a job summary or an error message, so every output edge runs
 * its text through `redactSecrets` with `Budget.secrets`.
 */

/** What a secret is replaced with. */
export const REDACTED = "***";

/**
 * Replaces every occurrence of each secret in `text` by `***`. Longer secrets are replaced first,
 * so a secret that contains another (`sk-abc` and `sk-abc-def`) does not leave a tail behind.
 * Empty strings are ignored: they would match everywhere and hide nothing.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0 || text.length === 0) return text;
  const ordered = [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of ordered) {
    // split/join rather than a RegExp: secret values may contain any regex metacharacter.
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}
