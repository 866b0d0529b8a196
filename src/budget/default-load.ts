/**
 * `defaults.load`: the load of every scenario that has no `load:` of its own, used whole (a
 * scenario's own `load:` replaces it, never merges with it: a rate from one and connections from
 * the other would be a load nobody wrote). Filled in before validation, so every rule that reads a
 * scenario's load sees it; problems inside a borrowed load are reported at `defaults.load`, where
 * the user wrote it, naming the scenarios that borrowed it.
 */
import type { PathProblem } from "./issues.js";

/** The budget data with borrowed loads filled in, and which scenarios borrowed. */
export interface DefaultLoad {
  readonly data: unknown;
  /** The scenarios whose load is `defaults.load`: index → name (`scenarios[i]` when it has none). */
  readonly borrowed: ReadonlyMap<number, string>;
  /** Scenarios with no load when there is no `defaults.load` either. */
  readonly problems: readonly PathProblem[];
}

const NO_LOAD =
  "missing required key load: add load: to this scenario (e.g. load: { rate: 10, duration: 30s }), or defaults.load for every scenario without one";

/** Fills each scenario without `load:` with `defaults.load` (data as parsed, interpolated). */
export function withDefaultLoad(data: unknown): DefaultLoad {
  const root = asMap(data);
  const scenarios = root?.scenarios;
  if (root === undefined || !Array.isArray(scenarios)) return { data, borrowed: new Map(), problems: [] };
  const fallback = asMap(root.defaults)?.load;
  const borrowed = new Map<number, string>();
  const problems: PathProblem[] = [];
  const filled = scenarios.map((scenario: unknown, i) => {
    const map = asMap(scenario);
    if (map === undefined || map.load !== undefined) return scenario;
    if (fallback === undefined) {
      problems.push({ path: ["scenarios", i], anchor: "key", message: NO_LOAD });
      return scenario;
    }
    borrowed.set(i, typeof map.name === "string" ? map.name : `scenarios[${i}]`);
    return { ...map, load: fallback };
  });
  return borrowed.size === 0
    ? { data, borrowed, problems }
    : { data: { ...root, scenarios: filled }, borrowed, problems };
}

/**
 * Problems inside a borrowed load, moved to `defaults.load` and prefixed with the scenarios that
 * borrowed it (`in scenario chat, which takes defaults.load: …`): the load is written once but
 * checked with each scenario, and some problems hold for one borrower only (a ttft objective for
 * a scenario that does not stream). One problem found in several borrowers is listed once, naming
 * them all. Other problems are unchanged, in their order.
 */
export function atDefaultLoad(
  problems: readonly PathProblem[],
  borrowed: ReadonlyMap<number, string>,
): PathProblem[] {
  const out: (PathProblem | { readonly moved: PathProblem; readonly names: string[] })[] = [];
  const byKey = new Map<string, { readonly moved: PathProblem; readonly names: string[] }>();
  for (const problem of problems) {
    const [first, index, key, ...rest] = problem.path;
    const name = first === "scenarios" && key === "load" ? borrowed.get(Number(index)) : undefined;
    // defaults.load is checked on its own too: the same problem found there joins its borrowers'.
    const own = first === "defaults" && index === "load";
    if (name === undefined && !own) {
      out.push(problem);
      continue;
    }
    const moved: PathProblem = own ? problem : { ...problem, path: ["defaults", "load", ...rest] };
    const id = JSON.stringify([moved.path, moved.anchor, moved.offset, moved.message]);
    const group = byKey.get(id) ?? { moved, names: [] };
    if (!byKey.has(id)) {
      byKey.set(id, group);
      out.push(group);
    }
    if (name !== undefined && !group.names.includes(name)) group.names.push(name);
  }
  return out.map((p) => {
    if (!("moved" in p)) return p;
    return p.names.length === 0
      ? p.moved
      : { ...p.moved, message: `${borrowersText(p.names)}: ${p.moved.message}` };
  });
}

/** Borrowers named at most. */
const NAMED = 3;

/** `in scenario chat, which takes defaults.load`, or `in scenarios a, b and c, which take defaults.load`. */
function borrowersText(names: readonly string[]): string {
  if (names.length === 1) return `in scenario ${names[0]}, which takes defaults.load`;
  const shown = names.slice(0, names.length > NAMED ? NAMED : names.length - 1);
  const last = names.length > NAMED ? `${names.length - NAMED} more` : names[names.length - 1];
  return `in scenarios ${shown.join(", ")} and ${last}, which take defaults.load`;
}

function asMap(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
