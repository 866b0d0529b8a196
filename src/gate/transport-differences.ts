/**
 * Whether two scenario reports reached their target the same way. HTTP/2 multiplexes where
 * http/1.1 queues, a TLS handshake or a proxy hop adds to every new connection and often to every
 * request: a baseline measured one way and a run measured another differ by the transport, not
 * by the code, so the comparison says so and is not gated.
 */
import { MIXED } from "../metrics/transport.js";
import type { MeasuredScenario } from "../report/types.js";

type Transported = Pick<MeasuredScenario, "transport" | "connect" | "request">;

/**
 * The transport differences between the baseline and this run, in words ("protocol differs:
 * baseline http/1.1, this run h2"); empty when they match or cannot be told apart:
 * - TLS: the target's scheme (https vs http), from the URLs every report has. The target host
 *   comparison reads the host only, so `http://api` and `https://api` looked the same.
 * - protocol: only when both reports name one (every https run since transports were recorded
 *   does; plain http speaks http/1.1 only, so it has nothing to differ in).
 * - proxy: used or not (which proxy is not compared: a runner pool may spread over several). Only
 *   between reports that record their transport: a report without `transport` is either a plain
 *   direct run or one written before transports were recorded. Those reports have no phase
 *   timings either (they came after), so a `connect` block tells a direct run apart.
 */
export function transportDifferences(head: Transported, base: Transported): string[] {
  const reasons: string[] = [];
  const [b, h] = [scheme(base), scheme(head)];
  if (b !== undefined && h !== undefined && b !== h)
    reasons.push(`TLS differs: baseline ${tlsText(b)}, this run ${tlsText(h)}`);
  const [bp, hp] = [base.transport?.protocol, head.transport?.protocol];
  if (bp !== undefined && hp !== undefined && bp !== hp)
    reasons.push(`protocol differs: baseline ${bp}, this run ${hp}`);
  if (recordsTransport(base) && recordsTransport(head)) {
    const [bx, hx] = [base.transport?.proxy, head.transport?.proxy];
    if (proxyUse(bx) !== proxyUse(hx))
      reasons.push(`proxy differs: baseline ${proxyText(bx)}, this run ${proxyText(hx)}`);
  }
  return reasons;
}

/** True when the report states its transport (absent `transport`: plain http/1.1 without a proxy). */
function recordsTransport(s: Transported): boolean {
  return s.transport !== undefined || s.connect !== undefined;
}

function scheme(s: Transported): string | undefined {
  // A redacted secret can make a URL unparsable: nothing to compare then.
  return URL.canParse(s.request.url) ? new URL(s.request.url).protocol : undefined;
}

function tlsText(protocol: string): string {
  return protocol === "https:" ? "https (TLS)" : `${protocol.replace(/:$/, "")} (no TLS)`;
}

/** How the connections went: `direct`, `proxy`, or `mixed` (merged parts that differ). */
function proxyUse(proxy: string | undefined): string {
  if (proxy === undefined) return "direct";
  return proxy === MIXED ? MIXED : "proxy";
}

function proxyText(proxy: string | undefined): string {
  if (proxy === undefined) return "direct";
  return proxy === MIXED ? "direct and through a proxy (mixed)" : `through proxy ${proxy}`;
}
