import type { JsonPath } from "../checks/json-path.js";
import type { CaptureSpec, CheckSpec } from "../checks/types.js";
import type { DataSet } from "../data/types.js";
import type { JsonTemplate, StringTemplate } from "../template/types.js";
import type { BudgetUse } from "./budget-use.js";

/**
 * The typed, validated budget (version 1). Produced once by `parseBudget` at the edge; every other
 * module reads these readonly values and never the YAML. Durations are milliseconds, rates are
 * fractions 0..1, and every value that came from `${ENV}` is listed in `secrets`.
 */

/** How arrivals are spaced in the open model. */
export type Arrival = "constant" | "poisson";

/** The load asked for one scenario. */
export interface LoadSpec {
  /** Pool cap (open model) or number of request loops (closed model). Always ≥ 1. */
  readonly connections: number;
  /** Open model when set: arrivals per second on an absolute schedule. Always > 0. */
  readonly ratePerSec?: number;
  readonly arrival: Arrival;
  /** Seed of the Poisson schedule, so a run is reproducible. */
  readonly seed: number;
  /** Measured phase length, after warm-up. */
  readonly durationMs: number;
  /** Sent but not recorded; 0 for none. */
  readonly warmupMs: number;
  /**
   * Side-by-side runs only (`baseline_target`): the measured length of one round, ms, as the
   * budget wrote it (`load.round`); absent: the default (see `planRounds`).
   */
  readonly roundMs?: number;
  /**
   * What an untrusted run (the asked-for load could not be produced, or nothing answered) does to
   * the verdict: `fail` (default) fails the gate, `warn` only warns. Budget key `load.untrusted`
   * (or `defaults.untrusted`).
   */
  readonly untrusted: UntrustedPolicy;
  /**
   * Load shapes (`load.stages`): the rate (open model) or the loop count (closed model) moves
   * linearly across each stage from the previous stage's target to its own; `durationMs` is the
   * stages' sum, `ratePerSec` the highest stage rate, `connections` (closed model) the highest
   * stage's loops.
   */
  readonly stages?: readonly StageSpec[];
  /** Open-model stages: the rate the first stage ramps from (`start_rate`, default 0); also the warm-up's rate. */
  readonly startRatePerSec?: number;
  /**
   * Closed-model stages: the loop count the first stage ramps from (and the warm-up's); absent:
   * `START_LOOPS`. Not a budget key: a side-by-side round that runs a slice of a shape starts at
   * the shape's count at the slice's start (load/stage-slice.ts); fractional at a cut in a ramp.
   */
  readonly startConnections?: number;
  /**
   * Capacity search (`load.capacity`): instead of one run at `ratePerSec`, the open model is run
   * at rising rates, one step each, until the objectives break; the scenario reports `capacity`.
   */
  readonly capacity?: CapacitySpec;
  /**
   * `load.workers` (or `defaults.workers`): worker threads that run the load together, each a
   * part of it (load/part.ts); `auto` is resolved when the run starts (run-budget.ts
   * `resolveWorkers`). Absent: 1, the load runs in the main thread.
   */
  readonly workers?: WorkerCount;
}

/** `load.workers`: a count from 1 to `MAX_WORKERS`, or `auto` (the cores, see `resolveWorkers`). */
export type WorkerCount = number | "auto";

/** One stage of a load shape. Exactly one of `ratePerSec` and `connections` is set, the same in every stage. */
export interface StageSpec {
  /** Unique in the scenario; names `stages.<name>.…` metrics. Default `stage1`, `stage2` … */
  readonly name: string;
  readonly durationMs: number;
  /** Open model: the arrival rate reached at the stage's end. */
  readonly ratePerSec?: number;
  /** Closed model: the loop count reached at the stage's end. */
  readonly connections?: number;
}

/** `load.capacity`: the rates to search and what a step must meet to count as served. */
export interface CapacitySpec {
  /** Lowest and highest rate tried, requests per second (`rate: { from, to }`). */
  readonly fromRate: number;
  readonly toRate: number;
  /** Measured length of each step, ms (`step: 10s`). */
  readonly stepMs: number;
  /** The objectives a step must meet (`slo:`), each like a threshold (metric, op, limit). */
  readonly slo: readonly Threshold[];
}

