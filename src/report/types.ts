import type { Arrival, ThresholdOp } from "../budget/types.js";
import type { TransportUsed } from "../metrics/types.js";

/**
 * report.json, version 1. Times in the latency blocks are milliseconds as floats with µs
 * resolution; rates are fractions 0..1; `rps` is completed requests per second of measured time.
 * Field names inside a scenario are the user's metric words (`error_rate`, `latency.p95`).
 */
export interface Report {
  readonly version: 1;
  readonly tool: { readonly name: "perf-gate"; readonly version: string };
  /** ISO-8601 timestamps of the whole run. */
  readonly startedAt: string;
  readonly finishedAt: string;
  /** True when the run was interrupted (Ctrl-C / SIGTERM) before every scenario finished. */
  readonly incomplete: boolean;
  /**
   * The GATE's verdict over the whole run (thresholds, regressions, trust, interruption), the same
   * the terminal, the summary, the comment, the action's output and the exit code say. Recorded
   * here by `recordVerdict`; the report never decides it.
   */
  readonly verdict: Verdict;
  /** One line a user understands saying why (`2 of 5 thresholds failed`, `interrupted by SIGINT …`). */
  readonly verdict_reason: string;
  /** The absolute thresholds alone (what `verdict` was before regressions and trust were added). */
  readonly thresholds_verdict: ThresholdsVerdict;
  /** How the gate reached the verdict: counts and what fails it. */
  readonly gate: GateRecord;
  /**
   * Scenarios of the budget that never started because the run was interrupted, each with its
   * thresholds (unevaluated). Empty when every selected scenario ran.
   */
  readonly not_run: readonly NotRunScenario[];
  /** Non-fatal notes of the gate (no baseline, a scenario trusted only by `untrusted: warn`, …). */
  readonly warnings: readonly string[];
  /** The budget file as the user named it. */
  readonly budget: string;
  /** Base URL the run targeted, with any secret redacted. */
  readonly target: string;
  readonly scenarios: readonly ScenarioReport[];
  /**
   * How each streamed-response metric is defined, name → formula in words (see
   * `STREAM_METRIC_DEFINITIONS`); present when any scenario streams or has an `slo`.
   */
  readonly definitions?: Readonly<Record<string, string>>;
  /**
   * Present when the run measured a baseline target side by side (`baseline_target`): the
   * baseline side's results, embedded so `perf-gate compare report.json` can redo the paired
   * verdict from this one file. The report's own `scenarios` are the target's (B).
   */
  readonly side_by_side?: SideBySideRecord;
  /**
   * A shard's report (`perf-gate run --shard k/N`): which shard, and what `perf-gate merge`
   * checks to know the shards belong together. Its scenarios hold that shard's share of the load
   * only (`load.part`) and its verdict gates nothing.
   */
  readonly shard?: ShardRecord;
  /** A merged report (`perf-gate merge`): how many shards it was merged from, and their budget. */
  readonly merged_shards?: { readonly count: number; readonly budget_digest: string };
}

/** `Report.shard`. */
export interface ShardRecord {
  /** 1-based, as `--shard k/N` wrote it. */
  readonly index: number;
  readonly count: number;
  /** `sha256:<hex>` of the budget file's bytes: shards of one run read the same file. */
  readonly budget_digest: string;
  /**
   * The budget's thresholds per scenario, as `merge` applies them without `--budget` (a shard
   * evaluates none: a limit on its share would say nothing of the whole load).
   */
  readonly thresholds: Readonly<
    Record<
      string,
      readonly {
        readonly metric: string;
        readonly op: ThresholdOp;
        readonly limit: number;
        readonly source: string;
        readonly line: number;
      }[]
    >
  >;
}

/** Which side of a side-by-side run a round measured: A (`baseline`) or B (`target`). */
export type Side = "baseline" | "target";

