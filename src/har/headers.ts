/**
 * Which recorded headers a budget keeps. The browser adds many that describe the browser, the
 * connection or its cache rather than the request the app made; replayed, they would be wrong
 * (`host`, `content-length`, a stale `if-none-match` that turns every response into a 304) or
 * noise. Credentials are kept as `${VAR}` placeholders: the recorded values never reach the budget.
 */

/** What becomes of a header: dropped, kept with a `${VAR}` placeholder for its value, or kept. */
export type HeaderKind = "drop" | "secret" | "keep";

/**
 * Dropped: hop-by-hop and framing headers (undici sets its own), the browser's identity and
 * navigation context (`user-agent`, `referer`, `origin`, client hints), and cache validators.
 * `user-agent` goes too: the load generator is not that browser, and a budget that claimed to be
 * would mislead the server's logs; add it back by hand when the server varies on it.
 */
const DROPPED = new Set([
  "host",
  "content-length",
  "connection",
  "keep-alive",
  "proxy-connection",
  // The proxy's credentials belong to the hop to the proxy, not to the request: a budget refuses
  // the header (it would go to the target), so the recording's proxy setup stays out of it.
  "proxy-authorization",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "expect",
  "accept-encoding",
  "user-agent",
  "referer",
  "origin",
  "upgrade-insecure-requests",
  "priority",
  "purpose",
  "dnt",
  "pragma",
  "cache-control",
  "if-none-match",
  "if-modified-since",
  "if-range",
]);

const SECRET_NAMES = new Set(["cookie", "authorization", "x-api-key"]);

/** Header names that carry credentials whatever their exact spelling (`x-auth-token`, `x-csrf-token`). */
const SECRET_PARTS = ["token", "secret", "key", "auth", "session", "password", "credential", "signature"];

/**
 * Query parameters and JSON or form fields that hold credentials: narrower than for headers
 * (`key` inside a name would catch `sort_key`), matched on the lower-cased name with `-` read as `_`.
 */
const SECRET_FIELD_PARTS = [
  "token",
  "secret",
  "password",
  "passwd",
  "apikey",
  "api_key",
  "access_key",
  "private_key",
  "credential",
  "signature",
  "session",
];
const SECRET_FIELD_NAMES = new Set(["key", "sig", "sid", "pwd", "auth"]);

/** How the header named `name` (any case) is carried into the budget. */
export function headerKind(name: string): HeaderKind {
  const lower = name.toLowerCase();
  // Pseudo-headers (`:authority`, `:path` …) are HTTP/2 framing; `sec-*` are the browser's.
  if (lower.startsWith(":") || lower.startsWith("sec-") || DROPPED.has(lower)) return "drop";
  if (SECRET_NAMES.has(lower) || SECRET_PARTS.some((part) => lower.includes(part))) return "secret";
  return "keep";
}

/** True for a query parameter or JSON/form field name that holds a credential (`api_key`, `access_token`). */
export function isSecretField(name: string): boolean {
  const lower = name.toLowerCase().replaceAll("-", "_");
  return SECRET_FIELD_NAMES.has(lower) || SECRET_FIELD_PARTS.some((part) => lower.includes(part));
}

/**
 * The parts of a secret header value that may also appear alone elsewhere in the recording (a
 * session id echoed in a body, a bearer token repeated in a query): each cookie's value, and the
 * credentials after an authorization scheme. Each comes with the suffix of its variable's name.
 */
export function secretParts(
  name: string,
  value: string,
): { readonly suffix: string; readonly value: string }[] {
  const lower = name.toLowerCase();
  if (lower === "cookie") {
    return value.split(";").flatMap((pair) => {
      const eq = pair.indexOf("=");
      if (eq === -1) return [];
      return [{ suffix: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() }];
    });
  }
  const scheme = /^([A-Za-z][\w-]*) +(\S.*)$/.exec(value);
  if (scheme?.[2] && (lower.includes("auth") || lower.endsWith("authorization"))) {
    return [{ suffix: "credentials", value: scheme[2] }];
  }
  return [];
}
