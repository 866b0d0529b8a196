/**
 * Rules of `load.stages` that span keys: stages replace `rate` and `duration` (and exclude
 * `capacity`), every stage has exactly one of `rate` (open model) or `connections` (closed
 * model) and all stages the same one, names are unique, and the stages fit the engine's bound.
 */
import type { PathProblem } from "./issues.js";
import { LOAD_LIMITS } from "./limits.js";
import { asMap } from "./plain-map.js";
import { parseDurationMs } from "./units.js";
import type { KeyPath } from "./yaml-source.js";

/** The stage problems of one scenario's `load` (`path` is the load's key path). */
export function checkStages(
  load: Readonly<Record<string, unknown>> | undefined,
  path: KeyPath,
): PathProblem[] {
  const problems: PathProblem[] = [];
  const stages = load?.stages;
  // Without stages, `duration` is required by the schema (load-schema.ts).
  if (!Array.isArray(stages)) {
    // start_rate only shapes stages: with a fixed rate it would be silently ignored.
    if (load?.start_rate !== undefined) {
      problems.push({
        path: [...path, "start_rate"],
        anchor: "key",
        message:
          "start_rate is the rate the first of load.stages starts from: add stages, or remove start_rate",
      });
    }
    return problems;
  }
  for (const key of ["rate", "duration", "capacity"]) {
    if (load?.[key] !== undefined) {
      problems.push({
        path: [...path, key],
        anchor: "key",
        message: `stages set the ${key === "capacity" ? "load shape" : key} themselves: remove ${key}, or remove stages`,
      });
    }
  }
  const kinds = stages.map((s) => {
    const stage = asMap(s);
    if (stage?.rate !== undefined && stage.connections !== undefined) return "both";
    return stage?.rate !== undefined ? "rate" : stage?.connections !== undefined ? "connections" : "none";
  });
  const first = kinds.find((k) => k === "rate" || k === "connections");
  const seen = new Map<string, number>();
  let totalMs = 0;
  stages.forEach((raw, j) => {
    const stage = asMap(raw);
    const at: KeyPath = [...path, "stages", j];
    const kind = kinds[j] ?? "none";
    if (kind === "both" || kind === "none") {
      problems.push({
        path: at,
        anchor: "value",
        message: `expected a stage with either rate (open model) or connections (closed model), got ${kind === "both" ? "both" : "neither"}`,
      });
    } else if (first !== undefined && kind !== first) {
      problems.push({
        path: [...at, kind],
        anchor: "key",
        message: `expected ${first} like the first stage: all stages shape one model (rate: open, connections: closed)`,
      });
    }
    const name = typeof stage?.name === "string" ? stage.name : `stage${j + 1}`;
    const before = seen.get(name);
    if (before !== undefined) {
      problems.push({
        path: [...at, "name"],
        anchor: stage?.name === undefined ? "parent" : "value",
        message: `duplicate stage name "${name}" (also stage ${before + 1}): stage names must be unique`,
      });
    } else seen.set(name, j);
    if (typeof stage?.duration === "string") totalMs += parseDurationMs(stage.duration) ?? 0;
  });
  const rates = stages.map((s) => asMap(s)?.rate);
  if (
    first === "rate" &&
    rates.every((r) => r === 0) &&
    !(typeof load?.start_rate === "number" && load.start_rate > 0)
  ) {
    problems.push({
      path: [...path, "stages"],
      anchor: "key",
      message: "expected a stage with a rate above 0: a shape whose every rate is 0 sends nothing",
    });
  }
  if (first === "connections" && load?.connections !== undefined) {
    // The closed model's loop count is the shape's: a load-level count would be silently ignored.
    problems.push({
      path: [...path, "connections"],
      anchor: "key",
      message:
        "connections stages set the loop count themselves (each stage's connections, the highest is the pool): remove load.connections",
    });
  }
  if (first === "connections" && load?.start_rate !== undefined) {
    problems.push({
      path: [...path, "start_rate"],
      anchor: "key",
      message: "start_rate is for rate stages (open model)",
    });
  }
  if (totalMs > LOAD_LIMITS.runMs.max) {
    problems.push({
      path: [...path, "stages"],
      anchor: "key",
      message: "expected stages of at most 24h together (Node's timers and the per-second timeline)",
    });
  }
  return problems;
}