/** The baseline side (A) of a side-by-side run, as measured in the same job. */
export interface SideBySideRecord {
  /** The baseline target's base URL, secrets redacted. */
  readonly baseline_target: string;
  /**
   * A's scenarios, each measured exactly like the same-named scenario of the report (same load,
   * same rounds, interleaved with it), without verdict keys: the gate's baseline.
   */
  readonly scenarios: readonly MeasuredScenario[];
}

/** Statistics of one distribution family over one round (no histogram: the merged one is in the scenario). */
export interface RoundStats {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
}

/**
 * One round of a side-by-side scenario: what the paired comparison is computed from. Rounds run
 * in the order A B B A A B B A …; rounds `2k` and `2k + 1` form pair `k`, one of each side.
 */
export interface RoundRecord {
  readonly side: Side;
  /** 0-based position in the run order. */
  readonly index: number;
  /** The pair this round belongs to (`floor(index / 2)`). */
  readonly pair: number;
  /** Start of the round's measured window, ms after the first round's measured window began. */
  readonly t_ms: number;
  /** The round's measured window as it ran, ms. */
  readonly duration_ms: number;
  /** Completed in the round (any time, drain included), as `requests.ok` / `requests.failed`. */
  readonly ok: number;
  readonly failed: number;
  /** Complete responses (any status) inside the round's window: what `rps` counts. */
  readonly responses: number;
  /** Streamed scenarios: output tokens of ok requests completed inside the window. */
  readonly output_tokens?: number;
  /** Scenarios with an `slo`: good requests completed inside the window. */
  readonly good?: number;
  /**
   * Per distribution family the scenario records (`latency`, and `ttft`, `itl`, `tpot`,
   * `request_output_tps`, … when streamed), the round's statistics in the family's unit.
   */
  readonly stats: Readonly<Record<string, RoundStats>>;
  /**
   * Load shapes only: per stage the round's segment of the shape touched (by name), that stage's
   * part of the round — its share of the window (`duration_ms`), its counts and statistics — so
   * a rule on `stages.<stage>.…` pairs the rounds that ran that stage.
   */
  readonly stages?: Readonly<Record<string, RoundPart>>;
}

/** A stage's part of one round (`RoundRecord.stages`): the round's fields for that stage's requests. */
export type RoundPart = Pick<
  RoundRecord,
  "duration_ms" | "ok" | "failed" | "responses" | "output_tokens" | "good" | "stats"
>;

/**
 * - `pass`: every threshold and regression rule held under the load that was asked for
 * - `fail`: a threshold broke or a regression is beyond tolerance and noise
 * - `untrusted`: the run could not produce the asked-for load (dropped or late arrivals, a lagging
 *   generator) or got no ok response at all; fails the gate unless `untrusted: warn`
 * - `incomplete`: interrupted (SIGINT / SIGTERM); `not_run` lists what never started
 */
export type Verdict = "pass" | "fail" | "untrusted" | "incomplete";

/**
 * What a run measured, before the gate has judged it: a report without the verdict fields. The
 * pipeline builds this (`buildReport`), the gate decides over it, and `recordVerdict` turns it
 * into the `Report` that is written. A recorded `Report` is also a `MeasuredReport`, so `compare`
 * can judge a file again.
 */
export type MeasuredReport = Omit<Report, VerdictKeys | "scenarios"> & {
  readonly scenarios: readonly MeasuredScenario[];
};

/** The keys of the report the gate fills in. */
export type VerdictKeys =
  | "verdict"
  | "verdict_reason"
  | "thresholds_verdict"
  | "gate"
  | "not_run"
  | "warnings";

/** The measured part of a scenario report: everything a threshold or the trust check reads. */
export type MeasuredScenario = Omit<ScenarioReport, ScenarioVerdictKeys>;

/** What the gate decided, in the report's words: what `recordVerdict` writes into the report. */
export interface VerdictRecord extends Pick<Report, VerdictKeys> {
  /** Per scenario of the measured report, in its order. */
  readonly scenarios: readonly Pick<ScenarioReport, "name" | ScenarioVerdictKeys>[];
}

