import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { TLSSocket } from "node:tls";
import { buildConnector, Client, type Dispatcher, ProxyAgent } from "undici";
import { proxyForTarget } from "../budget/proxy-env.js";
import type { TransportSpec } from "../budget/types.js";
import { RunError } from "../errors.js";
import { isTlsAlert } from "./classify.js";
import type { ConnectionTimes } from "./connection-times.js";
import { explainProxyError, proxyAuthHint } from "./proxy-hint.js";
import { explainTlsError } from "./tls-hint.js";

/**
 * Bytes on the wire, counted from the sockets' own `bytesRead` / `bytesWritten`: exact for
 * everything HTTP sends (status lines, headers, bodies, chunk framing; for https, TLS records as
 * the socket reports them) at no cost per request. A snapshot at the start of the measured phase
 * is subtracted from one at the end, so warm-up traffic is left out — except bytes of warm-up
 * requests still in flight at that moment, which are counted with the measured phase.
 * It also notes each connection's protocol (ALPN), for the report's transport line, and times
 * how each connection was opened (`times`: every connection of the run).
 */
export class ByteMeter {
  /**
   * @param times where the connect and TLS handshake time of every connection tracked with its
   *   start time goes, or null: not timed (a setup request's one connection, sent before the
   *   histograms of the run exist)
   */
  constructor(readonly times: ConnectionTimes | null) {}

  private readonly live = new Set<Socket>();
  private closedRead = 0;
  private closedWritten = 0;
  /** The protocols the connections spoke (`http/1.1`, `h2`), once each. */
  readonly protocols = new Set<string>();
  /**
   * Codes of the TLS alerts (`ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED` …) that closed a
   * connection after its handshake, once each. Over TLS 1.3 a server that wants a client
   * certificate says so only after the client's handshake is done; undici then reports the
   * request as `other side closed`, and only the socket saw why.
   */
  readonly tlsAlerts = new Set<string>();

  /**
   * Starts counting a new connection's bytes, including after it closes. With `startedMs` (when
   * its connect call began) it is timed too: now is when it became usable, `tcpMs` when its TCP
   * connect completed for TLS (-1: not seen). performance.now() ms.
   */
  track(socket: Socket, startedMs = -1, tcpMs = -1): void {
    if (startedMs >= 0) this.times?.record(startedMs, tcpMs, performance.now(), socket instanceof TLSSocket);
    // A plain socket, or a TLS one without ALPN (alpnProtocol false), speaks http/1.1.
    const alpn = (socket as Partial<TLSSocket>).alpnProtocol;
    this.protocols.add(typeof alpn === "string" && alpn !== "" ? alpn : "http/1.1");
    if (socket instanceof TLSSocket) socket.on("error", this.noteAlert);
    this.live.add(socket);
    socket.once("close", () => {
      this.live.delete(socket);
      this.closedRead += socket.bytesRead;
      this.closedWritten += socket.bytesWritten;
    });
  }

  private readonly noteAlert = (error: Error): void => {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && isTlsAlert(code)) this.tlsAlerts.add(code);
  };

  /** Bytes received and sent so far over every connection this meter has seen. */
  snapshot(): { received: number; sent: number } {
    let received = this.closedRead;
    let sent = this.closedWritten;
    for (const socket of this.live) {
      received += socket.bytesRead;
      sent += socket.bytesWritten;
    }
    return { received, sent };
  }
}

/**
 * Opens connections to the target's origin: each call makes one dispatcher for one request slot,
 * which keeps ONE connection (keep-alive, no pipelining, never two requests in flight): an undici
 * `Client`, or through a forward proxy a `ProxyAgent` whose only client is that connection. N
 * slots with a client each is what a `Pool` of N clients is, minus the pool's per-request work
 * (scanning for a free client, 'drain' events), which cost 10–25 % of the closed model's
 * throughput against a local nginx in side-by-side runs. Everything `transport` asks for (TLS
 * trust, client certificate, h2 by ALPN, the proxy) is set up here, once per connection: a plain
 * http target without a proxy gets the lean client it always had, with no work added per request.
 * undici's own headers/body timers are off: the engine enforces the whole-request timeout with
 * one shared sweep. A connection attempt gives up after `connectTimeoutMs` (a `connect` error).
 * Each new connection is timed from the connect call (see `ConnectionTimes`).
 */
