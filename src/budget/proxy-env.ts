/**
 * Which forward proxy a target's connections go through: the budget's `proxy:` key, or the
 * environment's HTTPS_PROXY / HTTP_PROXY / NO_PROXY with the semantics of undici's
 * EnvHttpProxyAgent (lower-case names first; an https target falls back to the http proxy;
 * NO_PROXY entries are host names or domain suffixes, optionally with a port, `*` for all). The
 * choice is made once per target, from the environment the budget was read with — never from
 * `process.env` at request time — so a worker thread, which reads the budget again with the same
 * environment, makes the same choice, and the report can name the proxy used.
 */
import type { ProxySpec } from "./types.js";

/** True for an http:// or https:// URL with a host and nothing past it but an optional "/". */
export function isProxyUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (
    (url.protocol === "http:" || url.protocol === "https:") && url.host !== "" && /^\/?$/.test(url.pathname)
  );
}

/**
 * What the environment says about proxies, or undefined when it names none (the common case: no
 * proxy and no per-connection work). A value that is not a proxy URL is ignored, as undici's
 * agent would fail on it.
 */
export function proxyFromEnv(env: Readonly<Record<string, string | undefined>>): ProxySpec | undefined {
  const http = env.http_proxy ?? env.HTTP_PROXY;
  const https = env.https_proxy ?? env.HTTPS_PROXY;
  const usable = (text: string | undefined) => (text !== undefined && isProxyUrl(text) ? text : undefined);
  const httpUrl = usable(http);
  const httpsUrl = usable(https) ?? httpUrl;
  if (httpUrl === undefined && httpsUrl === undefined) return undefined;
  return {
    kind: "env",
    ...(httpUrl === undefined ? {} : { http: httpUrl }),
    ...(httpsUrl === undefined ? {} : { https: httpsUrl }),
    noProxy: env.no_proxy ?? env.NO_PROXY ?? "",
  };
}

/** The proxy URL `target`'s connections go through, or undefined: straight to the target. */
export function proxyForTarget(spec: ProxySpec | undefined, target: URL): string | undefined {
  if (spec === undefined || spec.kind === "none") return undefined;
  if (spec.kind === "url") return spec.url;
  const proxy = target.protocol === "https:" ? spec.https : spec.http;
  if (proxy === undefined) return undefined;
  return bypassed(spec.noProxy, target) ? undefined : proxy;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { "http:": 80, "https:": 443 };

/** NO_PROXY matching, as EnvHttpProxyAgent does it. */
function bypassed(noProxy: string, target: URL): boolean {
  let host = target.hostname.replace(/^\[(.+)\]$/, "$1").toLowerCase();
  if (host.length > 1 && host.endsWith(".")) host = host.slice(0, -1);
  const port = Number.parseInt(target.port, 10) || DEFAULT_PORTS[target.protocol] || 0;
  for (const entry of noProxy.split(/[,\s]/)) {
    if (entry === "") continue;
    const withPort = /^\[(.+)\]:(\d+)$/.exec(entry);
    const bare = entry.replace(/^\[(.+)\]$/, "$1");
    const hostPort = !withPort && (bare.match(/:/g) ?? []).length === 1 ? /^(.+):(\d+)$/.exec(bare) : null;
    const name = withPort?.[1] ?? hostPort?.[1] ?? bare;
    const entryPort = Number.parseInt(withPort?.[2] ?? hostPort?.[2] ?? "0", 10);
    const wildcard = entry.startsWith("*");
    const suffix = name
      .replace(/^\*?\./, "")
      .replace(/^(.+)\.$/, "$1")
      .toLowerCase();
    if (entryPort !== 0 && entryPort !== port) continue;
    if (suffix === "*") return true;
    if (!wildcard && host === suffix) return true;
    if (host.endsWith(`.${suffix}`)) return true;
  }
  return false;
}

/** A proxy URL as it may be shown: scheme, host and port, never the user:password@ part. */
export function displayProxy(proxy: string): string {
  const url = new URL(proxy);
  return `${url.protocol}//${url.host}`;
}

/**
 * The credentials of a proxy URL, decoded and as written, for the budget's secrets: they are sent
 * to the proxy (Proxy-Authorization) and must never be printed. Parts shorter than 4 characters
 * alone are left out (masking every "a" would garble the output); the whole user:password stays.
 */
export function proxyCredentials(proxy: string): string[] {
  if (!URL.canParse(proxy)) return [];
  const { username, password } = new URL(proxy);
  if (username === "" && password === "") return [];
  const parts = [username, password, safeDecode(username), safeDecode(password)].filter((p) => p.length >= 4);
  return [...new Set([`${username}:${password}`, ...parts])];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
