/**
 * Rules that span several keys and so do not fit a per-field schema: a target must come from
 * somewhere and carry no credentials, scenario names are unique, a request has json or body but not both, a header
 * is not written twice in different cases, a scenario's duration and warm-up together fit the
 * engine's bound, and the stream rules of stream-checks.ts. They run on the raw data even when the schema
 * failed, so all problems are reported together.
 */
import { clipText } from "./clip-text.js";
import type { PathProblem } from "./issues.js";
import { LOAD_LIMITS } from "./limits.js";
import { asMap } from "./plain-map.js";
import { checkStreamRules } from "./stream-checks.js";
import { parseDurationMs } from "./units.js";
import { CREDENTIALS_FIX, hasUrlCredentials } from "./url-credentials.js";
import type { KeyPath } from "./yaml-source.js";

/** Cross-key problems in the interpolated budget data. `hasTargetOverride`: --target was given. */
export function checkBudgetRules(data: unknown, hasTargetOverride: boolean): PathProblem[] {
  const root = asMap(data);
  if (!root) return [];
  const problems: PathProblem[] = [];
  if (root.target === undefined && !hasTargetOverride) {
    problems.push({
      path: ["target"],
      anchor: "parent",
      message:
        'missing required key "target": expected the base URL of the API, like "http://127.0.0.1:8080" (or pass --target)',
    });
  }
  if (!hasTargetOverride && typeof root.target === "string" && hasUrlCredentials(root.target)) {
    // Never "got …": the value holds the password.
    problems.push({ path: ["target"], anchor: "value", message: CREDENTIALS_FIX });
  }
  problems.push(...checkHeaderCase(asMap(root.defaults)?.headers, ["defaults", "headers"]));
  const scenarios = Array.isArray(root.scenarios) ? root.scenarios : [];
  const firstIndexByName = new Map<string, number>();
  scenarios.forEach((item, i) => {
    const scenario = asMap(item);
    if (typeof scenario?.name === "string" && scenario.name !== "") {
      const first = firstIndexByName.get(scenario.name);
      if (first === undefined) firstIndexByName.set(scenario.name, i);
      else
        problems.push({
          path: ["scenarios", i, "name"],
          anchor: "value",
          message: `duplicate scenario name "${clipText(scenario.name)}" (also scenarios[${first}]): names must be unique`,
        });
    }
    const request = asMap(scenario?.request);
    if (request && request.json !== undefined && request.body !== undefined) {
      problems.push({
        path: ["scenarios", i, "request", "body"],
        anchor: "key",
        message: "use either json (sent as JSON) or body (sent as written), not both",
      });
    }
    problems.push(...checkHeaderCase(request?.headers, ["scenarios", i, "request", "headers"]));
    if (scenario) problems.push(...checkStreamRules(scenario, i));
    problems.push(...checkRunLength(asMap(scenario?.load), ["scenarios", i, "load"]));
  });
  return problems;
}

/** Header names are case-insensitive: `Authorization` and `authorization` would silently collide. */
function checkHeaderCase(headers: unknown, path: KeyPath): PathProblem[] {
  const seen = new Set<string>();
  const problems: PathProblem[] = [];
  for (const name of Object.keys(asMap(headers) ?? {})) {
    const lower = name.toLowerCase();
    if (seen.has(lower)) {
      problems.push({
        path: [...path, name],
        anchor: "key",
        message: `header "${clipText(lower)}" is written twice (header names are case-insensitive)`,
      });
    }
    seen.add(lower);
  }
  return problems;
}

/**
 * Duration and warm-up are each bounded by the schema; together they must fit the same bound (a
 * timer covers the whole run). Checked only when both are valid, so a bad one is reported once.
 */
function checkRunLength(load: Readonly<Record<string, unknown>> | undefined, path: KeyPath): PathProblem[] {
  const { duration, warmup } = load ?? {};
  if (typeof duration !== "string" || typeof warmup !== "string") return [];
  const durationMs = parseDurationMs(duration);
  const warmupMs = parseDurationMs(warmup);
  const { max, written, why } = LOAD_LIMITS.runMs;
  if (durationMs === undefined || warmupMs === undefined || durationMs > max || warmupMs > max) return [];
  if (durationMs + warmupMs <= max) return [];
  return [
    {
      path: [...path, "duration"],
      anchor: "value",
      message: `expected at most ${written} for duration and warmup together (${why}), got ${duration.trim()} + warmup ${warmup.trim()}`,
    },
  ];
}
