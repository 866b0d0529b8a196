import type { Socket } from "node:net";
import { buildConnector, Client } from "undici";
import { RunError } from "../errors.js";

/**
 * Bytes on the wire, counted from the sockets' own `bytesRead` / `bytesWritten`: exact for
 * everything HTTP sends (status lines, headers, bodies, chunk framing; for https, TLS records as
 * the socket reports them) at no cost per request. A snapshot at the start of the measured phase
 * is subtracted from one at the end, so warm-up traffic is left out — except bytes of warm-up
 * requests still in flight at that moment, which are counted with the measured phase.
 */
export class ByteMeter {
  private readonly live = new Set<Socket>();
  private closedRead = 0;
  private closedWritten = 0;

  /** Starts counting a new connection's bytes, including after it closes. */
  track(socket: Socket): void {
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
 */
export function connectionFactory(url: URL, connectTimeoutMs: number, meter: ByteMeter): () => Client {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new RunError(`cannot load-test ${url.protocol}// URLs: expected an http: or https: target`);
  }
  const connectOnce = buildConnector({ timeout: connectTimeoutMs });
  const connect: buildConnector.connector = (options, callback) => {
    connectOnce(options, (...args) => {
      if (args[0] === null) meter.track(args[1]);
      callback(...args);
    });
  };
  return () => new Client(url.origin, { pipelining: 1, connect, headersTimeout: 0, bodyTimeout: 0 });
}
