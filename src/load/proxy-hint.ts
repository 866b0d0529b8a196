/**
 * Through a forward proxy, a failed connection said `connect ECONNREFUSED 10.0.0.1:3128` or
 * `Proxy response (407) !== 200 when HTTP Tunneling`: neither says the proxy is the one that
 * failed, nor which setting chose it. The proxied connector is wrapped so such an error names the
 * proxy (never its credentials) and what to check; its code is kept. Runs only on a failed connect.
 */
import type { buildConnector } from "undici";
import { displayProxy } from "../budget/proxy-env.js";

/** Codes of a proxy that could not be reached at all. */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_PRX_CONN",
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
      if (error !== null) {
        const hint = proxyHint(error, proxy, target.origin);
        if (hint !== undefined) error.message = hint;
      }
      callback(...args);
    });
}

/**
 * The line that explains a proxy failure, or undefined for any other error, e.g. `proxy
 * http://10.0.0.1:3128 cannot be reached (connect ECONNREFUSED 10.0.0.1:3128): check proxy: or
 * HTTPS_PROXY / HTTP_PROXY, or bypass it for this host with NO_PROXY or proxy: none`.
 */
export function proxyHint(error: Error, proxy: string, origin: string): string | undefined {
  const shown = displayProxy(proxy);
  const code = (error as { code?: unknown }).code;
  const status = /Proxy response \((\d+)\)/.exec(error.message)?.[1];
  if (status === "407")
    return `proxy ${shown} asks for credentials (407 Proxy Authentication Required): put them in the proxy URL (proxy: http://user:password@host:port, or HTTPS_PROXY)`;
  if (status !== undefined)
    return `proxy ${shown} refused to connect to ${origin} (it answered ${status} to CONNECT): check that the proxy may reach the target, or bypass it with NO_PROXY or proxy: none`;
  if (typeof code === "string" && UNREACHABLE.has(code))
    return `proxy ${shown} cannot be reached (${error.message.replace(/\.$/, "")}): check proxy: or HTTPS_PROXY / HTTP_PROXY, or bypass it for this host with NO_PROXY or proxy: none`;
  return undefined;
}
