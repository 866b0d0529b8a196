import { afterEach, beforeAll } from "vitest";
import { runScenario } from "../../src/load/run-scenario.js";
import type { RunControl, ScenarioPlan } from "../../src/load/types.js";
import { initHistograms } from "../../src/metrics/histogram.js";
import type { ScenarioResult } from "../../src/metrics/types.js";
import { destroyResult } from "./plan.js";

/** Anything a test starts that must be shut down after it: the scripted test servers. */
export interface Closable {
  close(): Promise<void>;
}

/** What an engine test uses to start servers and runs that are cleaned up after it. */
export interface EngineHarness {
  /** Registers `server` to be closed after the current test, and returns it. */
  serve<S extends Closable>(server: S): S;
  /** `runScenario(plan, control)`, whose result's histograms are freed after the current test. */
  run(plan: ScenarioPlan, control?: RunControl): Promise<ScenarioResult>;
}

/**
 * Registers the engine tests' hooks in the calling file or `describe`: histograms are initialised
 * once, and after each test every server it served is closed and every result it ran is freed.
 * The hooks, not the test body, do this so a failed assertion leaks neither a listening port
 * (the next test's timing would share the loop with it) nor WebAssembly histogram memory.
 */
export function useEngineHarness(): EngineHarness {
  const servers: Closable[] = [];
  const results: ScenarioResult[] = [];
  beforeAll(() => initHistograms());
  afterEach(async () => {
    try {
      await Promise.all(servers.splice(0).map((server) => server.close()));
    } finally {
      for (const result of results.splice(0)) destroyResult(result);
    }
  });
  return {
    serve: (server) => {
      servers.push(server);
      return server;
    },
    run: async (plan, control) => {
      const result = await runScenario(plan, control);
      results.push(result);
      return result;
    },
  };
}
