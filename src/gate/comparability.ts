/**
 * Whether two scenario reports ran the same load against the same endpoint. A comparison of runs
 * with different loads says nothing about the code, so it is shown but never gated.
 */
import type { ScenarioReport } from "../report/types.js";

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
 * A run interrupted before its end is not comparable either.
 */
export function loadDifferences(head: ScenarioReport, base: ScenarioReport): string[] {
  const h = endpoint(head.request.url);
  const b = endpoint(base.request.url);
  // Rate and arrival exist only in the open model: a model change already says they differ.
  const sameModel = base.load.model === head.load.model;
  const reasons = [
    differs("load model", base.load.model, head.load.model),
    sameModel ? differs("rate", perSec(base.load.rate), perSec(head.load.rate)) : undefined,
    differs("connections", base.load.connections, head.load.connections),
    differs("duration", ms(base.load.duration_ms), ms(head.load.duration_ms)),
    sameModel ? differs("arrival", base.load.arrival, head.load.arrival) : undefined,
    differs("target host", b.host, h.host),
    differs("method", base.request.method, head.request.method),
    differs("path", b.path, h.path),
  ].filter((reason): reason is string => reason !== undefined);
  if (base.incomplete) reasons.push("the baseline run was interrupted before the end");
  if (head.incomplete) reasons.push("this run was interrupted before the end");
  return reasons;
}

function perSec(rate: number | undefined): string | undefined {
  return rate === undefined ? undefined : `${rate}/s`;
}

function ms(durationMs: number): string {
  return `${durationMs} ms`;
}
