/**
 * Whether two scenario reports ran the same load against the same endpoint, read the same way. A
 * comparison of runs with different loads says nothing about the code, so it is shown but never
 * gated. Some differences only spoil some metrics (another `slo` only changes what goodput
 * counts): those leave the scenario comparable and mark just the metrics they affect.
 */
import { describeSlo } from "../report/slo-text.js";
import type { MeasuredScenario } from "../report/types.js";
import { transportDifferences } from "./transport-differences.js";

function endpoint(url: string): { host: string; path: string } {
  // A redacted secret can make a URL unparsable; compare the text as written then.
  if (!URL.canParse(url)) return { host: url, path: "" };
  const parsed = new URL(url);
  return { host: parsed.host, path: parsed.pathname };
}

function differs(what: string, base: unknown, head: unknown): string | undefined {
  return base === head ? undefined : `${what} differs: baseline ${show(base)}, this run ${show(head)}`;
}

function show(value: unknown): string {
  return value === undefined ? "none" : String(value);
}

/**
 * Every difference in load or request between the baseline and this run, in words
 * ("rate differs: baseline 50/s, this run 100/s"); empty when the two are comparable.
 * Warm-up and the Poisson seed are left out: they do not change what the measured phase measures.
 * A run interrupted before its end is not comparable either, nor one that read its responses as
 * another kind of stream (or did not stream): the request body and what a "chunk" is both change,
 * and with them every latency of the scenario. Nor one whose iterations ran other steps (names and
 * order), nor one that ran another load shape (its stages' names, lengths and targets: a shape's
 * `rate` is only its peak). `sameEndpoint: false` (side by side: the two
 * sides are two deployments on purpose) leaves the target host and path out. Between two capacity
 * searches the rate is left out: each reports the step at its own capacity. Nor a shard's report
 * against another share (the whole load, or another shard split): it sent only its part. Nor one
 * that reached the target another way (TLS, protocol, proxy: see `transportDifferences`).
 */
export function loadDifferences(
  head: MeasuredScenario,
  base: MeasuredScenario,
  { sameEndpoint = true }: { readonly sameEndpoint?: boolean } = {},
): string[] {
  const h = endpoint(head.request.url);
  const b = endpoint(base.request.url);
  // Rate and arrival exist only in the open model: a model change already says they differ.
  const sameModel = base.load.model === head.load.model;
  // Two capacity searches each report the step at their own capacity: that rate is the result
  // being compared, not a load difference (searchRateDifference guards the rules that read it).
  const searched = head.capacity_search !== undefined && base.capacity_search !== undefined;
  const reasons = [
    differs("load model", base.load.model, head.load.model),
    sameModel && !searched ? differs("rate", perSec(base.load.rate), perSec(head.load.rate)) : undefined,
    differs("connections", base.load.connections, head.load.connections),
    differs("duration", ms(base.load.duration_ms), ms(head.load.duration_ms)),
    sameModel ? differs("arrival", base.load.arrival, head.load.arrival) : undefined,
    sameEndpoint ? differs("target host", b.host, h.host) : undefined,
    differs("method", base.request.method, head.request.method),
    sameEndpoint ? differs("path", b.path, h.path) : undefined,
    differs("stream format", streamedFormat(base), streamedFormat(head)),
    // Which events are content and where the text and counts are: ttft, itl, tokens, errors all move.
    readingDifference(base, head),
    // An iteration of other steps is another unit: its latency and counts compare nothing.
    differs("steps", stepList(base), stepList(head)),
    // A shape reports its peak as `rate`: a ramp and a fixed rate of that peak share rate and duration.
    differs("load shape", shapeOf(base), shapeOf(head)),
    // A shard's `load` is the whole load plus its part: it sent only its share of it.
    differs("share of the load", shareOf(base), shareOf(head)),
  ].filter((reason): reason is string => reason !== undefined);
  // Side by side, the two sides are two deployments on purpose: how each is reached is theirs.
  if (sameEndpoint) reasons.push(...transportDifferences(head, base));
  if (base.incomplete) reasons.push("the baseline run was interrupted before the end");
  if (head.incomplete) reasons.push("this run was interrupted before the end");
  return reasons;
}

/**
 * The stream format a comparison tells apart: `json` (a non-streamed body read for its usage) is
 * the same request, timed the same way, as one read without it (a baseline from before
 * `request.usage` existed, or with `usage: false`), so it is no stream at all here.
 */