/** See `LoadSpec.untrusted`. */
export type UntrustedPolicy = "fail" | "warn";

/**
 * How a streamed response body is read:
 * - `openai`: an OpenAI chat/completions (or legacy completions) SSE stream; content, usage and
 *   in-stream errors are read from each chunk's JSON
 * - `sse`: any server-sent-events stream; every non-empty `data:` event is a chunk and token
 *   counts are estimates from its text, unless `request.sse` says which events carry content,
 *   where their text is and where the server's token counts are (`SseSpec`)
 * - `json`: never written in a budget (`request.stream` does not take it): a NON-streamed JSON
 *   response read whole for its `usage` (`request.usage`, see budget/usage-read.ts); only ttfb and
 *   the token metrics, no ttft/itl/tpot
 */
export type StreamFormat = "openai" | "openai-responses" | "anthropic" | "sse" | "json";

/** A scenario whose responses stream (`request.stream`). */
export interface StreamSpec {
  readonly format: StreamFormat;
  /**
   * Longest silence allowed between two reads of the response (headers included), in ms; past it
   * the request is a `timeout`. The whole-request timeout still applies. Defaults to that timeout.
   */
  readonly idleTimeoutMs: number;
  /**
   * `openai` only: the JSON body asks for usage (`stream_options.include_usage: true`), added by
   * perf-gate unless the budget set `include_usage: false` or the body already says.
   */
  readonly includeUsage: boolean;
  /** `stream: sse` with `request.sse`: where the server's own format carries content and usage. */
  readonly sse?: SseSpec;
}

/**
 * `request.sse`, its paths compiled once at parse time (plain data: a worker thread rebuilds it
 * from the budget file like the rest). Only events of a type in `events` (absent: every event)
 * whose `text` is a non-empty string are content; `usage` and `promptUsage` are read from any
 * event that has them, the last wins.
 */
export interface SseSpec {
  /** SSE event types that carry content; absent: every type. */
  readonly events?: readonly string[];
  /** Where a content event's text is; absent: its whole data. */
  readonly text?: JsonPath;
  /** Where the output token count is; absent: tokens are estimated from the text. */
  readonly usage?: JsonPath;
  /** Where the input (prompt) token count is. */
  readonly promptUsage?: JsonPath;
  /** An event type that ends the stream, besides `data: [DONE]`. */
  readonly end?: string;
}

/**
 * Per-request objectives (`slo:`), in ms. A request is "good" when it is ok and meets every one
 * set; `goodput` is good requests per second of measured time. `tpot` is met by a request with a
 * single output token (it has no inter-token time), `ttft` is missed by one with none.
 */
export interface Slo {
  readonly ttfbMs?: number;
  readonly ttftMs?: number;
  readonly tpotMs?: number;
  readonly latencyMs?: number;
  /** Line of `slo:` in the budget file (1-based). */
  readonly line: number;
}

/** The request one scenario sends, with defaults merged in. */
export interface RequestSpec {
  readonly method: string;
  /** Path with query, starting with `/`, resolved against the budget's target. */
  readonly path: string;
  /** Lower-case header names; defaults merged under the scenario's own. */
  readonly headers: Readonly<Record<string, string>>;
  /** Serialized body (`json` is stringified and gets `content-type: application/json`). */
  readonly body?: string;
  /** Per-request timeout. */
  readonly timeoutMs: number;
  /** Statuses that count as ok; empty means every 2xx and 3xx. */
  readonly expectStatus: readonly number[];
  /** Set when the response is a stream to time chunk by chunk; absent: bodies are read and discarded. */
  readonly stream?: StreamSpec;
  /**
   * Present when the path, a header value or the body holds a `{{ … }}` template: the request is
   * rendered per iteration from these (compiled once). Absent: every request is the same bytes.
   * `path`, `headers` and `body` above then hold the templates' source text.
   */
  readonly template?: RequestTemplate;
  /** `checks:` on every measured response, in the order written; absent or empty when none. */
  readonly checks?: readonly CheckSpec[];
  /**
   * `unique_prefix: true` (streamed `json:` bodies): a short marker unique to the run and the
   * request is prepended to the first user message (or the prompt), so no two requests share a
   * cached prompt prefix.
   */
  readonly uniquePrefix?: boolean;
}

