/**
 * A budget scenario as the engine's plan. Its own module because two threads build it: the main
 * thread (run-budget.ts) and every load worker, which reads the budget again (worker-entry.ts).
 */
import type { Scenario } from "./budget/types.js";
import { type LoadPart, partLoad } from "./load/part.js";
import { resolveRequestUrl } from "./load/request-url.js";
import type { ScenarioPlan } from "./load/types.js";

/**
 * What the engine needs for one scenario: the budget's request and load, and the absolute URL.
 * With a `part` (a shard's, a worker's), the engine's load is the part's (`partLoad`: its share
 * of the connections, the whole schedule to take its arrivals from) and the plan carries the part.
 */
export function planScenario(
  target: string,
  scenario: Scenario,
  setupValues?: Readonly<Record<string, string>>,
  part?: LoadPart,
): ScenarioPlan {
  const split = part !== undefined && part.count > 1;
  return {
    name: scenario.name,
    url: resolveRequestUrl(target, scenario.request.path),
    base: new URL(target),
    request: scenario.request,
    load: split ? partLoad(scenario.load, part) : scenario.load,
    ...(split ? { part } : {}),
    slo: scenario.slo,
    ...(scenario.steps === undefined ? {} : { steps: scenario.steps }),
    ...(scenario.data === undefined ? {} : { data: scenario.data }),
    ...(setupValues === undefined ? {} : { setupValues }),
    ...(scenario.transport === undefined ? {} : { transport: scenario.transport }),
  };
}