/** The keys of a scenario report the gate fills in. */
export type ScenarioVerdictKeys = "checks" | "verdict" | "thresholds_verdict" | "trust";

/** Thresholds alone: `pass` when every check held (a scenario without thresholds passes). */
export type ThresholdsVerdict = "pass" | "fail";

/** What the gate counted on its way to the verdict, recorded with it. */
export interface GateRecord {
  /** `any` (thresholds and regressions fail), `strict` (and inconclusive checks), `thresholds`, or `never`. */
  readonly fail_on: FailOn;
  readonly failed_checks: number;
  readonly regressions: number;
  /** Regression and creep checks whose interval was too wide to decide at the rule's tolerance. */
  readonly inconclusive?: number;
  /** How the baseline was measured: see `BaselineMode`. Absent in reports before it existed. */
  readonly baseline_mode?: BaselineMode;
  /** Scenarios whose run was untrusted (whatever their policy). */
  readonly untrusted_scenarios: number;
  /** Where the baseline came from, or null when none was used. */
  readonly baseline: string | null;
}

/**
 * What fails the gate: `any` thresholds, regressions and untrusted runs; `strict` those and
 * inconclusive regression checks; `thresholds` thresholds and untrusted runs; `never` nothing.
 */
export type FailOn = "any" | "strict" | "thresholds" | "never";

/**
 * Where the regression comparison's baseline came from, which decides how its noise is measured:
 * - `none`: no baseline
 * - `artifact`: one earlier report (noise: sampling within each run, by bootstrap)
 * - `history`: several earlier reports of the base branch (noise: their run-to-run spread too)
 * - `side_by_side`: the baseline target measured in the same job, interleaved in rounds (noise:
 *   the spread of the paired round differences)
 */
export type BaselineMode = "none" | "artifact" | "history" | "side_by_side";

/** A scenario that never ran (interrupted run), with the thresholds it would have checked. */
export interface NotRunScenario {
  readonly name: string;
  readonly thresholds: readonly {
    readonly metric: string;
    readonly source: string;
    readonly line: number;
  }[];
}

/**
 * Whether a scenario's numbers describe the load that was asked for. Decided by the gate from the
 * recorded counters (so `compare` can redo it from the file).
 */
export interface TrustRecord {
  readonly trusted: boolean;
  /** One line per reason, e.g. `nothing answered at http://127.0.0.1:8080: 61,201 connection errors (ECONNREFUSED)`. */
  readonly reasons: readonly string[];
  /** `fail`: an untrusted run fails the gate; `warn`: it is only a warning. */
  readonly policy: "fail" | "warn";
}

/**
 * Summary of one HDR histogram, in milliseconds (µs resolution) for time families, in tokens or
 * tokens/s for token families (same 3-decimal resolution). `hdr` is the exact histogram of
 * integer thousandths of that unit.
 */
export interface LatencySummary {
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly stdev: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  /** Compressed base64 HdrHistogram of integer microseconds (mergeable, comparable exactly). */
  readonly hdr: string;
}

/** One threshold's outcome. `actual` is null when the metric had no data (e.g. no ok request). */
export interface Check {
  readonly metric: string;
  readonly op: ThresholdOp;
  readonly limit: number;
  /** The limit as written in the budget. */
  readonly source: string;
  readonly actual: number | null;
  readonly pass: boolean;
  /** Line of the threshold in the budget file. */
  readonly line: number;
  /**
   * Set when `actual` is null: why the metric has no data, in one line (the check then fails):
   * `none of the 40 ok responses carried usage (…)`, `an http target has no TLS handshake`.
   */
  readonly no_data?: string;
}

