/**
 * A scenario's `TransportSpec`: its own `tls:`, `http2:` and `proxy:` over the top level's (a
 * scenario's key replaces the top level's whole key), the files' PEM texts read while
 * validating, and the environment's proxy when no `proxy:` key is written.
 */
import { proxyCredentials, proxyFromEnv } from "./proxy-env.js";
import { type TlsFiles, tlsFileKey } from "./transport-checks.js";
import type { TransportInput } from "./transport-schema.js";
import type { ProxySpec, TlsSpec, TransportSpec } from "./types.js";
import type { KeyPath } from "./yaml-source.js";

/**
 * The transport of scenario `index`, or undefined when it is the plain one (direct, system CAs,
 * http/1.1): the engine then takes its lean path.
 */
export function buildTransport(
  top: TransportInput,
  scenario: TransportInput,
  index: number,
  files: TlsFiles,
  env: Readonly<Record<string, string | undefined>>,
): TransportSpec | undefined {
  const tlsAt: KeyPath = scenario.tls === undefined ? ["tls"] : ["scenarios", index, "tls"];
  const tlsInput = scenario.tls ?? top.tls;
  const tls = tlsInput === undefined ? undefined : buildTls(tlsInput, tlsAt, files);
  const http2 = scenario.http2 ?? top.http2 ?? false;
  const proxy = buildProxy(scenario.proxy ?? top.proxy, env);
  if (tls === undefined && !http2 && proxy === undefined) return undefined;
  return {
    http2,
    ...(tls === undefined ? {} : { tls }),
    ...(proxy === undefined ? {} : { proxy }),
  };
}

function buildTls(input: NonNullable<TransportInput["tls"]>, at: KeyPath, files: TlsFiles): TlsSpec {
  const file = (name: string) => files.get(tlsFileKey([...at, name]));
  const ca = file("ca");
  const cert = file("cert");
  const key = file("key");
  return {
    insecure: input.insecure ?? false,
    ...(ca === undefined ? {} : { ca }),
    ...(cert === undefined || key === undefined ? {} : { cert, key }),
    ...(input.servername === undefined ? {} : { servername: input.servername }),
  };
}

function buildProxy(
  written: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ProxySpec | undefined {
  if (written === "none") return { kind: "none" };
  if (written !== undefined) return { kind: "url", url: written };
  return proxyFromEnv(env);
}

/**
 * The credentials of every proxy the budget may use (its `proxy:` keys and the environment's),
 * for `Budget.secrets`: never printed, not even in part.
 */
export function proxySecrets(
  written: readonly (string | undefined)[],
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const fromEnv = [env.http_proxy, env.HTTP_PROXY, env.https_proxy, env.HTTPS_PROXY];
  return [...written, ...fromEnv].flatMap((url) => (url === undefined ? [] : proxyCredentials(url)));
}
