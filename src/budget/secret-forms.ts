/**
 * The forms a secret takes in text perf-gate itself writes. Redacting only the value as written
 * would let the others leak: report.json escapes it as JSON, and `new URL` (the request URL of
 * every scenario, `request.url` in the report) percent-encodes it in a path or query, lower-cases
 * and punycodes it as a host, and normalises a whole URL (`http://LocalHost:8080` →
 * `http://localhost:8080/`). The URL forms are derived by running the secret through `new URL`
 * in each position the code puts one, so they follow the WHATWG rules exactly.
 */
import { SHORT_SECRET_CHARS } from "./short-secrets.js";

const PATH_BASE = "http://h.invalid/";
const QUERY_BASE = "http://h.invalid/?";
const HOST_BASE = "http://";

// Forms are derived once per secret: redaction runs on every line perf-gate prints.
const cache = new Map<string, readonly string[]>();
const CACHE_LIMIT = 1000;

/**
 * Every form of `secret`, longest first, each at least as long as the secret or
 * `SHORT_SECRET_CHARS` (a URL may drop characters, e.g. tabs or `./`; a shorter remnant would
 * mask unrelated text): as written, JSON-escaped, percent-encoded (encodeURIComponent, encodeURI,
 * and as `new URL` writes it in a path and in a query), as a host, and as a normalised URL.
 * Empty for an empty secret.
 */
export function secretForms(secret: string): readonly string[] {
  if (secret === "") return [];
  const known = cache.get(secret);
  if (known) return known;
  const minChars = Math.min(secret.length, SHORT_SECRET_CHARS);
  const written = [secret, ...percentForms(secret), ...urlForms(secret)].filter((f) => f.length >= minChars);
  // Each form may also sit inside JSON (report.json, a json: body), and a server that echoes the
  // key in an error body may write JSON's other legal escapes: `\/` for `/` (PHP's json_encode),
  // `\uXXXX` for every character outside ASCII.
  const forms = [...new Set(written.flatMap((f) => jsonForms(f)))].sort((a, b) => b.length - a.length);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(secret, forms);
  return forms;
}

/** `text` as written and as the JSON encoders in use write it inside a string. */
function jsonForms(text: string): string[] {
  const escaped = JSON.stringify(text).slice(1, -1);
  const slashes = escaped.replaceAll("/", "\\/");
  const unicode = escaped.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return [text, escaped, slashes, unicode, unicode.replaceAll("/", "\\/")];
}

function percentForms(secret: string): string[] {
  try {
    return [encodeURIComponent(secret), encodeURI(secret)];
  } catch {
    // A lone surrogate cannot be percent-encoded, so it cannot reach a URL in that form either.
    return [];
  }
}

/** The secret as `new URL` writes it in a path, a query, a host, or as a whole URL. */
function urlForms(secret: string): string[] {
  const forms: string[] = [];
  const tail = (base: string, part = secret) => {
    if (!URL.canParse(base + part)) return;
    const url = new URL(base + part);
    const href = url.href.slice(base.length);
    // As a host, the parser adds the "/" of an empty path: that slash is not part of the secret.
    if (base === HOST_BASE) forms.push(url.host, url.hostname, href.replace(/\/$/, ""));
    else forms.push(href, url.search.slice(1));
    if (base === PATH_BASE) forms.push(url.pathname.slice(1));
  };
  tail(PATH_BASE);
  tail(QUERY_BASE);
  // A host never holds userinfo, a path or a query: only a secret that is all host (and port).
  if (!/[@/\\?#]/.test(secret)) tail(HOST_BASE);
  if (URL.canParse(secret)) {
    // `target: ${API_URL}`: the request URL is the normalised target with the path appended.
    // Its trailing "/" only when written: otherwise it is the path's own (`***/v1/chat`).
    const href = new URL(secret).href;
    forms.push(/\/$/.test(secret) ? href : href.replace(/\/+$/, ""));
  }
  return forms;
}
