import { ERROR_KIND_INDEX } from "../metrics/error-kinds.js";
import type { ErrorKind } from "../metrics/types.js";

/** Marks "this status is ok" in a `StatusTable`. Error kinds are stored as their index + 1. */
export const STATUS_OK = 0;

/**
 * Status code → outcome, precomputed once per scenario so the hot path is one array read:
 * `STATUS_OK`, or `ERROR_KIND_INDEX[kind] + 1`. Indexed 0…999 (undici only passes 100…999).
 */
export type StatusTable = Uint8Array;

/**
 * Builds the status table. With an empty `expectStatus`, 2xx and 3xx are ok. Outside the expected
 * set: 429 is `rate_limited`, other 4xx `http_4xx`, 5xx `http_5xx`, anything else
 * `unexpected_status` (e.g. a 200 when only 201 was expected).
 */
export function buildStatusTable(expectStatus: readonly number[]): StatusTable {
  const table = new Uint8Array(1000);
  const expected = new Set(expectStatus);
  for (let status = 0; status < 1000; status++) {
    const ok = expected.size > 0 ? expected.has(status) : status >= 200 && status < 400;
    table[status] = ok ? STATUS_OK : ERROR_KIND_INDEX[statusErrorKind(status)] + 1;
  }
  return table;
}

function statusErrorKind(status: number): ErrorKind {
  if (status === 429) return "rate_limited";
  if (status >= 400 && status < 500) return "http_4xx";
  if (status >= 500 && status < 600) return "http_5xx";
  return "unexpected_status";
}

/**
 * `code` of the error a streamed request settles with when its body was wrong inside a complete
 * HTTP response (an error event, a malformed chunk, no event at all): kind `stream_error`.
 */
export const STREAM_ERROR_CODE = "PERF_GATE_STREAM_ERROR";

/**
 * `code` of a forward proxy's refusal to open a tunnel (a CONNECT answered 407, 403, 502 …; see
 * proxy-hint.ts): kind `connect`, as the connection to the target could not be made.
 */
export const PROXY_REFUSED_CODE = "PERF_GATE_PROXY_REFUSED";

const CONNECT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_FAIL",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ETIMEDOUT",
  // TLS handshakes that fail are connections that could not be made.
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
  "CERT_NOT_YET_VALID",
  // An h2-only server offered only http/1.1 by ALPN (no `http2: true`).
  "ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL",
  // A forward proxy that refused the tunnel, closed the connection while asked for one
  // (UND_ERR_PRX_CONN), or (an https:// proxy) failed its own TLS handshake (UND_ERR_PRX_TLS).
  PROXY_REFUSED_CODE,
  "UND_ERR_PRX_CONN",
  "UND_ERR_PRX_TLS",
]);
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);
const RESET_CODES = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE", "UND_ERR_CLOSED"]);
/**
 * Errnos of this machine, not of the server: the generator ran out of file descriptors, local
 * ports or kernel buffers. Counting them as `connect` or `other` would blame the target.
 * EADDRNOTAVAIL on connect is the kernel saying no local port is free (Linux; macOS says the same
 * with EADDRNOTAVAIL), which is what too many connections from one machine produce.
 */
export const CLIENT_ERROR_FIXES: Readonly<Record<string, string>> = {
  EMFILE: "too many open files (EMFILE): raise the file-descriptor limit (ulimit -n) or lower connections",
  ENFILE: "the system's file table is full (ENFILE): raise fs.file-max (sysctl) or lower connections",
  EADDRNOTAVAIL:
    "no free local port (EADDRNOTAVAIL): lower connections, or widen net.ipv4.ip_local_port_range",
  ENOBUFS: "the kernel ran out of socket buffers (ENOBUFS): lower connections or rate",
  ENOMEM: "the kernel ran out of memory for sockets (ENOMEM): lower connections or rate",
};
const BODY_CODES = new Set(["UND_ERR_RES_CONTENT_LENGTH_MISMATCH", "UND_ERR_RES_EXCEEDED_MAX_SIZE"]);

/**
 * The kind of a transport error undici reported. `responseStarted` tells whether the status line
 * and headers had arrived: a parser error after them is a broken body (`body`), before them a
 * malformed response (`other`). A socket closed by the peer at any point before the response was
 * complete is a `reset`; the generator's own resource errors (EMFILE, …) are `client_error`.
 * Unknown errors are `other`: counted, never dropped.
 */
export function classifyError(error: unknown, responseStarted: boolean): ErrorKind {
  const e = error as { code?: unknown; name?: unknown } | null;
  // undici 8's llhttp path builds HTTPParserError without its HPE_ code: recognise it by name.
  if (e?.name === "HTTPParserError") return responseStarted ? "body" : "other";
  const code = e?.code;
  if (typeof code !== "string") return "other";
  if (code === STREAM_ERROR_CODE) return "stream_error";
  if (Object.hasOwn(CLIENT_ERROR_FIXES, code)) return "client_error";
  // An alert before the response is the server refusing the handshake or the client certificate
  // (mutual TLS); after the response began, the connection was made and then broken: a reset.
  if (isTlsAlert(code)) return responseStarted ? "reset" : "connect";
  if (CONNECT_CODES.has(code)) return "connect";
  if (TIMEOUT_CODES.has(code)) return "timeout";
  if (RESET_CODES.has(code)) return "reset";
  if (BODY_CODES.has(code) || code.startsWith("Z_")) return "body";
  if (code.startsWith("HPE_")) return responseStarted ? "body" : "other";
  return "other";
}

/** True for Node's code of a TLS alert the peer sent (`ERR_SSL_TLSV13_ALERT_…`, `ERR_SSL_SSL/TLS_ALERT_…`). */
export function isTlsAlert(code: string): boolean {
  return code.startsWith("ERR_SSL_") && code.includes("_ALERT_");
}
