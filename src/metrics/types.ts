import type { Histogram } from "hdr-histogram-js";

/**
 * How a request failed. Every failed request is counted under exactly one kind:
 * - `http_4xx` / `http_5xx`: the server answered with that status class (429 excepted)
 * - `rate_limited`: 429
 * - `unexpected_status`: a 1xx/2xx/3xx status outside the scenario's `expect_status`
 * - `timeout`: no complete response within the request's timeout
 * - `connect`: the connection could not be made (refused, DNS, unreachable)
 * - `reset`: the socket closed before the response was complete
 * - `body`: the response body stream failed (bad framing, decoding)
 * - `other`: anything else, counted rather than hidden
 */
export type ErrorKind =
  | "http_4xx"
  | "http_5xx"
  | "rate_limited"
  | "unexpected_status"
  | "timeout"
  | "connect"
  | "reset"
  | "body"
  | "other";

/** One second of the measured phase. `t` is whole seconds since the measured phase began. */
export interface TimelinePoint {
  readonly t: number;
  /** Requests that completed ok in this second. */
  readonly ok: number;
  /** Requests that failed in this second (any kind). */
  readonly errors: number;
}

/** The generator's own event-loop delay while it ran, in milliseconds. */
export interface GeneratorHealth {
  readonly eventLoopDelayMeanMs: number;
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  /** True when the generator's own lag was large enough to distort the latencies it measured. */
  readonly lagged: boolean;
}

/**
 * What the engine measured for one scenario: counters and histograms, never formatted text.
 * Histograms record integer microseconds (1 µs … 1 h, 3 significant digits). The caller owns
 * them and must `destroy()` them once encoded (they live in WebAssembly memory).
 */
export interface ScenarioResult {
  readonly name: string;
  /** "open" when the load had a rate, else "closed". */
  readonly model: "open" | "closed";
  /** Wall-clock start of the measured phase (epoch ms), for the report only. */
  readonly startedAtMs: number;
  /** Length of the measured phase as it actually ran, in ms (shorter when interrupted). */
  readonly measuredDurationMs: number;
  /** True when the run was stopped early (signal) before its planned duration. */
  readonly incomplete: boolean;
  /** Requests sent during warm-up; recorded nowhere else. */
  readonly warmupRequests: number;
  readonly requests: {
    /** Requests started in the measured phase (ok + failed, plus any still unfinished at the end). */
    readonly total: number;
    readonly ok: number;
    readonly failed: number;
    /** Open model: arrivals that were due but could not even be queued (client saturated). */
    readonly dropped: number;
  };
  /** Failed requests by kind; kinds that never happened are absent. */
  readonly errors: Readonly<Partial<Record<ErrorKind, number>>>;
  /** Responses by exact HTTP status code (ok and failed), e.g. { "200": 950, "503": 50 }. */
  readonly status: Readonly<Record<string, number>>;
  readonly bytesReceived: number;
  readonly bytesSent: number;
  /** Ok requests: open model from due time, closed model from send time (µs). */
  readonly latency: Histogram;
  /** Ok requests, from the moment the request was handed to the socket (µs). */
  readonly latencyUncorrected: Histogram;
  /** Ok requests, due time → handed to the socket: time spent waiting on the client (µs). */
  readonly queueTime: Histogram;
  /** Failed requests, measured like `latency` (µs). */
  readonly latencyFailed: Histogram;
  readonly timeline: readonly TimelinePoint[];
  readonly generator: GeneratorHealth;
}