/** The templated parts of a request; parts that are constant are absent. */
export interface RequestTemplate {
  readonly path?: StringTemplate;
  /** Header values with a template, by lower-case name (the others are in `RequestSpec.headers`). */
  readonly headers: readonly (readonly [string, StringTemplate])[];
  /** A templated raw `body`. */
  readonly body?: StringTemplate;
  /** A templated `json:` body (usage request and unique prefix are applied on top). */
  readonly json?: JsonTemplate;
}

/** One step of a multi-step scenario (`steps:`). */
export interface Step {
  /** Unique in its scenario; names `steps.<name>.…` metrics. */
  readonly name: string;
  readonly request: RequestSpec;
  /** Values this step's response provides to later steps (`{{ vars.<name> }}`). */
  readonly capture: readonly CaptureSpec[];
  /** Line of the step in the budget file (1-based). */
  readonly line: number;
}

/** The `setup:` request of a scenario: sent once per run before the load, never measured. */
export interface SetupSpec {
  readonly request: RequestSpec;
  /** Values for every iteration (`{{ setup.<name> }}`); they are secrets once captured. */
  readonly capture: readonly CaptureSpec[];
  readonly line: number;
}

/** Comparison a threshold makes: `actual op limit` must hold. */
export type ThresholdOp = "<=" | "<" | ">=" | ">";

/** One absolute limit from `thresholds:`. */
export interface Threshold {
  /** The user's metric name, e.g. `latency.p95`, `error_rate`, `rps`. */
  readonly metric: string;
  readonly op: ThresholdOp;
  /** In the metric's report unit: ms for durations, a fraction for rates, req/s for `rps`. */
  readonly limit: number;
  /** The limit as written in the budget, for messages (`500ms`, `>= 40`). */
  readonly source: string;
  /** Line of this threshold in the budget file (1-based), for annotations. */
  readonly line: number;
  /**
   * `{ limit: …, abort: true }`: once the run has breached this limit beyond doubt, it stops at
   * once and fails ("aborted at 12.4 s: error_rate 35 % > 1 %"), instead of waiting out its duration.
   */
  readonly abort?: boolean;
}

/**
 * One `regression:` rule of a scenario: how much worse than the baseline a metric may get.
 * Values are in the metric's report unit (ms for durations, a fraction for rates, req/s for rps).
 */
export interface RegressionRule {
  /** The user's metric name, e.g. `latency.p95`, `error_rate`, `rps`. */
  readonly metric: string;
  /** Relative tolerance as a fraction (`+10%` → 0.1; for higher-is-better `-10%` → 0.1). */
  readonly maxRelative?: number;
  /** Absolute tolerance in the metric's unit (`+20ms` → 20; `+0.5pp` → 0.005). */
  readonly maxAbsolute?: number;
  /** Changes smaller than this (metric unit) are never regressions (`floor: 20ms` → 20). */
  readonly floor?: number;
  /** The rule as written in the budget, for messages (`+10%`, `{ max: +15%, floor: 20ms }`). */
  readonly source: string;
  /** Line of the rule in the budget file (1-based), for annotations. */
  readonly line: number;
}

