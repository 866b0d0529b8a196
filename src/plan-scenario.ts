/**
 * A budget scenario as the engine's plan. Its own module because two threads build it: the main
 * thread (run-budget.ts) and every load worker, which reads the budget again (worker-entry.ts).
 */
import type { Scenario } from "./budget/types.js";
import { resolveRequestUrl } from "./load/request-url.js";
import type { ScenarioPlan } from "./load/types.js";

/** What the engine needs for one scenario: the budget's request and load, and the absolute URL. */
export function planScenario(
  target: string,
  scenario: Scenario,
  setupValues?: Readonly<Record<string, string>>,
): ScenarioPlan {
  return {
    name: scenario.name,
    url: resolveRequestUrl(target, scenario.request.path),
    base: new URL(target),
    request: scenario.request,
    load: scenario.load,
    slo: scenario.slo,
    ...(scenario.steps === undefined ? {} : { steps: scenario.steps }),
    ...(scenario.data === undefined ? {} : { data: scenario.data }),
    ...(setupValues === undefined ? {} : { setupValues }),
  };
}
