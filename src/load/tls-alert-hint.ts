/**
 * A server that requires a client certificate (mutual TLS) refuses a client without one with a
 * TLS alert: over TLS 1.2 during the handshake (`handshake failure`, a failed connect), over TLS
 * 1.3 only after the client's side of the handshake is done (`certificate required`), so undici
 * reports each request as `other side closed`, a reset indistinguishable from any other. The
 * alert itself reaches only the socket (see `ByteMeter.tlsAlerts`): these hints name it and the
 * budget keys that fix it. They fire only on a TLS alert, so never for plain http or for a reset
 * without one.
 */
import type { TransportSpec } from "../budget/types.js";
import type { ErrorSample } from "../metrics/types.js";
import { isTlsAlert } from "./classify.js";

/**
 * The line that explains TLS alert `code` from the server at `origin`, or undefined when it is
 * no alert about the client's certificate. `handshake failure` is the TLS 1.2 catch-all (a
 * cipher mismatch says it too): its hint says "if".
 */
export function tlsAlertHint(
  code: string,
  origin: string,
  transport: TransportSpec | undefined,
): string | undefined {
  const alert = code.split("_ALERT_")[1]?.toLowerCase().replaceAll("_", " ");
  if (alert === undefined) return undefined;
  const withCert = transport?.tls?.cert !== undefined;
  if (!withCert && alert === "certificate required")
    return `server at ${origin} requires a client certificate (TLS alert: certificate required): set tls.cert and tls.key`;
  if (!withCert && alert === "handshake failure")
    return `server at ${origin} refused the TLS handshake (TLS alert: handshake failure): if it requires a client certificate, set tls.cert and tls.key`;
  if (withCert && ["unknown ca", "bad certificate", "certificate unknown", "access denied"].includes(alert))
    return `server at ${origin} does not accept the client certificate (TLS alert: ${alert}): set tls.cert to one signed by a CA the server trusts`;
  return undefined;
}

/**
 * `samples` with each reset's (and alert's) message led by what the TLS alert (one of `alerts`, the codes the
 * run's connections were closed with after their handshake) says, when it says something; the
 * samples as they are otherwise. Run once per scenario part, after the run.
 */
export function explainAlertResets(
  samples: readonly ErrorSample[],
  url: URL,
  transport: TransportSpec | undefined,
  alerts: ReadonlySet<string>,
): readonly ErrorSample[] {
  if (url.protocol !== "https:" || alerts.size === 0) return samples;
  const hint = [...alerts]
    .map((code) => tlsAlertHint(code, url.origin, transport))
    .find((h) => h !== undefined);
  if (hint === undefined) return samples;
  // A request can see the alert itself when it reached the socket first (then it is `connect`).
  const explains = (s: ErrorSample): boolean =>
    s.kind === "reset" || (s.code !== undefined && isTlsAlert(s.code) && !s.message.startsWith(hint));
  return samples.map((s) => (explains(s) ? { ...s, message: `${hint}; ${s.message}` } : s));
}
