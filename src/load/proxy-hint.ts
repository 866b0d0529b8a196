/**
 * Through a forward proxy, a failed connection said `connect ECONNREFUSED 10.0.0.1:3128` or
 * `AbortError: Proxy response (407) !== 200 when HTTP Tunneling`: neither says the proxy is the
 * one that failed, nor which setting chose it, and the second was counted as `other`. The proxied
 * connector is wrapped so such an error becomes one that names the proxy (by scheme, host and
 * port: never its credentials) and what to check, and is counted as `connect` — the connection
 * to the target could not be made. Runs only on a failed connect.
 */
import type { buildConnector } from "undici";
import { displayProxy } from "../budget/proxy-env.js";
import { PROXY_REFUSED_CODE } from "./classify.js";

/** Codes of a proxy that could not be reached at all. */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  // An https:// proxy whose own certificate failed (undici wraps the TLS error).
  "UND_ERR_PRX_TLS",
]);

/** `connect` (a proxied connection's), whose proxy failures say so. */
export function explainProxyError(
  connect: buildConnector.connector,
  proxy: string,
  target: URL,
): buildConnector.connector {
  // The socket undici's connector returns (its type says void) is passed on: the connect
  // timing reads its TCP 'connect' before the TLS handshake (see meteredConnect).
  return (options, callback) =>
    connect(options, (...args) => {
      const error = args[0];
      if (error === null) return callback(...args);
      const explained = explainedProxyError(error, proxy, target);
      return explained === undefined ? callback(...args) : callback(explained, null);
    });
}

/**
 * A plain error carrying the hint, or undefined when `error` is no proxy failure. Its code stays
 * the errno's (ECONNREFUSED …, already a `connect` error); a CONNECT answered with a status gets
 * `PROXY_REFUSED_CODE`, as undici's own (UND_ERR_ABORTED) reads as if the request was aborted.
 * A plain Error, so the sample reads `proxy … refused` and not `AbortError: proxy … refused`; undici
 * handles every failed connect alike whatever its class.
 */
function explainedProxyError(error: Error, proxy: string, target: URL): Error | undefined {
  const hint = proxyHint(error, proxy, target.origin);
  if (hint === undefined) return undefined;
  const raw = (error as { code?: unknown }).code;
  const code =
    /^Proxy response \(\d+\)/.test(error.message) || typeof raw !== "string" ? PROXY_REFUSED_CODE : raw;
  return Object.assign(new Error(hint, { cause: error }), { code });
}

/**
 * The line that explains a proxy failure, or undefined for any other error, e.g. `proxy
 * http://10.0.0.1:3128 cannot be reached (connect ECONNREFUSED 10.0.0.1:3128): check proxy: or
 * HTTPS_PROXY / HTTP_PROXY, or bypass it for this host with NO_PROXY or proxy: none`.
 */
export function proxyHint(error: Error, proxy: string, origin: string): string | undefined {
  const shown = displayProxy(proxy);
  const code = (error as { code?: unknown }).code;
  const status = /^Proxy response \((\d+)\)/.exec(error.message)?.[1];
  if (status === "407") return proxyAuthHint(proxy, origin.startsWith("https:"), " to CONNECT");
  if (status !== undefined)
    return `proxy ${shown} refused to connect to ${origin} (it answered ${status} to CONNECT): check that the proxy may reach the target, or bypass it with NO_PROXY or proxy: none`;
  if (code === "UND_ERR_PRX_CONN") {
    const cause = causeOf(error);
    const why = cause === undefined ? "" : ` (${cause})`;
    return `proxy ${shown} closed the connection instead of answering CONNECT to ${origin}${why}: check that the proxy may reach the target, or bypass it with NO_PROXY or proxy: none`;
  }
  if (typeof code === "string" && UNREACHABLE.has(code))
    return `proxy ${shown} cannot be reached (${causeText(error)}): check proxy: or HTTPS_PROXY / HTTP_PROXY, or bypass it for this host with NO_PROXY or proxy: none`;
  return undefined;
}

/**
 * What a 407 from `proxy` means and how to fix it, for a CONNECT refused (https target) and for
 * a plain 407 response (http target) alike: credentials missing, or the ones in the proxy URL
 * refused. Names the variable that applies to the target (`https`: HTTPS_PROXY, else HTTP_PROXY)
 * and what was answered `to` (" to CONNECT"); never shows the credentials.
 */
export function proxyAuthHint(proxy: string, https: boolean, to = ""): string {
  const shown = displayProxy(proxy);
  const variable = https ? "HTTPS_PROXY" : "HTTP_PROXY";
  const answered = `it answered 407 Proxy Authentication Required${to}`;
  const { username, password } = new URL(proxy);
  if (username !== "" || password !== "")
    return `proxy ${shown} refused the credentials in its URL (${answered}): check the user and password in proxy: or ${variable}`;
  return `proxy ${shown} asks for credentials (${answered}): put them in the proxy URL (proxy: http://user:password@host:port, or ${variable})`;
}

/** The message of the error `error` wraps (undici's UND_ERR_PRX_* carry one), or undefined. */
function causeOf(error: Error): string | undefined {
  const cause = (error as { cause?: { message?: unknown } }).cause?.message;
  return typeof cause === "string" && cause !== "" ? cause : undefined;
}

/** An error's message without a final period, with its cause's when it wraps one (UND_ERR_PRX_TLS). */
function causeText(error: Error): string {
  const cause = causeOf(error);
  const own = error.message.replace(/\.$/, "");
  return cause === undefined ? own : `${own}: ${cause.replace(/\.$/, "")}`;
}