/** One scenario of the budget. */
export interface Scenario {
  readonly name: string;
  /** The scenario's request; for a multi-step scenario, its first step's request. */
  readonly request: RequestSpec;
  /**
   * Multi-step scenarios (`steps:`): the steps of one iteration, in order, at least one. Absent
   * for a single-request scenario. An iteration is the scenario's unit: its latency, errors and
   * rates are the iterations'; each step has its own metrics (`steps.<name>.latency.p95`).
   */
  readonly steps?: readonly Step[];
  /** Sent once before the load (`setup:`); absent when the scenario has none. */
  readonly setup?: SetupSpec;
  /** Rows for `{{ row.* }}`, one per iteration (`data:`); absent when the scenario has none. */
  readonly data?: DataSet;
  readonly load: LoadSpec;
  readonly thresholds: readonly Threshold[];
  /** Regression rules against a baseline, in the order written; empty when `regression:` is absent. */
  readonly regression: readonly RegressionRule[];
  /**
   * Slow-creep rules (`creep:`, same syntax as `regression:`): how much worse than the OLDEST
   * baseline of the history window a metric may get. Empty when absent; used only with several
   * baselines (`baseline-history`, several `--baseline`).
   */
  readonly creep: readonly RegressionRule[];
  /** Per-request objectives for `goodput`; absent when the budget has no `slo:`. */
  readonly slo?: Slo;
  /**
   * How connections are made (`tls:`, `http2:`, `proxy:`, the scenario's over the top level's,
   * and the environment's proxy): absent when nothing differs from a direct connection with the
   * system's CAs and http/1.1 — the plain path, with no work per connection.
   */
  readonly transport?: TransportSpec;
  /** Line where the scenario starts in the budget file (1-based). */
  readonly line: number;
}

/** A parsed, validated, interpolated budget. */
export interface Budget {
  readonly version: 1;
  /** Path of the budget file as the user named it. */
  readonly file: string;
  /** Base URL (origin plus optional path prefix), already overridden by `--target` when given. */
  readonly target: string;
  /**
   * Base URL of the baseline build (`baseline_target`, overridden by `--baseline-target`): when
   * set, every scenario runs against it and the target interleaved in rounds, side by side.
   */
  readonly baselineTarget?: string;
  readonly scenarios: readonly Scenario[];
  /** Every non-empty value substituted from the environment: never printed, reported or logged. */
  readonly secrets: readonly string[];
  /**
   * Non-fatal notes about the budget for the user (e.g. a secret so short that masking it garbles
   * the output); empty or absent when there is nothing to say. Never contain a secret.
   */
  readonly warnings?: readonly string[];
  /**
   * How `loadBudget` read the file, so a worker thread (`load.workers`) can read it again: the
   * compiled templates are closures, which cannot be posted to another thread. Absent for a
   * budget parsed from text (it then runs in the main thread only).
   */
  readonly origin?: BudgetOrigin;
}

/** The file and the options a budget was read with (see `Budget.origin`). Holds the environment: never report it. */
export interface BudgetOrigin {
  readonly file: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly target?: string;
  readonly baselineTarget?: string;
  readonly uses?: BudgetUse;
}

/** How a scenario's connections are made (see `Scenario.transport`). */
export interface TransportSpec {
  /** Absent: the system's CAs, the target's host as the name, no client certificate. */
  readonly tls?: TlsSpec;
  /** `http2: true`: h2 is offered by ALPN on https connections (undici `allowH2`). */
  readonly http2: boolean;
  /** Absent: no proxy. */
  readonly proxy?: ProxySpec;
}

/** `tls:`, with its files' contents (read when the budget loads, so worker threads get the same). */
export interface TlsSpec {
  /** PEM text of `ca`: replaces the system's CAs. */
  readonly ca?: string;
  /** PEM text of `cert` and `key`: always both or neither. */
  readonly cert?: string;
  readonly key?: string;
  /** `insecure: true`: the target's certificate is not verified. */
  readonly insecure: boolean;
  readonly servername?: string;
}

/**
 * The proxy: a URL (`proxy: http://…`, credentials allowed and secret), none (`proxy: none`: the
 * environment is ignored), or the environment's (see budget/proxy-env.ts), chosen per target.
 */
export type ProxySpec =
  | { readonly kind: "url"; readonly url: string }
  | { readonly kind: "none" }
  | { readonly kind: "env"; readonly http?: string; readonly https?: string; readonly noProxy: string };
