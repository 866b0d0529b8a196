/**
 * The forms a secret can take once it is embedded in text: as written, percent-encoded (a key
 * in a URL query or path is normalized by `new URL`), and JSON-escaped (quotes, backslashes and
 * control characters inside report.json). Redacting only the raw form would let those leak.
 */
export function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(encodeURI(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...forms];
}
