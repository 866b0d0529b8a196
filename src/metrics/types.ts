import type { Histogram } from "hdr-histogram-js";
import type { StreamFormat } from "../budget/types.js";

/**
 * How a request failed. Every failed request is counted under exactly one kind:
 * - `http_4xx` / `http_5xx`: the server answered with that status class (429 excepted)
 * - `rate_limited`: 429
 * - `unexpected_status`: a 1xx/2xx/3xx status outside the scenario's `expect_status`
 * - `timeout`: no complete response within the request's timeout
 * - `connect`: the connection could not be made (refused, DNS, unreachable)
 * - `reset`: the socket closed before the response was complete
 * - `body`: the response body stream failed (bad framing, decoding)
 * - `stream_error`: a streamed response that is complete at the HTTP level but wrong inside: an
 *   `error` event or object in a 200 stream, a chunk that is not valid JSON, no event at all
 * - `check_failed`: a complete response failed one of the request's `checks:` (its status was ok)
 * - `capture_failed`: multi-step scenarios: a step's `capture:` found nothing, so the steps after
 *   it were not sent (counted once per iteration, in the scenario and in the next step)
 * - `client_error`: the generator itself failed (EMFILE / ENFILE: out of file descriptors; any
 *   error of this machine, not of the server), with the errno in its sample and a fix
 * - `other`: anything else, counted rather than hidden (always with a sample and its reason)
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
  | "stream_error"
  | "check_failed"
  | "capture_failed"
  | "client_error"
  | "other";

/**
 * One second of the measured window. `t` is whole seconds since the measured phase began. The
 * timeline covers the window only: completions after it (the drain, or after a stop) are in no
 * point, so the points sum to the `window` counts, not to the totals.
 */
export interface TimelinePoint {
  readonly t: number;
  /** Requests that completed ok in this second. */
  readonly ok: number;
  /** Requests that failed in this second (any kind, responses or not). */
  readonly errors: number;
  /**
   * Complete responses (any status) in this second — what `rps` counts — when that differs from
   * ok + errors (some failures were connect errors, resets or timeouts); absent otherwise.
   */
  readonly responses?: number;
  /** Streamed scenarios: output tokens of the requests that completed ok in this second. */
  readonly outputTokens?: number;
  /** Scenarios with an `slo`: ok requests completed in this second that met every objective. */
  readonly good?: number;
  /** Load shapes: the stage this second starts in (by the planned stage ends). */
  readonly stage?: string;
  /**
   * Load shapes: p50 / p95 / p99 of the latency of the ok requests that completed in this second,
   * ms; absent for a second in which none did.
   */
  readonly latencyP50Ms?: number;
  readonly latencyP95Ms?: number;
  readonly latencyP99Ms?: number;
}

/**
 * What made a request fail, for the report: a transport error's message and errno / undici code
 * (`connect ECONNREFUSED 127.0.0.1:8080`, `ECONNREFUSED`), a failed response's status and first
 * body bytes, a stream's malformed chunk. At most 2 per kind and 8 per scenario (the first ones
 * seen); secrets are redacted when the report is built.
 */
export interface ErrorSample {
  readonly kind: ErrorKind;
  /**
   * What went wrong, then the first bytes of the offending data (a malformed chunk, the body of a
   * 4xx/5xx response). RAW and possibly longer than what the report shows: the engine keeps up to
   * `SAMPLE_RAW_CHARS` characters, and the report redacts secrets FIRST and only then cuts the
   * excerpt, so a secret at the cut edge can never survive in part.
   */
  readonly message: string;
  /**
   * The errno or undici code behind a transport error (`ECONNREFUSED`, `EMFILE`, `UND_ERR_SOCKET`).
   * Absent for the engine's own timeouts (its sweep, or a wait in the client queue: the message
   * says which) and for undici errors without a code (the message then starts with their name).
   */
  readonly code?: string;
  /** The response status, for samples of failed responses (4xx, 5xx, unexpected status, stream_error). */
  readonly status?: number;
}

/** Characters of raw text an engine-side sample may keep (the report cuts to fewer after redaction). */
export const SAMPLE_RAW_CHARS = 200 + 1024;

/**
 * What a streamed scenario measured, next to the ordinary latency. Every histogram stores integer
 * thousandths of its report unit (like latency's µs for ms): µs for the four timing families,
 * thousandths of a token for the token counts, thousandths of a token/s for `requestOutputTps`.
 * Only ok requests feed these; a failed or cut-off request's partial timings are dropped.
 */