/** The load that was asked for, as run (secrets never appear here). */
export interface LoadReport {
  readonly model: "open" | "closed";
  readonly connections: number;
  readonly rate?: number;
  readonly arrival?: Arrival;
  readonly seed?: number;
  readonly duration_ms: number;
  readonly warmup_ms: number;
  /** Side-by-side runs only: the length of one round's measured window, ms (see `rounds`). */
  readonly round_ms?: number;
  /** Open-model load shapes: the rate the first stage starts from (`load.start_rate`), req/s. */
  readonly start_rate?: number;
  /** What an untrusted run does to the verdict (budget `untrusted:`; absent in old reports = fail). */
  readonly untrusted?: "fail" | "warn";
  /**
   * A shard's report: the part of this load its scenario ran (0-based `index` of `count`, see
   * load/part.ts). The fields above are the WHOLE load's; the counts are the part's.
   */
  readonly part?: { readonly index: number; readonly count: number };
  /**
   * Worker threads that ran the scenario's load together (`load.workers`, resolved: `auto` is a
   * number here), when more than one; absent: one thread. Their measurements are merged exactly.
   * A merge of shards: every shard's threads summed (four single-threaded shards: 4).
   */
  readonly workers?: number;
  /** A merge of shards (`perf-gate merge`): how many shards generated this load together. */
  readonly shards?: number;
}

