/**
 * One recorded request → the `request:` of a budget step: method, path with query, the headers
 * worth replaying, and the body (`json:` when it is JSON, else `body:`). Credentials in headers,
 * query parameters and form or JSON fields become `${VAR}` placeholders. Two passes over the
 * recording: `registerSecrets` on every entry first, so a secret first seen in a later request's
 * header is also replaced where an earlier body repeats it.
 */
import { headerKind, isSecretField, secretParts } from "./headers.js";
import type { HarEntry, HarHeader } from "./parse-har.js";
import type { Placeholders } from "./placeholders.js";

/** A step's request as the budget writes it (the keys of the budget's request schema). */
export interface StepRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly body?: string;
}

/** Registers every credential `entry` carries, so that `toStepRequest` can replace it anywhere. */
export function registerSecrets(entry: HarEntry, placeholders: Placeholders): void {
  for (const [name, value] of mergedHeaders(entry.headers)) {
    if (headerKind(name) !== "secret" || value === "") continue;
    placeholders.register(name, value, `header ${name}`);
    for (const part of secretParts(name, value)) {
      if (part.value !== "")
        placeholders.register(`${name}_${part.suffix}`, part.value, `${part.suffix} in header ${name}`);
    }
  }
  const url = new URL(entry.url);
  formPairs(url.search.slice(1), placeholders, "query parameter", true);
  const body = bodyOf(entry);
  if (body?.kind === "form") formPairs(body.text, placeholders, "form field", true);
  if (body?.kind === "json") jsonValue(body.value, placeholders, true);
}

/** The budget request for `entry`; every string scrubbed of registered secrets. */
export function toStepRequest(entry: HarEntry, placeholders: Placeholders): StepRequest {
  const url = new URL(entry.url);
  const query =
    url.search === "" ? "" : `?${formPairs(url.search.slice(1), placeholders, "query parameter", false)}`;
  const headers: Record<string, string> = {};
  for (const [name, value] of mergedHeaders(entry.headers)) {
    const kind = headerKind(name);
    if (kind === "drop") continue;
    headers[name] =
      kind === "secret" && value !== ""
        ? placeholders.placeholder(name, value, `header ${name}`)
        : placeholders.scrub(value);
  }
  const body = bodyOf(entry);
  return {
    method: entry.method.toUpperCase(),
    path: placeholders.scrub(url.pathname) + query,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(body?.kind === "json" ? { json: jsonValue(body.value, placeholders, false) } : {}),
    ...(body?.kind === "form" ? { body: formPairs(body.text, placeholders, "form field", false) } : {}),
    ...(body?.kind === "text" ? { body: placeholders.scrub(body.text) } : {}),
  };
}

/** Headers by lower-case name in recorded order; repeats joined (`; ` for cookies, `, ` otherwise). */
function mergedHeaders(headers: readonly HarHeader[]): Map<string, string> {
  const merged = new Map<string, string>();
  for (const { name, value } of headers) {
    const lower = name.toLowerCase();
    const before = merged.get(lower);
    merged.set(lower, before === undefined ? value : `${before}${lower === "cookie" ? "; " : ", "}${value}`);
  }
  return merged;
}

type Body =
  | { readonly kind: "json"; readonly value: unknown }
  | { readonly kind: "form"; readonly text: string }
  | { readonly kind: "text"; readonly text: string };

/** The recorded body: JSON when the MIME type says so and it parses exactly, form, or text. */
function bodyOf(entry: HarEntry): Body | undefined {
  const post = entry.postData;
  if (!post) return undefined;
  const header = entry.headers.find((h) => h.name.toLowerCase() === "content-type")?.value ?? "";
  const mime = (post.mimeType || header).split(";")[0]?.trim().toLowerCase() ?? "";
  const form = mime === "application/x-www-form-urlencoded";
  const text =
    post.text ??
    (form && post.params.length > 0
      ? post.params.map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(p.value)}`).join("&")
      : undefined);
  if (text === undefined || text === "") return undefined;
  if (form) return { kind: "form", text };
  if (mime === "application/json" || mime.endsWith("+json")) {
    try {
      const value: unknown = JSON.parse(text);
      // An integer beyond 2^53 would be sent rounded: keep such a body as text.
      if (!hasUnsafeInteger(value)) return { kind: "json", value };
    } catch {
      // Not JSON after all: sent as recorded.
    }
  }
  return { kind: "text", text };
}

function hasUnsafeInteger(value: unknown): boolean {
  if (typeof value === "number") return Number.isInteger(value) && !Number.isSafeInteger(value);
  if (Array.isArray(value)) return value.some(hasUnsafeInteger);
  if (value !== null && typeof value === "object") return Object.values(value).some(hasUnsafeInteger);
  return false;
}

/**
 * `a=1&api_key=…` (a query or a form body, percent-encoding kept): registers (`register`) or
 * replaces the values of credential fields, and scrubs the rest.
 */
function formPairs(text: string, placeholders: Placeholders, what: string, register: boolean): string {
  if (text === "") return "";
  return text
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      const rawValue = eq === -1 ? "" : pair.slice(eq + 1);
      const name = decodeForm(rawName);
      if (!isSecretField(name) || rawValue === "") {
        return register ? "" : placeholders.scrub(pair);
      }
      const source = `${what} ${name}`;
      if (register) {
        const variable = placeholders.register(name, rawValue, source);
        placeholders.alias(decodeForm(rawValue), variable);
        return "";
      }
      return `${placeholders.scrub(rawName)}=${placeholders.placeholder(name, rawValue, source)}`;
    })
    .join("&");
}

/** `+` and percent-decoded; text that does not decode is taken as it is. */
function decodeForm(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
}

/** A JSON body with credential fields registered (`register`) or replaced, every string scrubbed. */
function jsonValue(value: unknown, placeholders: Placeholders, register: boolean): unknown {
  if (typeof value === "string") return register ? value : placeholders.scrub(value);
  if (Array.isArray(value)) return value.map((item) => jsonValue(item, placeholders, register));
  if (value === null || typeof value !== "object") return value;
  // Pairs, then fromEntries: assigning `out["__proto__"]` would set the prototype, not a key.
  const pairs: [string, unknown][] = [];
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === "string" && item !== "" && isSecretField(key)) {
      if (register) placeholders.register(key, item, `JSON field ${key}`);
      else pairs.push([placeholders.scrubKey(key), placeholders.placeholder(key, item, `JSON field ${key}`)]);
    } else {
      const converted = jsonValue(item, placeholders, register);
      if (!register) pairs.push([placeholders.scrubKey(key), converted]);
    }
  }
  return Object.fromEntries(pairs);
}
