/**
 * `defaults.load`: the load of every scenario that has no `load:` of its own, used whole (a
 * scenario's own `load:` replaces it, never merges with it: a rate from one and connections from
 * the other would be a load nobody wrote). Filled in before validation, so every rule that reads a
 * scenario's load sees it; problems inside a borrowed load are reported at `defaults.load`, where
 * the user wrote it.
 */
import type { PathProblem } from "./issues.js";
import type { KeyPath } from "./yaml-source.js";

/** The budget data with borrowed loads filled in, and which scenarios borrowed. */
export interface DefaultLoad {
  readonly data: unknown;
  /** Indices of the scenarios whose load is `defaults.load`. */
  readonly borrowed: ReadonlySet<number>;
  /** Scenarios with no load when there is no `defaults.load` either. */
  readonly problems: readonly PathProblem[];
}

const NO_LOAD =
  "missing required key load: add load: to this scenario (e.g. load: { rate: 10, duration: 30s }), or defaults.load for every scenario without one";

/** Fills each scenario without `load:` with `defaults.load` (data as parsed, interpolated). */
export function withDefaultLoad(data: unknown): DefaultLoad {
  const root = asMap(data);
  const scenarios = root?.scenarios;
  if (root === undefined || !Array.isArray(scenarios)) return { data, borrowed: new Set(), problems: [] };
  const fallback = asMap(root.defaults)?.load;
  const borrowed = new Set<number>();
  const problems: PathProblem[] = [];
  const filled = scenarios.map((scenario: unknown, i) => {
    const map = asMap(scenario);
    if (map === undefined || map.load !== undefined) return scenario;
    if (fallback === undefined) {
      problems.push({ path: ["scenarios", i], anchor: "key", message: NO_LOAD });
      return scenario;
    }
    borrowed.add(i);
    return { ...map, load: fallback };
  });
  return borrowed.size === 0
    ? { data, borrowed, problems }
    : { data: { ...root, scenarios: filled }, borrowed, problems };
}

/** A problem inside a borrowed load, moved to `defaults.load` (other problems are unchanged). */
export function atDefaultLoad(problem: PathProblem, borrowed: ReadonlySet<number>): PathProblem {
  const [first, index, key, ...rest] = problem.path;
  if (first !== "scenarios" || key !== "load" || !borrowed.has(Number(index))) return problem;
  const path: KeyPath = ["defaults", "load", ...rest];
  return { ...problem, path };
}

function asMap(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
