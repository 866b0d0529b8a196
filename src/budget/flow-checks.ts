/**
 * Rules of per-request data and flows that span keys: a scenario has `request` or `steps`, step
 * names are unique, `slo` stays per request, every `{{ … }}` template compiles and reads only
 * what exists (a data file's field, a capture of an EARLIER step, a capture of `setup`),
 * `unique_prefix` has a streamed prompt to prefix, and data files are read and parsed (each
 * problem at its line in that file). Runs on the interpolated data even when the schema failed.
 */

import type { DataSet } from "../data/types.js";
import { loadDataSet } from "./data-load.js";
import type { PathProblem } from "./issues.js";
import { asMap } from "./plain-map.js";
import { checkTemplates, type RequestScope } from "./template-checks.js";
import type { KeyPath } from "./yaml-source.js";

/** Reads a data file named in the budget (relative to the budget's folder); throws when it cannot. */
export type ReadDataFile = (file: string) => string;

/** What the flow rules found: their problems, and each scenario's data set (by index) once read. */
export interface FlowChecks {
  readonly problems: PathProblem[];
  readonly data: ReadonlyMap<number, DataSet>;
}

/** The flow rules of every scenario of the interpolated budget `data`. */
export function checkFlows(data: unknown, readData: ReadDataFile | undefined): FlowChecks {
  const problems: PathProblem[] = [];
  const sets = new Map<number, DataSet>();
  const scenarios = asMap(data)?.scenarios;
  if (!Array.isArray(scenarios)) return { problems, data: sets };
  scenarios.forEach((raw, i) => {
    const scenario = asMap(raw);
    if (!scenario) return;
    const at: KeyPath = ["scenarios", i];
    problems.push(...shapeProblems(scenario, at));
    const set = loadDataSet(scenario, at, readData, problems);
    if (set !== undefined) sets.set(i, set);
    problems.push(...checkTemplates(requestScopes(scenario, at), set, scenario.data !== undefined));
    problems.push(...defaultHeaderProblems(data, scenario, set));
  });
  return { problems: unique(problems), data: sets };
}

/**
 * `defaults.headers` are merged into every request of every scenario, templates included, so
 * they are checked against each scenario (its data file, its setup captures); the same problem
 * found for several scenarios is listed once. They were not checked at all: `{{ nope }}` was
 * sent as it is written.
 */
function defaultHeaderProblems(
  data: unknown,
  scenario: Record<string, unknown>,
  set: DataSet | undefined,
): PathProblem[] {
  const headers = asMap(asMap(asMap(data)?.defaults)?.headers);
  if (!headers) return [];
  const scope: RequestScope = {
    request: { headers },
    path: ["defaults"],
    vars: null,
    setup: captureNames(asMap(scenario.setup)?.capture),
    stepName: null,
  };
  return checkTemplates([scope], set, scenario.data !== undefined);
}

function unique(problems: PathProblem[]): PathProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.path, p.offset, p.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `request` xor `steps`, unique step names, no `slo` on a flow. */
function shapeProblems(scenario: Record<string, unknown>, at: KeyPath): PathProblem[] {
  const problems: PathProblem[] = [];
  const steps = Array.isArray(scenario.steps) ? scenario.steps : undefined;
  if (steps === undefined) return problems;
  if (scenario.request !== undefined) {
    problems.push({
      path: [...at, "steps"],
      anchor: "key",
      message:
        "a scenario has request or steps, not both: put the request in the steps list as its first step",
    });
  }
  if (scenario.slo !== undefined) {
    problems.push({
      path: [...at, "slo"],
      anchor: "key",
      message:
        "slo is per request and a scenario with steps has iterations: gate the steps instead (thresholds: steps.<step>.latency.p95: …)",
    });
  }
  const seen = new Map<string, number>();
  steps.forEach((step, j) => {
    const name = asMap(step)?.name;
    if (typeof name !== "string") return;
    const first = seen.get(name);
    if (first === undefined) seen.set(name, j);
    else
      problems.push({
        path: [...at, "steps", j, "name"],
        anchor: "value",
        message: `duplicate step name "${name}" (also step ${first + 1}): step names must be unique in a scenario`,
      });
  });
  return problems;
}

/**
 * Every request of the scenario, in run order, with what its templates may read: `setup:` first
 * (no captures yet), then the request or each step (the captures of the steps before it).
 */
function requestScopes(scenario: Record<string, unknown>, at: KeyPath): RequestScope[] {
  const setup = asMap(scenario.setup);
  const setupNames = captureNames(setup?.capture);
  const scopes: RequestScope[] = [];
  if (setup?.request !== undefined) {
    scopes.push({
      request: setup.request,
      path: [...at, "setup", "request"],
      vars: null,
      setup: null,
      stepName: "setup",
    });
  }
  const steps = Array.isArray(scenario.steps) ? scenario.steps : undefined;
  if (steps === undefined) {
    if (scenario.request !== undefined) {
      scopes.push({
        request: scenario.request,
        path: [...at, "request"],
        vars: null,
        setup: setupNames,
        stepName: null,
      });
    }
    return scopes;
  }
  const captured: string[] = [];
  steps.forEach((raw, j) => {
    const step = asMap(raw);
    if (!step) return;
    const name = typeof step.name === "string" ? step.name : `${j + 1}`;
    scopes.push({
      request: step.request,
      path: [...at, "steps", j, "request"],
      vars: [...captured],
      setup: setupNames,
      stepName: name,
    });
    captured.push(...captureNames(step.capture));
  });
  return scopes;
}

function captureNames(capture: unknown): string[] {
  return Object.keys(asMap(capture) ?? {});
}