export interface StreamResult {
  readonly format: StreamFormat;
  /** Due time → first chunk carrying generated content; requests without content record none. */
  readonly ttft: Histogram;
  /** Every gap between consecutive content chunks, pooled over all ok requests. */
  readonly itl: Histogram;
  /** Per ok request with > 1 output token: (latency − ttft) / (output_tokens − 1). */
  readonly tpot: Histogram;
  readonly outputTokens: Histogram;
  /** Only requests whose server sent `usage.prompt_tokens`. */
  readonly promptTokens: Histogram;
  /** Per ok request with ≥ 1 output token: output_tokens / latency in seconds. */
  readonly requestOutputTps: Histogram;
  /** Sum of output tokens over the ok requests (usage where sent, else the estimate). */
  readonly outputTokensTotal: number;
  /** Ok requests whose output tokens came from the server's `usage.completion_tokens`. */
  readonly requestsWithUsage: number;
  /** Ok requests whose output tokens were estimated from the text. */
  readonly requestsEstimated: number;
  /**
   * Ok streams that ended without their own end event (`data: [DONE]`, `sse.end`'s event,
   * `message_stop`, `response.completed`): counted ok, the HTTP response was complete.
   */
  readonly streamsWithoutDone: number;
  /**
   * Due time → first chunk carrying ANSWER content (not reasoning / thinking), per ok request
   * with an answer; equal to ttft for a request that did not reason. Reported only when some ok
   * request reasoned (`requestsWithReasoning`). Never for format `json` (no chunks).
   */
  readonly ttfat: Histogram;
  /** Per ok request that reasoned: its reasoning tokens (usage, else estimated from the text). */
  readonly reasoningTokens: Histogram;
  /** Per ok request that reasoned: output_tokens − reasoning_tokens (≥ 0). */
  readonly answerTokens: Histogram;
  /** Ok requests that reasoned, and how many of their reasoning counts were estimated. */
  readonly requestsWithReasoning: number;
  readonly reasoningEstimated: number;
  /** Format `json`: ok responses whose body had no parsable usage (they record no tokens at all). */
  readonly requestsWithoutUsage: number;
  /**
   * Ok requests whose server reported a cached prompt count, with their prompt tokens (the true
   * total: Anthropic's cache reads and writes added) and cached prompt tokens summed:
   * prompt_cache_hit_rate = cachedPromptTokens / cachePromptTokens.
   */
  readonly cacheRequests: number;
  readonly cachePromptTokens: number;
  readonly cachedPromptTokens: number;
}