export interface ScenarioReport {
  readonly name: string;
  readonly request: { readonly method: string; readonly url: string };
  readonly load: LoadReport;
  readonly incomplete: boolean;
  /** Measured phase as it ran, in ms. */
  readonly duration_ms: number;
  /**
   * Wall-clock start of the measured phase, epoch ms: where `perf-gate merge` lays a shard's
   * timeline. Absent in reports before it existed, and in steps and stages (the scenario's).
   */
  readonly started_at_ms?: number;
  readonly warmup_requests: number;
  readonly requests: {
    readonly total: number;
    readonly ok: number;
    readonly failed: number;
    readonly dropped: number;
    /** Open model: dropped because the client queue was full / still queued when the phase ended. */
    readonly dropped_queue_full?: number;
    readonly dropped_at_end?: number;
    /** Open model: arrivals due in the measured phase (= total + dropped). */
    readonly due?: number;
    /** Complete HTTP responses (any status) that ended inside the measured window. */
    readonly responses_in_window?: number;
  };
  readonly errors: Readonly<Record<string, number>>;
  readonly status: Readonly<Record<string, number>>;
  /** failed / (ok + failed); 0 when nothing completed. */
  readonly error_rate: number;
  /** Responses (any status) completed inside the measured window, per second of it. */
  readonly rps: number;
  /** Ok responses completed inside the measured window, per second of it. */
  readonly ok_rps?: number;
  /** Responses with a 3xx status (never followed): a wrong path can hide behind them. */
  readonly redirects?: number;
  /**
   * How the connections were made: the protocol the sockets negotiated (`http/1.1`, `h2`, or
   * `mixed`), for https whether the certificate was `verified` or `not verified`, and the proxy
   * (without credentials). Absent for plain http/1.1 without a proxy, and in older reports.
   */
  readonly transport?: TransportUsed;
  /** Standard deviation of the per-second completions over the timeline. */
  readonly rps_stdev: number;
  readonly bytes: {
    readonly received: number;
    readonly sent: number;
    readonly received_per_sec: number;
    readonly sent_per_sec: number;
  };
  readonly latency: LatencySummary;
  readonly latency_uncorrected: LatencySummary;
  readonly queue_time: LatencySummary;
  /** Latency of failed requests, kept apart so errors never flatter or hide in the ok latency. */
  readonly latency_failed: LatencySummary;
  /**
   * Phase timings, shaped like `latency` (ms), as k6's http_req_connecting, http_req_tls_handshaking
   * and http_req_receiving (`ttfb`, below, is http_req_waiting plus any client-side wait, and is
   * now in every scenario's block, streamed or not). `connect` and `tls`: one sample per
   * connection the run opened (warm-up included), the scenario's only (not per step or stage);
   * `tls` only when some connection was TLS. `body`: per ok request, headers → end of body.
   * Absent in reports written before phase timings; `ttfb` and `body` are absent too in a
   * multi-step scenario's own block and its stages' (whole iterations: the steps have them).
   */
  readonly connect?: LatencySummary;
  readonly tls?: LatencySummary;
  readonly body?: LatencySummary;
  /** Per second: completions, and for streamed / slo scenarios output tokens and good requests. */
  readonly timeline: readonly {
    readonly t: number;
    readonly ok: number;
    readonly errors: number;
    /** Responses (any status) in this second, when not ok + errors (some failures were not responses). */
    readonly responses?: number;
    readonly output_tokens?: number;
    readonly good?: number;
    /** Load shapes: the stage this second starts in. */
    readonly stage?: string;
    /**
     * Load shapes: latency p50 / p95 / p99 (ms) of the ok requests that completed in this second;
     * absent when none did, and in a merged second that took points from several parts.
     */
    readonly latency_p50?: number;
    readonly latency_p95?: number;
    readonly latency_p99?: number;
  }[];
  readonly generator: {
    readonly event_loop_delay_mean_ms: number;
    readonly event_loop_delay_p99_ms: number;
    readonly event_loop_delay_max_ms: number;
    readonly lagged: boolean;
    /**
     * Open model: measured arrivals the generator got to, and how many of them it got to more
     * than `late_ms` after their due time (this machine, not the server, was behind).
     */
    readonly late_releases?: { readonly released: number; readonly late: number; readonly late_ms: number };
  };
  /** One per threshold, evaluated by the gate and recorded here. */
  readonly checks: readonly Check[];
  /** The gate's verdict for this scenario (`not_run` scenarios are in `Report.not_run`). */
  readonly verdict: Verdict;
  /** This scenario's thresholds alone. */
  readonly thresholds_verdict: ThresholdsVerdict;
  /** Whether the run produced the asked-for load; recorded by the gate. */
  readonly trust: TrustRecord;
  /** The first few failures shown in full (e.g. a malformed chunk), secrets redacted, then cut. */
  readonly error_samples?: readonly {
    readonly kind: string;
    readonly message: string;
    readonly code?: string;
    readonly status?: number;
  }[];
  /** The scenario's per-request objectives in ms, when the budget set `slo:`. */
  readonly slo?: {
    readonly ttfb_ms?: number;
    readonly ttft_ms?: number;
    readonly tpot_ms?: number;
    readonly latency_ms?: number;
  };
  /** Ok requests per second of measured time that met every `slo` objective (with `slo` only). */
  readonly goodput?: number;
  /** How a streamed scenario's body was read and where its token counts came from. */
  readonly stream?: StreamReport;
  /** Streamed scenarios only: distributions shaped like `latency` (see `STREAM_TIME_FAMILIES`). */
  readonly ttfb?: LatencySummary;
  readonly ttft?: LatencySummary;
  readonly itl?: LatencySummary;
  readonly tpot?: LatencySummary;
  /** Tokens per ok request (see `TOKEN_FAMILIES`). */
  readonly output_tokens?: LatencySummary;
  /** Only when the server reported `usage.prompt_tokens`. */
  readonly prompt_tokens?: LatencySummary;
  /** Tokens per second of each ok request. */
  readonly request_output_tps?: LatencySummary;
  /** Output tokens of ok requests per second of measured time. */
  readonly output_tps?: number;
  /**
   * Reasoning models, only when some ok request reasoned (`stream.reasoning`): time to first
   * ANSWER token (streamed only), and reasoning / answer tokens per ok request that reasoned.
   */
  readonly ttfat?: LatencySummary;
  readonly reasoning_tokens?: LatencySummary;
  readonly answer_tokens?: LatencySummary;
  /**
   * Cached prompt tokens / prompt tokens over the ok requests whose server reported a cached
   * count (`stream.prompt_cache`), 0..1; absent when none did.
   */
  readonly prompt_cache_hit_rate?: number;
  /**
   * Multi-step scenarios (`steps:`): each step measured like a scenario's requests, in order. The
   * scenario's own counts, latency and rates are then its iterations' (`iteration.p95` is the
   * scenario's `latency.p95`).
   */
  readonly steps?: readonly StepReport[];
  /** Response checks (`checks:`) and how often each passed; absent when the scenario has none. */
  readonly response_checks?: readonly ResponseCheckReport[];
  /**
   * Load shapes (`load.stages`): each stage's requests (those due in it) measured like the
   * scenario's, in order, with the stage as planned.
   */
  readonly stages?: readonly StageReport[];
  /** The scenario's data file (`data:`), absent when none. */
  readonly data?: {
    readonly file: string;
    readonly format: string;
    readonly order: "sequential" | "shuffle";
    readonly rows: number;
    readonly seed: number;
  };
  /**
   * Capacity search (`load.capacity`): the highest rate (requests/s) whose step met every
   * objective; null when not even the first step did. The scenario's other metrics are those of
   * that step (of the first step when none met).
   */
  readonly capacity?: number | null;
  /** How the capacity search went: every step, in the order run, and why it stopped. */
  readonly capacity_search?: CapacitySearchRecord;
  /**
   * The run stopped early on an `abort: true` threshold breached beyond doubt: the scenario's
   * verdict is `fail`, and this says when and why.
   */
  readonly aborted?: AbortRecord;
  /**
   * A merge of shards (`perf-gate merge`): the shards that could not produce their share of this
   * scenario's load (trust judged on each shard's counters and share), each with its reasons. The
   * merged sums can hide such a shard (one shard at 85 % of its share, four shards at 96 %), so
   * the gate reads these as the merged scenario's own trust reasons. Absent: every shard held.
   */
  readonly untrusted_shards?: readonly UntrustedShard[];
  /** True when `unique_prefix` made every prompt's start unique (cold prefill measured). */
  readonly unique_prefix?: boolean;
  /**
   * Side-by-side runs only: every round of both sides in run order (A B B A …). This scenario's
   * totals are the target side's rounds merged; `Report.side_by_side` holds the baseline side's.
   */
  readonly rounds?: readonly RoundRecord[];
}

