/**
 * `perf-gate demo`: start the built-in demo API, point the example budget at it and run it like
 * `perf-gate run` would. The example budget reads `${DEMO_TARGET}` (replaced by the demo's URL, as
 * `--target` would) and `${DEMO_API_KEY}` (a stand-in key when unset).
 */
import { isAbsolute, relative } from "node:path";
import { loadBudget } from "../budget/load-budget.js";
import { startDemoServer } from "../demo/demo-server.js";
import type { CliIo, RedactingOutput } from "./io.js";
import { packagePath } from "./package-files.js";
import type { DemoCommand } from "./parse-args.js";
import { executeBudget } from "./run-command.js";

/** The example budget, shipped in the package (resolved from the package, not the working directory). */
export const DEMO_BUDGET = "examples/perf-budget.yml";

/** Key sent to the demo API when DEMO_API_KEY is unset; the demo only checks that one is sent. */
const DEMO_API_KEY = "demo-key-not-secret";

/** Runs the demo and returns the gate's exit code. */
export async function demoCommand(command: DemoCommand, io: CliIo, out: RedactingOutput): Promise<number> {
  const server = await startDemoServer();
  try {
    // The demo's URL goes in as `--target` would, not as ${DEMO_TARGET}: every value read from the
    // environment is a secret, and a masked `***/api/items` would make the demo's report unreadable.
    // Only the loader sees this env; the user's process.env is left as it was.
    const { DEMO_TARGET: _replaced, ...userEnv } = io.env;
    const env = { ...userEnv, DEMO_API_KEY: io.env.DEMO_API_KEY || DEMO_API_KEY };
    const budget = await loadBudget(displayPath(packagePath(DEMO_BUDGET)), { env, target: server.url });
    if (!command.quiet) out.err(`demo API listening on ${server.url}, running ${DEMO_BUDGET}\n`);
    return await executeBudget(budget, command, io, out);
  } finally {
    await server.close();
  }
}

/** The budget's path as messages show it: relative when under the working directory (`npm start`). */
function displayPath(absolute: string): string {
  const rel = relative(process.cwd(), absolute);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? absolute : rel;
}
