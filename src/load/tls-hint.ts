/**
 * A failed TLS handshake said only `self-signed certificate` (a `connect` error), with no hint of
 * what to do. The connector is wrapped so that such an error carries one line a user can act on,
 * naming the target and the budget key that fixes it; its code is kept, so the error is
 * classified (and undici handles it) as before. Runs only when a connection fails.
 */
import type { buildConnector } from "undici";
import type { TransportSpec } from "../budget/types.js";
import { isTlsAlert } from "./classify.js";
import { tlsAlertHint } from "./tls-alert-hint.js";

/** Node's codes of a certificate the client did not trust. */
const UNTRUSTED_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
]);
const EXPIRED_CODES = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);

/** `connect`, whose certificate errors say what to set. */
export function explainTlsError(
  connect: buildConnector.connector,
  url: URL,
  transport: TransportSpec | undefined,
): buildConnector.connector {
  if (url.protocol !== "https:") return connect;
  // The socket undici's connector returns (its type says void) is passed on: the connect
  // timing reads its TCP 'connect' before the TLS handshake (see meteredConnect).
  return (options, callback) =>
    connect(options, (...args) => {
      const error = args[0];
      if (error !== null) {
        const hint = tlsHint(error, url.origin, transport);
        if (hint !== undefined) error.message = hint;
      }
      callback(...args);
    });
}

/**
 * The line that explains a certificate error of `origin`, or undefined for any other error.
 * E.g. `certificate of https://127.0.0.1:8443 is not trusted (self-signed certificate): set
 * tls.ca to its CA file, or tls.insecure: true for a staging endpoint`.
 */
export function tlsHint(
  error: Error,
  origin: string,
  transport: TransportSpec | undefined,
): string | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return undefined;
  // Node 20+ appends advice of its own ("; if the root CA is installed locally, try running
  // Node.js with --use-system-ca"): the hint's fix replaces it.
  const why = (error.message.split(";")[0] ?? error.message).replace(/\.$/, "").trim();
  const withCa = transport?.tls?.ca !== undefined;
  if (UNTRUSTED_CODES.has(code)) {
    const fix = withCa
      ? "tls.ca does not hold the CA that signed it: set tls.ca to that CA's file (or the certificate itself, if self-signed)"
      : "set tls.ca to its CA file, or tls.insecure: true for a staging endpoint";
    return `certificate of ${origin} is not trusted (${why}): ${fix}`;
  }
  if (EXPIRED_CODES.has(code))
    return `certificate of ${origin} is not valid now (${why}): renew it, or set tls.insecure: true for a staging endpoint`;
  if (code === "ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL") {
    const offered = transport?.http2 === true ? "h2 and http/1.1" : "http/1.1";
    const fix =
      transport?.http2 === true
        ? "check that the target is an HTTP server"
        : "set http2: true if it speaks only HTTP/2";
    return `server at ${origin} accepts none of the protocols offered (${offered}; TLS alert: no application protocol): ${fix}`;
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const names = (error as { cert?: { subjectaltname?: unknown } }).cert?.subjectaltname;
    const holds = typeof names === "string" && names !== "" ? ` (it names ${names})` : "";
    const asked = transport?.tls?.servername;
    const name = asked === undefined ? new URL(origin).hostname : asked;
    return `certificate of ${origin} is not for ${name}${holds}: set tls.servername to a name the certificate holds, or target that name`;
  }
  if (isTlsAlert(code)) return tlsAlertHint(code, origin, transport);
  return undefined;
}
