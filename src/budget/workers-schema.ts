/**
 * `load.workers: N | auto` (also under `defaults:`): how many worker threads run a scenario's
 * load, and the rule that a closed model cannot have more workers than connections (a worker
 * without a connection could send nothing).
 */
import * as z from "zod";
import { BUDGET_DEFAULTS } from "./budget-defaults.js";
import type { PathProblem } from "./issues.js";
import { asMap } from "./plain-map.js";
import type { WorkerCount } from "./types.js";
import type { KeyPath } from "./yaml-source.js";

/** Most worker threads a scenario may ask for: far more than any runner has cores. */
export const MAX_WORKERS = 64;

/** The error of a bad `workers` value (the issue mapper appends what was found). */
export const WORKERS_ERROR = `expected a whole number of worker threads from 1 to ${MAX_WORKERS}, or auto`;

/**
 * A worker count written as text (`--workers`, the action's `workers` input): `auto` or a whole
 * number in range, trimmed; null for anything else (the caller says where it was found).
 */
export function parseWorkerCount(value: string): WorkerCount | null {
  const text = value.trim();
  const count = text === "auto" ? text : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return isWorkerCount(count) ? count : null;
}

/** True for a value `workers` accepts (the CLI's `--workers` uses the same rule). */
export function isWorkerCount(value: unknown): value is WorkerCount {
  if (value === "auto") return true;
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MAX_WORKERS;
}

/** `workers: 4 | auto`, under a scenario's `load:` (wins) and under `defaults:`. */
export const workersSchema = z.custom<WorkerCount>(isWorkerCount, { error: WORKERS_ERROR }).meta({
  description:
    "Worker threads that run the scenario's load together (its connections split between them, each taking every Nth arrival of the one schedule); their histograms merge exactly. auto: the cores available, minus one when the target is on loopback (its server needs a core). 1: in the main thread. Not with capacity or baseline_target yet.",
  anyOf: [{ type: "integer", minimum: 1, maximum: MAX_WORKERS }, { const: "auto" }],
  default: BUDGET_DEFAULTS.workers,
});

/**
 * Closed model (no rate, no capacity search): `workers` (the scenario's, else `defaults.workers`)
 * must not exceed the connections (the largest stage loop count for a load shape). Located at the
 * key that set it.
 */
export function checkWorkersVsConnections(
  load: Readonly<Record<string, unknown>> | undefined,
  path: KeyPath,
  defaultWorkers: unknown,
): PathProblem[] {
  if (load === undefined || load.rate !== undefined || load.capacity !== undefined) return [];
  const own = load.workers !== undefined;
  const workers = own ? load.workers : defaultWorkers;
  if (typeof workers !== "number" || !isWorkerCount(workers)) return [];
  const stages = Array.isArray(load.stages) ? load.stages.map((s) => asMap(s)) : undefined;
  if (stages?.some((s) => s?.rate !== undefined)) return [];
  const loops =
    stages === undefined
      ? load.connections
      : Math.max(...stages.map((s) => (typeof s?.connections === "number" ? s.connections : 1)));
  const connections = loops ?? BUDGET_DEFAULTS.connections;
  if (typeof connections !== "number" || workers <= connections) return [];
  return [
    {
      path: own ? [...path, "workers"] : ["defaults", "workers"],
      anchor: "value",
      message: `${own ? "" : `scenarios[${String(path[1])}]: `}expected at most ${connections} workers (the closed model gives each worker at least one of its ${connections} connections), got ${workers}: lower workers or raise connections`,
    },
  ];
}