/** The generator's own event-loop delay while it ran, in milliseconds. */
export interface GeneratorHealth {
  readonly eventLoopDelayMeanMs: number;
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  /**
   * True when the generator's own lag was large enough to distort the latencies it measured: a
   * p99 delay above 20 ms, or fewer than half the heartbeats due could run (the loop was blocked;
   * the stall still under way when the window ended counts as a sample).
   */
  readonly lagged: boolean;
  /**
   * Open model: the measured arrivals the generator got to (released to a connection, or to the
   * queue when none was free), and how many of them it got to more than `LATE_RELEASE_MS` after
   * their due time — its own lateness, whatever the server does. A generator that falls behind
   * without one long stall (many short turns, each a little late) shows here, not in `lagged`.
   */
  readonly lateReleases?: { readonly released: number; readonly late: number };
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
    /**
     * Open model: arrivals due in the measured phase that were never sent. Always
     * `droppedQueueFull + droppedAtEnd`, and `total + dropped` is exactly the schedule's count.
     */
    readonly dropped: number;
    /** Open model: dropped because the client queue was full when they were due. */
    readonly droppedQueueFull: number;
    /** Open model: dropped because they were still queued (no free connection) when the phase ended. */
    readonly droppedAtEnd: number;
    /** Open model: arrivals the schedule had due in the measured phase (= total + dropped). Closed: absent. */
    readonly due?: number;
  };
  /**
   * What completed INSIDE the measured window (measure start → planned end, or the stop): the
   * per-second rates are computed from these, never from completions during the drain, which
   * count in latency and totals only. A "response" is a complete HTTP response of any status (a
   * stream_error included); a connect error, reset or timeout is not a response.
   */
  readonly window: {
    readonly responses: number;
    readonly ok: number;
    /** Streamed scenarios: output tokens of ok requests completed in the window. */
    readonly outputTokens: number;
    /** Scenarios with an slo: good requests completed in the window. */
    readonly good: number;
    /** Socket bytes between the start and the end of the window (not the drain). */
    readonly bytesReceived: number;
    readonly bytesSent: number;
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
  /**
   * Ok requests: latency origin (due time; closed model: send) → response headers (µs), so
   * ttfb ≤ latency per request. Absent for a multi-step scenario's own (iteration) result and
   * its stages' (they record iterations too): its steps have theirs.
   */
  readonly ttfb?: Histogram;
  /** Ok requests: response headers → end of the body (µs); ttfb + body is the latency. */
  readonly body?: Histogram;
  /**
   * Connect call → TCP connected, one sample per connection the run opened (warm-up and drain
   * included: see `ConnectionTimes`), µs. The scenario's only: steps and stages share its sockets.
   */
  readonly connect?: Histogram;
  /** TCP connected → TLS handshake done, per TLS connection the run opened (µs); absent without one. */
  readonly tls?: Histogram;
  /**
   * Per second of the measured window (one point per started second of `measuredDurationMs`);
   * completions after the window are in no point (see `TimelinePoint`).
   */
  readonly timeline: readonly TimelinePoint[];
  readonly generator: GeneratorHealth;
  /** Present when the scenario streams (`request.stream`); its histograms are owned like the others. */
  readonly stream?: StreamResult;
  /** Present when the plan has an `slo`: ok requests that met every objective. */
  readonly goodRequests?: number;
  /** The first failures of each kind (at most 2 a kind, 8 in all, see `ErrorSample`); empty when none. */
  readonly errorSamples: readonly ErrorSample[];
  /**
   * Multi-step scenarios: one result per step, in order, measured like a scenario's requests
   * (a step's latency counts from its own send; the first step's from the iteration's due time in
   * the open model). The scenario's own counts above are its iterations'. Histograms owned like
   * the scenario's. `bytesReceived`/`bytesSent` and `generator` are the scenario's (sockets are
   * shared by the steps).
   */
  readonly steps?: readonly ScenarioResult[];
  /** Response checks (`checks:`), in budget order (steps' after the request's); absent when none. */
  readonly checks?: readonly CheckCount[];
  /**
   * Load shapes (`load.stages`): one result per stage, in order, holding the requests DUE in it
   * (histograms owned like the scenario's; bytes and generator are the scenario's), their
   * `stream` when the scenario streams and `goodRequests` when it has an slo.
   * `measuredDurationMs` is the stage's planned length (its rates are per second of it), and
   * `timeline` the stage's own seconds, from t = 0 at the second it starts in.
   */
  readonly stages?: readonly ScenarioResult[];
  /** Set when an `abort: true` threshold stopped the run (it is then `incomplete` too). */
  readonly aborted?: AbortedRun;
  /** How the connections were made; absent for plain http/1.1 without a proxy (see `TransportUsed`). */
  readonly transport?: TransportUsed;
}

/**
 * How a scenario's connections were made, as the report states it. A merge of parts that differ
 * (workers, shards, rounds) says `mixed` for the field that differs.
 */
export interface TransportUsed {
  /**
   * What the connections' ALPN settled on: `http/1.1`, `h2`, or `mixed` when connections differ.
   * Absent when no connection was made.
   */
  readonly protocol?: string;
  /** https only: `verified` (the certificate was checked) or `not verified` (`tls.insecure: true`). */
  readonly tls?: string;
  /** The proxy the connections went through, without credentials; absent: direct. */
  readonly proxy?: string;
}

/** Which `abort: true` threshold stopped a run, with the value measured then. */
export interface AbortedRun {
  readonly metric: string;
  readonly op: string;
  readonly limit: number;
  readonly source: string;
  readonly line: number;
  /** The metric's value when the run stopped, in its report unit (ms, or a fraction). */
  readonly actual: number;
  /** Time since the measured phase began, ms. */
  readonly atMs: number;
}

/** How often one response check passed on measured responses. */
export interface CheckCount {
  /** `CheckSpec.name` (unique in the scenario). */
  readonly name: string;
  /** The step it belongs to; absent for a single-request scenario's checks. */
  readonly step?: string;
  readonly line: number;
  readonly source: string;
  /** Complete measured responses the check was evaluated on, and how many failed it. */
  readonly evaluated: number;
  readonly failed: number;
}
