import type { TransportUsed } from "./types.js";

/** What a field of merged parts says when the parts differ. */
export const MIXED = "mixed";

/**
 * The transport of parts merged (worker threads, shards, side-by-side rounds): each field the
 * parts agree on, `mixed` where they differ. A part without a protocol (it made no connection)
 * does not count for the protocol. Undefined when no part has a transport (all plain).
 */
export function mergeTransport(parts: readonly (TransportUsed | undefined)[]): TransportUsed | undefined {
  if (parts.every((p) => p === undefined)) return undefined;
  const one = (values: readonly (string | undefined)[]): string | undefined => {
    const seen = new Set(values);
    return seen.size === 1 ? values[0] : MIXED;
  };
  const protocols = parts.flatMap((p) => (p?.protocol === undefined ? [] : [p.protocol]));
  const protocol = protocols.length === 0 ? undefined : one(protocols);
  const tls = one(parts.map((p) => p?.tls));
  const proxy = one(parts.map((p) => p?.proxy));
  return {
    ...(protocol === undefined ? {} : { protocol }),
    ...(tls === undefined ? {} : { tls }),
    ...(proxy === undefined ? {} : { proxy }),
  };
}
