import { displayProxy, proxyForTarget } from "../budget/proxy-env.js";
import { MIXED } from "../metrics/transport.js";
import type { TransportUsed } from "../metrics/types.js";
import type { ScenarioPlan } from "./types.js";

/**
 * How the plan's connections were made, from the protocols the sockets negotiated (ALPN) and
 * what the plan asked for. Undefined for plain http/1.1 without a proxy: the report then says
 * nothing, as before transports were configurable.
 */
export function transportUsed(plan: ScenarioPlan, protocols: ReadonlySet<string>): TransportUsed | undefined {
  const https = plan.url.protocol === "https:";
  const proxy = proxyForTarget(plan.transport?.proxy, plan.url);
  const protocol = protocols.size === 0 ? undefined : protocols.size === 1 ? [...protocols][0] : MIXED;
  if (!https && proxy === undefined && (protocol === undefined || protocol === "http/1.1")) return undefined;
  return {
    ...(protocol === undefined ? {} : { protocol }),
    ...(https ? { tls: plan.transport?.tls?.insecure === true ? "not verified" : "verified" } : {}),
    ...(proxy === undefined ? {} : { proxy: displayProxy(proxy) }),
  };
}