export function streamedFormat(s: Pick<MeasuredScenario, "stream">): string | undefined {
  const format = s.stream?.format;
  return format === "json" ? undefined : format;
}

/**
 * `stream reading differs: baseline …, this run …` when both streams are `sse` read with other
 * `request.sse` specs (or one with none); undefined otherwise. A baseline without the record (a
 * report from before it was kept) is not flagged: how it was read is unknown, not different.
 */
function readingDifference(base: MeasuredScenario, head: MeasuredScenario): string | undefined {
  const [b, h] = [base.stream, head.stream];
  if (b?.format !== "sse" || h?.format !== "sse" || b.sse === undefined || h.sse === undefined)
    return undefined;
  return differs("stream reading", describeReading(b.sse), describeReading(h.sse));
}

/** `sse: { event: delta, text: $.delta.text, end: stop }`, or `every data event (no sse:)`. */
function describeReading(sse: NonNullable<NonNullable<MeasuredScenario["stream"]>["sse"]>): string {
  // The event types are a set: [delta, text] reads a stream as [text, delta] does.
  const types = sse.event === undefined ? undefined : [...new Set(sse.event)].sort();
  const event = types === undefined ? [] : [types.length === 1 ? types[0] : `[${types.join(", ")}]`];
  const keys = [
    ...event.map((e) => `event: ${e}`),
    ...(["text", "usage", "prompt_usage", "end"] as const).flatMap((k) =>
      sse[k] === undefined ? [] : [`${k}: ${sse[k]}`],
    ),
  ];
  return keys.length === 0 ? "every data event (no sse:)" : `sse: { ${keys.join(", ")} }`;
}

/** `shard 1 of 2`, or `the whole load` (a single process, or shards merged). */
function shareOf(s: MeasuredScenario): string {
  const part = s.load.part;
  return part === undefined || part.count === 1
    ? "the whole load"
    : `shard ${part.index + 1} of ${part.count}`;
}

/** `upload → read`, or undefined for a single-request scenario. */
function stepList(s: MeasuredScenario): string | undefined {
  return s.steps?.map((step) => step.name).join(" → ");
}

/** `up 5000 ms → 100/s, hold 10000 ms → 100/s` (or `→ 6 loops`), or undefined without stages. */
function shapeOf(s: MeasuredScenario): string | undefined {
  const stages = s.stages
    ?.map(({ name, planned }) => {
      const to = planned.rate !== undefined ? `${planned.rate}/s` : `${planned.connections ?? 0} loops`;
      return `${name} ${planned.duration_ms} ms → ${to}`;
    })
    .join(", ");
  const start = s.load.start_rate;
  return stages === undefined || start === undefined || start === 0 ? stages : `from ${start}/s: ${stages}`;
}

function perSec(rate: number | undefined): string | undefined {
  return rate === undefined ? undefined : `${rate}/s`;
}

function ms(durationMs: number): string {
  return `${durationMs} ms`;
}

/** Metrics whose values are token counts or derived from them. */
const TOKEN_COUNTED = ["output_tokens", "tpot", "request_output_tps", "output_tps"];

/**
 * Why `metric` in particular cannot be compared although the loads match; undefined when it can.
 * - `goodput` when the `slo` objectives differ: a stricter objective lowers goodput with no change
 *   in the code.
 * - token-counted metrics (`output_tokens`, `tpot`, `request_output_tps`, `output_tps`) when one run
 *   took its counts from the server's usage and the other estimated them from the text (or mixed
 *   both): the two methods differ by a systematic factor, not by anything the code did.
 */
export function metricDifference(
  head: Pick<MeasuredScenario, "slo" | "stream">,
  base: Pick<MeasuredScenario, "slo" | "stream">,
  metric: string,
): string | undefined {
  const family = metric.split(".")[0] ?? metric;
  if (family === "goodput") {
    const [b, h] = [describeSlo(base.slo) || "none", describeSlo(head.slo) || "none"];
    return b === h ? undefined : `not compared: slo differs: baseline ${b}, this run ${h}`;
  }
  if (!TOKEN_COUNTED.includes(family)) return undefined;
  const b = base.stream?.output_tokens_source;
  const h = head.stream?.output_tokens_source;
  if (b === undefined || h === undefined || b === h || b === "none" || h === "none") return undefined;
  return `not compared: token counts came from ${b} in the baseline, ${h} in this run`;
}
