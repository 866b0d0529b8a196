import type { LatencySummary, Report, ScenarioReport } from "../../src/report/types.js";

/**
 * Hand-written reports of a streamed chat scenario for the renderer tests, independent of how
 * report/ builds them. The numbers agree with each other: 40 ok requests in 4 s of 160 output
 * tokens each (6,400 tokens → 1,600 tok/s), TTFT p50 200 ms + 159 × TPOT 20 ms ≈ latency p50
 * 3,380 ms (→ 47.3 tok/s per request), 36 of 40 within the slo (goodput 9.0 req/s, 90%); 3
 * stream_error and 1 timeout out of 44 (error rate 9.09 %); 43 responses in the window (rps 10.75,
 * ok_rps 10.0).
 * "embed" does not stream but has an slo: 80 ok in 4 s, 77 good (goodput 19.25 req/s, 96.25%).
 */

/** Where the streamed scenario's token counts came from. */
export type TokenSource = "usage" | "estimated" | "mixed";

/** A summary with the given percentiles; p90 / p999 in between, the HDR string left empty. */
export function summary(count: number, p50: number, p95: number, p99: number, mean: number, max: number) {
  const s: LatencySummary = {
    count,
    min: p50 / 2,
    mean,
    stdev: (p95 - p50) / 2,
    p50,
    p90: (p50 + p95) / 2,
    p95,
    p99,
    p999: (p99 + max) / 2,
    max,
    hdr: "",
  };
  return s;
}

const SAMPLES = [
  { kind: "stream_error", message: 'malformed JSON in chunk: data: {"choices":[{"delta":{"content":"Hel' },
  // Server text with a line break and an escape code: neither may reach the terminal as is.
  {
    kind: "stream_error",
    message: 'error event in a 200 stream:\n{"error":{"message":"overloaded\u001b[2J"}}',
  },
  { kind: "stream_error", message: "no event in a 200 response" },
  { kind: "timeout", message: "no complete response within 30s" },
];

function base(name: string, url: string): Omit<ScenarioReport, "latency" | "requests"> {
  return {
    name,
    request: { method: "POST", url },
    load: {
      model: "open",
      connections: 64,
      rate: 11,
      arrival: "constant",
      duration_ms: 4_000,
      warmup_ms: 1_000,
    },
    incomplete: false,
    duration_ms: 4_000,
    warmup_requests: 11,
    errors: {},
    status: {},
    error_rate: 0,
    rps: 0,
    rps_stdev: 0.5,
    bytes: { received: 2_000_000, sent: 20_000, received_per_sec: 500_000, sent_per_sec: 5_000 },
    latency_uncorrected: summary(40, 3370, 3600, 3690, 3380, 3700),
    queue_time: summary(40, 0.2, 0.5, 0.9, 0.25, 1.1),
    latency_failed: summary(0, 0, 0, 0, 0, 0),
    timeline: [],
    generator: {
      event_loop_delay_mean_ms: 0.5,
      event_loop_delay_p99_ms: 1.2,
      event_loop_delay_max_ms: 3,
      lagged: false,
    },
    checks: [],
    verdict: "pass",
    thresholds_verdict: "pass",
    trust: { trusted: true, reasons: [], policy: "fail" },
    redirects: 0,
  };
}

