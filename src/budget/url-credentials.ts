/**
 * Credentials written into a target URL (`http://user:pass@host`). undici never sends them (a
 * request is made from the origin and path, so the userinfo is dropped), and the URL itself is
 * printed in the report, the markdown and the terminal: a password there would leak and buy
 * nothing. So the budget refuses such a target, and no message ever echoes the userinfo.
 */

/** What to do instead, appended to every message about credentials in a URL. */
export const CREDENTIALS_FIX = `credentials in the URL (user:password@) are never sent: remove them and send them in a header, e.g. headers: { authorization: "Basic \${API_BASIC_AUTH}" }`;

/** True when `text` parses as a URL with a username or a password. */
export function hasUrlCredentials(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return url.username !== "" || url.password !== "";
}

// The parser skips leading C0 controls and spaces, and takes the userinfo up to the LAST "@"
// before the first "/", "\", "?" or "#"; http(s) and ws(s) need no slashes at all (`http:u:p@h`).
const USERINFO_RE =
  /^([\0-\x20]*(?:(?:https?|wss?|ftp):[\\/\t\n\r]*|[A-Za-z][A-Za-z0-9+.-]*:[\\/]{2}))[^\\/?#]*@/i;

/**
 * `text` with the userinfo of a URL at its start replaced by `***` (`http://***@host/`), even
 * when the rest does not parse; any other text is returned as it is. For messages that show a
 * found value.
 */
export function withoutUrlCredentials(text: string): string {
  return text.replace(USERINFO_RE, "$1***@");
}