/** The `stream` block of a streamed scenario's report. */
export interface StreamReport {
  /** `json`: not a stream, a non-streamed JSON body read for its usage (`request.usage`). */
  readonly format: "openai" | "openai-responses" | "anthropic" | "sse" | "json";
  /** True when perf-gate asked the server for usage (`stream_options.include_usage`). */
  readonly usage_requested: boolean;
  /**
   * Where `output_tokens` came from: `usage` (the server's `completion_tokens` for every ok
   * request), `estimated` (counted from the text for every one), `mixed`, or `none` (no ok request).
   */
  readonly output_tokens_source: "usage" | "estimated" | "mixed" | "none";
  readonly output_tokens_total: number;
  readonly requests_with_usage: number;
  readonly requests_estimated: number;
  /**
   * Ok streams that ended without their own end event (`data: [DONE]`, `sse.end`'s event,
   * `message_stop`, `response.completed`).
   */
  readonly streams_without_done: number;
  /**
   * Format `json`: ok responses whose body had no parsable usage (no tokens recorded for them);
   * `requests_with_usage` counts those that had one.
   */
  readonly requests_without_usage?: number;
  /**
   * Ok requests that reasoned (reasoning deltas, thinking blocks, or reasoning_tokens > 0 in
   * usage), and how many of their reasoning counts were estimated from the text (Anthropic
   * reports no thinking count; a server without the usage detail); absent when none reasoned.
   */
  readonly reasoning?: { readonly requests: number; readonly estimated: number };
  /**
   * Ok requests whose server reported cached prompt tokens, with their prompt tokens (the true
   * total: Anthropic's cache reads and writes added to input_tokens) and cached prompt tokens;
   * absent when none did.
   */
  readonly prompt_cache?: {
    readonly requests: number;
    readonly prompt_tokens: number;
    readonly cached_tokens: number;
  };
  /**
   * `sse` only: how the stream was read, the budget's `request.sse` as written; `{}` when it had
   * none (every non-empty data event was content). Absent in reports from before it was recorded.
   */
  readonly sse?: SseReading;
}

