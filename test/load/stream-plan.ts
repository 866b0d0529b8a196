import type { LoadSpec, RequestSpec, Slo, StreamFormat } from "../../src/budget/types.js";
import type { ScenarioPlan } from "../../src/load/types.js";
import { makePlan } from "./plan.js";

/** Options of a streamed test plan: the load, the stream format and timeouts, an slo. */
export interface StreamPlanOptions {
  readonly load?: Partial<LoadSpec>;
  readonly format?: StreamFormat;
  /** Default: the request timeout (what the budget defaults to). */
  readonly idleTimeoutMs?: number;
  readonly timeoutMs?: number;
  readonly slo?: Omit<Slo, "line">;
  readonly request?: Partial<RequestSpec>;
}

/** A POST plan whose responses are read as a stream (`request.stream`), 1 s closed model by default. */
export function makeStreamPlan(baseUrl: string, o: StreamPlanOptions = {}): ScenarioPlan {
  const timeoutMs = o.timeoutMs ?? 5000;
  const plan = makePlan(baseUrl, o.load, {
    method: "POST",
    path: "/v1/chat/completions",
    body: '{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}',
    headers: { "content-type": "application/json" },
    timeoutMs,
    stream: { format: o.format ?? "openai", idleTimeoutMs: o.idleTimeoutMs ?? timeoutMs, includeUsage: true },
    ...o.request,
  });
  return o.slo === undefined ? plan : { ...plan, slo: { ...o.slo, line: 1 } };
}
