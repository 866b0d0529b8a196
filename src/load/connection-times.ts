import { createHistogram, type Histogram } from "../metrics/histogram.js";
import { toUs } from "../metrics/recorder.js";

/**
 * How long each connection the run opened took to open, as k6's `http_req_connecting` and
 * `http_req_tls_handshaking` (but one sample per NEW connection, not one per request: a reused
 * connection costs nothing and would only dilute the distribution). Integer µs, like latency.
 *
 * Every connection counts, warm-up and drain included: with keep-alive almost every connection
 * is opened during the warm-up, and leaving those out would leave the histogram empty exactly
 * when connections are healthy. Per connection, not per request, so nothing here is on the hot
 * path. Failed attempts (refused, timed out) are `connect` errors of their requests instead.
 */
export class ConnectionTimes {
  /** Connect call → the socket's TCP 'connect', per new connection (a host name's DNS lookup included). */
  readonly connect: Histogram = createHistogram();
  /** TCP 'connect' → 'secureConnect', per new TLS connection; null until the first one. */
  tls: Histogram | null = null;

  /**
   * A connection is open at `nowMs`: its connect call began at `startedMs` and, for TLS, its TCP
   * connect completed at `tcpMs` (-1 when not seen: plain TCP, where `nowMs` is that moment).
   * All performance.now() ms.
   */
  record(startedMs: number, tcpMs: number, nowMs: number, encrypted: boolean): void {
    if (!encrypted || tcpMs < 0) {
      // A TLS socket whose TCP connect was not seen (a tunnel made elsewhere) has no split: its
      // whole opening is its connect time rather than a made-up handshake time.
      this.connect.recordValue(toUs(nowMs - startedMs));
      return;
    }
    this.connect.recordValue(toUs(tcpMs - startedMs));
    this.tls ??= createHistogram();
    this.tls.recordValue(toUs(nowMs - tcpMs));
  }

  /** Frees the histograms (WebAssembly memory); for runs whose result is thrown away. */
  destroy(): void {
    this.connect.destroy();
    this.tls?.destroy();
  }
}
