import type { LoadSpec, RequestSpec } from "../../src/budget/types.js";
import type { ScenarioPlan } from "../../src/load/types.js";
import { destroyStreamResult } from "../../src/metrics/stream-recorder.js";
import type { ScenarioResult } from "../../src/metrics/types.js";

/** A scenario plan for tests: GET / against `baseUrl`, 1 s closed model unless overridden. */
export function makePlan(
  baseUrl: string,
  load: Partial<LoadSpec> = {},
  request: Partial<RequestSpec> = {},
): ScenarioPlan {
  const req: RequestSpec = {
    method: "GET",
    path: "/",
    headers: {},
    timeoutMs: 5000,
    expectStatus: [],
    ...request,
  };
  return {
    name: "test",
    url: new URL(req.path, baseUrl),
    request: req,
    load: {
      connections: 1,
      arrival: "constant",
      seed: 1,
      durationMs: 1000,
      warmupMs: 0,
      untrusted: "fail",
      ...load,
    },
  };
}

/** Sum of a record's values. */
export function sum(counts: Readonly<Record<string, number | undefined>>): number {
  return Object.values(counts).reduce<number>((a, n) => a + (n ?? 0), 0);
}

/**
 * Frees a result's histograms, the stream's and every stage's too (WebAssembly memory); does
 * nothing for undefined.
 */
export function destroyResult(result: ScenarioResult | undefined): void {
  for (const h of [result?.latency, result?.latencyUncorrected, result?.queueTime, result?.latencyFailed]) {
    h?.destroy();
  }
  for (const h of [result?.ttfb, result?.body, result?.connect, result?.tls]) h?.destroy();
  destroyStreamResult(result?.stream);
  for (const stage of result?.stages ?? []) destroyResult(stage);
}
