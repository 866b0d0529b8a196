import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { TLSSocket } from "node:tls";
import { buildConnector, Client } from "undici";
import { RunError } from "../errors.js";
import { ConnectionTimes } from "./connection-times.js";

/**
 * Bytes on the wire, counted from the sockets' own `bytesRead` / `bytesWritten`: exact for
 * everything HTTP sends (status lines, headers, bodies, chunk framing; for https, TLS records as
 * the socket reports them) at no cost per request. A snapshot at the start of the measured phase
 * is subtracted from one at the end, so warm-up traffic is left out — except bytes of warm-up
 * requests still in flight at that moment, which are counted with the measured phase.
 * It also times how each connection was opened (`times`: every connection of the run).
 */
export class ByteMeter {
  /** Connect and TLS handshake time of every connection tracked with its start time. */
  readonly times = new ConnectionTimes();
  private readonly live = new Set<Socket>();
  private closedRead = 0;
  private closedWritten = 0;

  /**
   * Starts counting a new connection's bytes, including after it closes. With `startedMs` (when
   * its connect call began) it is timed too: now is when it became usable, `tcpMs` when its TCP
   * connect completed for TLS (-1: not seen). performance.now() ms.
   */
  track(socket: Socket, startedMs = -1, tcpMs = -1): void {
    if (startedMs >= 0) this.times.record(startedMs, tcpMs, performance.now(), socket instanceof TLSSocket);
    this.live.add(socket);
    socket.once("close", () => {
      this.live.delete(socket);
      this.closedRead += socket.bytesRead;
      this.closedWritten += socket.bytesWritten;
    });
  }

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
 * Opens connections to the target's origin: each call makes one undici `Client` (keep-alive, no
 * pipelining) for one request slot. N slots with a client each is what a `Pool` of N clients is,
 * minus the pool's per-request work (scanning for a free client, 'drain' events), which cost
 * 10–25 % of the closed model's throughput against a local nginx in side-by-side runs.
 * undici's own headers/body timers are off: the engine enforces the whole-request timeout with
 * one shared sweep. A connection attempt gives up after `connectTimeoutMs` (a `connect` error).
 * Each new connection is timed from the connect call (see `ConnectionTimes`).
 */
export function connectionFactory(url: URL, connectTimeoutMs: number, meter: ByteMeter): () => Client {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new RunError(`cannot load-test ${url.protocol}// URLs: expected an http: or https: target`);
  }
  const connectOnce = buildConnector({ timeout: connectTimeoutMs });
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
  return () => new Client(url.origin, { pipelining: 1, connect, headersTimeout: 0, bodyTimeout: 0 });
}