/** `StreamReport.sse`: the `request.sse` keys a stream was read with (JSONPaths as written). */
export interface SseReading {
  readonly event?: readonly string[];
  readonly text?: string;
  readonly usage?: string;
  readonly prompt_usage?: string;
  readonly end?: string;
}

/**
 * One step of a multi-step scenario, shaped like a scenario block (same fields, same meaning,
 * for this step's requests) without what only the scenario has: load, bytes, generator, trust.
 */
export type StepReport = Omit<
  MeasuredScenario,
  "load" | "bytes" | "generator" | "steps" | "response_checks" | "data" | "rounds" | "warmup_requests"
>;

/** One response check's outcome over the measured responses. */
export interface ResponseCheckReport {
  /** `checks.<name>.pass_rate` names it. */
  readonly name: string;
  /** The step it belongs to (multi-step scenarios). */
  readonly step?: string;
  /** Line of the check in the budget file. */
  readonly line: number;
  /** The check as written. */
  readonly source: string;
  readonly evaluated: number;
  readonly failed: number;
  /** (evaluated − failed) / evaluated; 1 when nothing was evaluated (see `evaluated`). */
  readonly pass_rate: number;
}

/** `ScenarioReport.capacity_search`. */
export interface CapacitySearchRecord {
  readonly from_rate: number;
  readonly to_rate: number;
  readonly step_ms: number;
  /** The objectives as written (`latency.p95 <= 50ms`). */
  readonly slo: readonly {
    readonly metric: string;
    readonly op: string;
    readonly limit: number;
    readonly source: string;
  }[];
  readonly steps: readonly CapacityStepRecord[];
  /**
   * Why the search ended: `slo` (bracketed between a step that met and one that did not),
   * `max_rate` (`to` met), `generator` (this machine could not send the rate: the result is a
   * floor, not the server's capacity), `interrupted`.
   */
  readonly stopped_by: "slo" | "max_rate" | "generator" | "interrupted";
  /** One line for users: `capacity 48.7 req/s: 50/s met every objective, 55/s broke latency.p95 (61.2 ms > 50 ms)`. */
  readonly reason: string;
}

/** One step of a capacity search. */
export interface CapacityStepRecord {
  /** The rate asked for, requests/s. */
  readonly rate: number;
  readonly duration_ms: number;
  readonly requests: number;
  readonly ok: number;
  readonly error_rate: number;
  /** Responses per second achieved in the step's window. */
  readonly rps: number;
  readonly latency_p50: number;
  readonly latency_p95: number;
  readonly latency_p99: number;
  /** Each objective's value in this step (null: no data), in `slo` order. */
  readonly values: readonly (number | null)[];
  /** Every objective held. */
  readonly met: boolean;
  /** The generator could not produce this rate (dropped arrivals, lag): the step says nothing of the server. */
  readonly generator_limited: boolean;
}

/** `ScenarioReport.untrusted_shards`: shard `index` of `count` (1-based) and why its share is untrusted. */
export interface UntrustedShard {
  readonly index: number;
  readonly count: number;
  readonly reasons: readonly string[];
}

/** `ScenarioReport.aborted`. */
export interface AbortRecord {
  /** Time into the measured phase when the run stopped, ms. */
  readonly at_ms: number;
  readonly metric: string;
  readonly actual: number;
  readonly limit: number;
  /** The threshold as written and its line. */
  readonly source: string;
  readonly line: number;
  /** `aborted at 12.4 s: error_rate 35.0 % > 1 %` */
  readonly reason: string;
}

/** One stage of a load shape: its requests' block and the stage as planned. */
export type StageReport = StepReport & {
  readonly planned: { readonly duration_ms: number; readonly rate?: number; readonly connections?: number };
};
