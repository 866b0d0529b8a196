/**
 * The built lib/'s `loadBudget` and `runBudget`, for tests of worker threads: a worker loads
 * JavaScript, so these tests run the build that the test run's global setup makes
 * (test/build-lib.ts) instead of the TypeScript sources.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as LoadBudgetModule from "../../src/budget/load-budget.js";
import type * as RunBudgetModule from "../../src/run-budget.js";

const ROOT = join(import.meta.dirname, "../..");

/** The URL of a module of the built lib/, e.g. `budget/load-budget.js`. */
export function builtModule(path: string): string {
  return pathToFileURL(join(ROOT, "lib", path)).href;
}

/** The two entry points a workers test drives. */
export interface BuiltLib {
  readonly loadBudget: typeof LoadBudgetModule.loadBudget;
  readonly runBudget: typeof RunBudgetModule.runBudget;
}

/** Imports `loadBudget` and `runBudget` from the built lib/. */
export async function importBuiltLib(): Promise<BuiltLib> {
  const { loadBudget } = (await import(builtModule("budget/load-budget.js"))) as typeof LoadBudgetModule;
  const { runBudget } = (await import(builtModule("run-budget.js"))) as typeof RunBudgetModule;
  return { loadBudget, runBudget };
}
