/**
 * Rules that span several keys and so do not fit a per-field schema: a target must come from
 * somewhere and carry no credentials, scenario names are unique, a request has json or body but not both, a header
 * is not written twice in different cases, a scenario's duration and warm-up together fit the
 * engine's bound, and the stream rules of stream-checks.ts and capacity-checks.ts. They run on the raw data even when the schema
 * failed, so all problems are reported together.
 */
import { checkCapacityObjectives } from "./capacity-checks.js";
import { clipText } from "./clip-text.js";
import type { PathProblem } from "./issues.js";
import { LOAD_LIMITS, MIN_ROUND_MS } from "./limits.js";
import { asMap } from "./plain-map.js";
import { checkProxyAuthHeaders } from "./proxy-auth-header.js";
import { checkStages } from "./stage-checks.js";
import { checkStreamRules } from "./stream-checks.js";
import { parseDurationMs } from "./units.js";
import { CREDENTIALS_FIX, hasUrlCredentials } from "./url-credentials.js";
import { checkWorkersVsConnections } from "./workers-schema.js";
import type { KeyPath } from "./yaml-source.js";

/**
 * Cross-key problems in the interpolated budget data. `hasTargetOverride`: --target was given;
 * `hasBaselineOverride`: --baseline-target was given (the file's `baseline_target` is then unused).
 */
export function checkBudgetRules(
  data: unknown,
  hasTargetOverride: boolean,
  hasBaselineOverride = false,
): PathProblem[] {
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
  if (
    !hasBaselineOverride &&
    typeof root.baseline_target === "string" &&
    hasUrlCredentials(root.baseline_target)
  ) {
    problems.push({ path: ["baseline_target"], anchor: "value", message: CREDENTIALS_FIX });
  }
  const defaultRound = asMap(root.defaults)?.round;
  problems.push(...checkHeaderCase(asMap(root.defaults)?.headers, ["defaults", "headers"]));
  problems.push(...checkProxyAuthHeaders(root));
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
    if (scenario) problems.push(...checkStreamRules(scenario, i), ...checkCapacityObjectives(scenario, i));
    problems.push(...checkRunLength(asMap(scenario?.load), ["scenarios", i, "load"]));
    if (scenario?.load !== undefined)
      problems.push(...checkStages(asMap(scenario.load), ["scenarios", i, "load"]));
    problems.push(...checkRound(asMap(scenario?.load), ["scenarios", i, "load"], defaultRound));
    problems.push(...checkCapacityAbort(scenario, i));
    problems.push(
      ...checkWorkersVsConnections(
        asMap(scenario?.load),
        ["scenarios", i, "load"],
        asMap(root.defaults)?.workers,
      ),
    );
  });
  return problems;
}

/**
 * A capacity search runs many short steps and judges each on its objectives: nothing watches an
 * `abort: true` threshold there, so one would silently never stop anything. Refused instead.
 */
function checkCapacityAbort(
  scenario: Readonly<Record<string, unknown>> | undefined,
  i: number,
): PathProblem[] {
  if (asMap(scenario?.load)?.capacity === undefined) return [];
  return Object.entries(asMap(scenario?.thresholds) ?? {})
    .filter(([, value]) => asMap(value)?.abort === true)
    .map(([metric]) => ({
      path: ["scenarios", i, "thresholds", metric, "abort"],
      anchor: "key" as const,
      message:
        "abort is not watched in a capacity search (each step is judged on load.capacity.slo): remove abort, or put the limit in load.capacity.slo",
    }));
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

/**
 * `round` (the scenario's, else `defaults.round`) against the scenario's duration: at least
 * `MIN_ROUND_MS`, and at most half the duration, since each side needs at least 2 rounds for the
 * paired comparison. A bad `defaults.round` is reported at `defaults.round`, naming the scenario.
 * Checked only when both values parse (a malformed one has its own problem).
 */
function checkRound(
  load: Readonly<Record<string, unknown>> | undefined,
  path: KeyPath,
  defaultRound: unknown,
): PathProblem[] {
  const own = load?.round !== undefined;
  const round = own ? load?.round : defaultRound;
  if (typeof round !== "string") return [];
  const roundMs = parseDurationMs(round);
  if (roundMs === undefined || !(roundMs > 0)) return [];
  const at: KeyPath = own ? [...path, "round"] : ["defaults", "round"];
  const of = own ? "" : ` (scenarios[${String(path[1])}])`;
  if (roundMs < MIN_ROUND_MS) {
    const message = `expected a round of at least 1s${of} (each round opens new connections; a shorter one measures too few requests to compare), got ${round.trim()}`;
    return [{ path: at, anchor: "value", message }];
  }
  const duration = load?.duration;
  const durationMs = typeof duration === "string" ? parseDurationMs(duration) : undefined;
  if (durationMs === undefined || roundMs <= durationMs / 2) return [];
  const message = `expected a round of at most duration / 2${of}: a side needs at least 2 rounds (duration is ${String(duration).trim()}), got ${round.trim()}; shorten the round or lengthen the duration`;
  return [{ path: at, anchor: "value", message }];
}
