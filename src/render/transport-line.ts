import type { TransportUsed } from "../metrics/types.js";

/**
 * The scenario's transport in one short line, for the terminal and the markdown:
 * `transport: h2 · TLS verified · via proxy http://proxy.internal:3128`, or
 * `transport: http/1.1 · TLS NOT verified (tls.insecure)`. Null for plain http/1.1 without a
 * proxy (the report then has no transport), which is what most runs are.
 */
export function describeTransport(transport: TransportUsed | undefined): string | null {
  if (transport === undefined) return null;
  const parts = [
    transport.protocol === "mixed"
      ? "http/1.1 and h2 (connections differ)"
      : (transport.protocol ?? "no connection made"),
  ];
  if (transport.tls === "verified") parts.push("TLS verified");
  else if (transport.tls === "not verified") parts.push("TLS NOT verified (tls.insecure)");
  else if (transport.tls !== undefined) parts.push(`TLS ${transport.tls}`);
  if (transport.proxy !== undefined)
    parts.push(transport.proxy === "mixed" ? "via proxies that differ" : `via proxy ${transport.proxy}`);
  return `transport: ${parts.join(" · ")}`;
}