export function connectionFactory(
  url: URL,
  connectTimeoutMs: number,
  meter: ByteMeter,
  transport?: TransportSpec,
): () => Dispatcher {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new RunError(`cannot load-test ${url.protocol}// URLs: expected an http: or https: target`);
  }
  // undici 8 offers h2 by ALPN unless told not to: https speaks http/1.1 unless the budget says
  // `http2: true`, which offers h2 FIRST (preferH2): offered second, a server that speaks both
  // picks http/1.1. Plain http (no ALPN, no h2c) gets the very options it always had.
  const allowH2 = transport?.http2 === true;
  const h2 = url.protocol !== "https:" ? {} : allowH2 ? { allowH2, preferH2: true } : { allowH2 };
  const tls = tlsOptions(transport);
  const proxy = proxyForTarget(transport?.proxy, url);
  const clientOptions = {
    pipelining: 1,
    headersTimeout: 0,
    bodyTimeout: 0,
    ...("allowH2" in h2 ? { allowH2 } : {}),
  };
  if (proxy === undefined) {
    const connect = meteredConnect(
      explainTlsError(buildConnector({ timeout: connectTimeoutMs, ...h2, ...tls }), url, transport),
      meter,
    );
    return () => new Client(url.origin, { ...clientOptions, connect });
  }
  // The proxy agent makes the tunnel (CONNECT) or the absolute-form client to the proxy; its
  // factory makes the one client, whose connect hands the socket to the meter like the direct path.
  const factory = (origin: string | URL, options: { connect?: unknown }): Dispatcher =>
    new Client(origin, {
      ...clientOptions,
      connect: meteredConnect(
        explainProxyError(
          explainTlsError(options.connect as buildConnector.connector, url, transport),
          proxy,
          url,
        ),
        meter,
      ),
    });
  return () =>
    new SlotProxy(url.origin, proxy, {
      uri: proxy,
      factory,
      connections: 1,
      connectTimeout: connectTimeoutMs,
      requestTls: { ...tls, ...h2 } as ProxyAgent.Options["requestTls"],
    });
}

/** Hands every new socket to the meter. */
function meteredConnect(connectOnce: buildConnector.connector, meter: ByteMeter): buildConnector.connector {
  const connect: buildConnector.connector = (options, callback) => {
    const startedMs = performance.now();
    let tcpMs = -1;
    // undici's connector returns the socket it opens (its type says void); a TLS socket's own
    // 'connect' is the TCP connect, before the handshake its callback waits for.
    const opening: unknown = connectOnce(options, (...args) => {
      if (args[0] === null) meter.track(args[1], startedMs, tcpMs);
      callback(...args);
    });
    if (opening instanceof TLSSocket) {
      opening.once("connect", () => {
        tcpMs = performance.now();
      });
    }
  };
  return connect;
}

/** Node's TLS options for `transport.tls` (none: the system's CAs, the host as the name). */
function tlsOptions(transport: TransportSpec | undefined): Record<string, unknown> {
  const tls = transport?.tls;
  if (tls === undefined) return {};
  return {
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert, key: tls.key }),
    ...(tls.servername === undefined ? {} : { servername: tls.servername }),
    ...(tls.insecure ? { rejectUnauthorized: false } : {}),
  };
}

/**
 * What a `status` response on `connection` says of its forward proxy: for a 407 through a proxy
 * that answers in an http target's place (absolute-form requests), what the proxy wants and how
 * to fix it, naming it by scheme, host and port only; undefined otherwise (another status, a
 * direct connection, or a tunnel to an https target, inside which only the target answers).
 * Read on the error path only.
 */
export function forwardProxyHint(status: number, connection: Dispatcher): string | undefined {
  if (status !== 407 || !(connection instanceof SlotProxy) || !connection.origin.startsWith("http:"))
    return undefined;
  return proxyAuthHint(connection.proxy, false);
}

/**
 * A slot's proxy agent: the engine's dispatch options name no origin (a `Client` knows its own),
 * which an agent needs; this one has a single origin, so it adds it. Per request, but only on the
 * proxied path, which the agent already copies options on.
 */
class SlotProxy extends ProxyAgent {
  constructor(
    /** The target's origin. */
    readonly origin: string,
    /** The proxy's URL as configured (with any credentials). */
    readonly proxy: string,
    options: ProxyAgent.Options,
  ) {
    super(options);
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const sent = super.dispatch({ ...options, origin: this.origin }, handler);
    // For an http target undici's proxy wrapper sets `handler.onResponseStart` (synchronously,
    // inside dispatch) to a closure that calls the one it found, unless the status is 407: that
    // one it turns into an InvalidArgumentError, counted as `other` with no status, while its
    // response still arrives. Drop the closure: the 407 is then a response like any other (its
    // status counted, `http_4xx`, its sample saying what the proxy wants; see record-outcome.ts).
    // It also kept a chain: a slot is the handler of every request it sends, so each request
    // wrapped the last one's wrapper, walked on every response, until the stack overflowed.
    if (Object.hasOwn(handler, "onResponseStart"))
      delete (handler as { onResponseStart?: unknown }).onResponseStart;
    return sent;
  }
}