function streamed(tokens: TokenSource, slo: boolean): ScenarioReport {
  const estimated = { usage: 0, estimated: 40, mixed: 10 }[tokens];
  return {
    ...base("chat-stream", "http://127.0.0.1:8080/v1/chat/completions"),
    requests: { total: 44, ok: 40, failed: 4, dropped: 0, due: 44, responses_in_window: 43 },
    errors: { stream_error: 3, timeout: 1 },
    status: { "200": 43 },
    error_rate: 4 / 44,
    rps: 10.75,
    ok_rps: 10,
    latency: summary(40, 3380, 3620, 3700, 3390, 3712),
    checks: [
      { metric: "ttft.p95", op: "<=", limit: 400, source: "400ms", actual: 380, pass: true, line: 12 },
      { metric: "output_tps", op: ">=", limit: 1500, source: ">= 1500", actual: 1600, pass: true, line: 13 },
    ],
    error_samples: SAMPLES,
    ...(slo ? { slo: { ttft_ms: 500, tpot_ms: 50 }, goodput: 9 } : {}),
    stream: {
      format: "openai",
      usage_requested: tokens !== "estimated",
      output_tokens_source: tokens,
      output_tokens_total: 6_400,
      requests_with_usage: 40 - estimated,
      requests_estimated: estimated,
      streams_without_done: tokens === "usage" ? 0 : 2,
    },
    ttfb: summary(40, 12.5, 18.2, 21, 13.1, 21.4),
    ttft: summary(40, 200, 380, 450, 215.5, 452),
    itl: summary(6_360, 20, 31, 48, 20.4, 95),
    tpot: summary(40, 20, 26, 27.5, 20.5, 27.9),
    output_tokens: summary(40, 160, 180, 190, 160, 192),
    ...(tokens === "estimated" ? {} : { prompt_tokens: summary(40, 420, 460, 470, 425, 471) }),
    request_output_tps: summary(40, 47.3, 52.1, 55, 47.5, 55.4),
    output_tps: 1_600,
  };
}

function embed(goodput: number): ScenarioReport {
  return {
    ...base("embed", "http://127.0.0.1:8080/v1/embeddings"),
    load: { model: "closed", connections: 4, duration_ms: 4_000, warmup_ms: 0 },
    requests: { total: 80, ok: 80, failed: 0, dropped: 0, responses_in_window: 80 },
    status: { "200": 80 },
    rps: 20,
    ok_rps: 20,
    latency: summary(80, 150, 240, 280, 160, 290),
    slo: { latency_ms: 250 },
    goodput,
  };
}

/** A few of report/'s formulas, written out so wording changes there do not move these tests. */
const DEFINITIONS = {
  ttft: "Per ok request, due time → first chunk carrying non-empty generated content, ms.",
  tpot: "Per ok request with more than 1 output token, (latency − ttft) / (output_tokens − 1), ms.",
  goodput: "Ok requests meeting every slo objective / measured seconds, requests/s.",
};

function report(scenarios: ScenarioReport[]): Report {
  return {
    version: 1,
    tool: { name: "perf-gate", version: "0.1.0" },
    startedAt: "1970-01-01T00:00:00.000Z",
    finishedAt: "1970-01-01T00:00:08.000Z",
    incomplete: false,
    // As the gate records it without a baseline; `withVerdict` sets what a gate with one decided.
    verdict: "pass",
    verdict_reason: "2 of 2 thresholds passed",
    thresholds_verdict: "pass",
    gate: { fail_on: "any", failed_checks: 0, regressions: 0, untrusted_scenarios: 0, baseline: null },
    not_run: [],
    warnings: [],
    budget: "perf-budget.yml",
    target: "http://127.0.0.1:8080",
    scenarios,
    definitions: DEFINITIONS,
  };
}

/** This run: "chat-stream" (tokens from `tokens`, goodput unless `slo: false`) and "embed". */
export function sampleStreamReport(options: { tokens?: TokenSource; slo?: boolean } = {}): Report {
  return report([streamed(options.tokens ?? "usage", options.slo ?? true), embed(19.25)]);
}

/**
 * The baseline: the same scenarios, faster: TTFT p50/p95/p99 180/300/340 ms, ITL p50/p99
 * 19/40 ms, TPOT p50/p95 19.5/24 ms, 1,700 tok/s, goodput 9.5 and 19.5 req/s.
 */
export function sampleStreamBaseline(): Report {
  const head = streamed("usage", true);
  const chat: ScenarioReport = {
    ...head,
    ttft: summary(40, 180, 300, 340, 190, 345),
    itl: summary(6_360, 19, 29, 40, 19.5, 80),
    tpot: summary(40, 19.5, 24, 25, 19.8, 25.5),
    output_tps: 1_700,
    goodput: 9.5,
  };
  return report([chat, embed(19.5)]);
}
