/**
 * Metric names that point inside a scenario — `steps.<step>.<metric>`, `iteration.<stat>`,
 * `checks.<check>.pass_rate` — in `thresholds:`, `regression:` and `creep:`. Which exist depends
 * on the scenario (its steps and checks), so the catalogue-keyed schemas cannot list them: they
 * are set aside before the schema runs (`withoutScopedMetrics`), checked here against the
 * scenario once it validated, and parsed with the schema of the metric they name.
 */
import type * as z from "zod";
import type { MetricDef } from "../metrics/catalogue.js";
import { CHECK_PREFIX, ITERATION_PREFIX, STAGE_PREFIX, STEP_PREFIX } from "../metrics/metric-scope.js";
import { findScenarioMetric, type MetricScopeInfo } from "../metrics/scenario-metrics.js";
import { buildChecks } from "./checks-schema.js";
import { type PathProblem, problemsFromIssues } from "./issues.js";
import { asMap, type PlainMap } from "./plain-map.js";
import { type ParsedRegression, REGRESSION_METRICS, ruleSchema } from "./regression-schema.js";
import type { BudgetInput } from "./schema.js";
import { type ParsedLimit, thresholdValueSchema } from "./thresholds-schema.js";
import { readsUsage, scenarioNamesTokenMetric } from "./usage-read.js";
import type { KeyPath, YamlSource } from "./yaml-source.js";

/** The maps whose keys are metric names. */
const METRIC_MAPS = ["thresholds", "regression", "creep"] as const;
type MetricMap = (typeof METRIC_MAPS)[number];

/** True for a name that points inside the scenario (a step, the iterations, a check). */
export function isScopedMetric(name: string): boolean {
  return (
    name.startsWith(STEP_PREFIX) ||
    name.startsWith(ITERATION_PREFIX) ||
    name.startsWith(CHECK_PREFIX) ||
    name.startsWith(STAGE_PREFIX)
  );
}

/** `data` without the scoped keys of each scenario's metric maps (a copy; `data` is untouched). */
export function withoutScopedMetrics(data: unknown): unknown {
  const root = asMap(data);
  if (!root || !Array.isArray(root.scenarios)) return data;
  const scenarios = root.scenarios.map((raw) => {
    const scenario = asMap(raw);
    if (!scenario) return raw;
    const out: Record<string, unknown> = { ...scenario };
    for (const key of METRIC_MAPS) {
      const map = asMap(scenario[key]);
      if (map) out[key] = Object.fromEntries(Object.entries(map).filter(([name]) => !isScopedMetric(name)));
    }
    return out;
  });
  return { ...root, scenarios };
}

type ScenarioInput = BudgetInput["scenarios"][number];

/** What the scoped names of scenario `index` may point at. */
export function scopeOf(scenario: ScenarioInput, index: number, source: YamlSource): MetricScopeInfo {
  const at: KeyPath = ["scenarios", index];
  const checks = scenario.steps
    ? scenario.steps.flatMap((step, j) =>
        buildChecks(step.request.checks ?? [], [...at, "steps", j, "request", "checks"], source).map(
          (c) => `${step.name}.${c.name}`,
        ),
      )
    : buildChecks(scenario.request?.checks ?? [], [...at, "request", "checks"], source).map((c) => c.name);
  const names = scenarioNamesTokenMetric(scenario as PlainMap);
  return {
    steps: (scenario.steps ?? []).map((s) => ({
      name: s.name,
      streamed: s.request.stream !== undefined,
      tokens: readsUsage(s.request as PlainMap, false),
    })),
    checks,
    streamed: scenario.steps === undefined && scenario.request?.stream !== undefined,
    tokens: scenario.steps === undefined && readsUsage(scenario.request as PlainMap | undefined, names),
    slo: scenario.slo !== undefined,
    multiStep: scenario.steps !== undefined,
    stages: (scenario.load?.stages ?? []).map((s, j) => s.name ?? `stage${j + 1}`),
    capacity: scenario.load?.capacity !== undefined,
  };
}

/** Each scoped key of `map` in scenario `raw` (interpolated data), with its value as written. */
function scopedEntries(raw: unknown, map: MetricMap): [string, unknown][] {
  return Object.entries(asMap(asMap(raw)?.[map]) ?? {}).filter(([name]) => isScopedMetric(name));
}

function schemaFor(map: MetricMap, def: MetricDef): z.ZodType<ParsedLimit> | z.ZodType<ParsedRegression> {
  return map === "thresholds" ? thresholdValueSchema(def) : ruleSchema(def);
}

/**
 * Problems of every scoped metric name and its limit or tolerance, for a budget whose schema
 * passed (`input`); `data` is the interpolated data the keys were set aside from.
 */
export function checkScopedMetrics(input: BudgetInput, data: unknown, source: YamlSource): PathProblem[] {
  const raws = asMap(data)?.scenarios;
  if (!Array.isArray(raws)) return [];
  const problems: PathProblem[] = [];
  input.scenarios.forEach((scenario, i) => {
    const scope = scopeOf(scenario, i, source);
    for (const map of METRIC_MAPS) {
      for (const [name, value] of scopedEntries(raws[i], map)) {
        const path: KeyPath = ["scenarios", i, map, name];
        const def = findScenarioMetric(name, scope, map === "thresholds" ? undefined : REGRESSION_METRICS);
        if ("problem" in def) {
          problems.push({ path, anchor: "key", message: def.problem });
          continue;
        }
        const schema = schemaFor(map, def);
        const parsed = schema.safeParse(value);
        if (!parsed.success) {
          // Read like the catalogue's own keys: a union's matching form gives the precise problem
          // (`{ limit, abort: true }` on a metric that cannot abort), located inside the value.
          const inner = problemsFromIssues(parsed.error.issues, value, schema, [], 1)[0];
          if (inner !== undefined && inner.path.length > 0) {
            problems.push({ ...inner, path: [...path, ...inner.path] });
            continue;
          }
          const message = parsed.error.issues[0]?.message ?? "expected a limit";
          problems.push({ path, anchor: "value", message: `${message}, got ${JSON.stringify(value)}` });
        }
      }
    }
  });
  return problems;
}

/**
 * The scoped entries of scenario `index`'s `map`, parsed (the budget validated, so they parse):
 * merged with the schema's output by the builder, which orders them as written.
 */
export function parsedScopedEntries<T extends ParsedLimit | ParsedRegression>(
  input: BudgetInput,
  index: number,
  data: unknown,
  map: MetricMap,
  source: YamlSource,
): Record<string, T> {
  const scenario = input.scenarios[index];
  const raw = (asMap(data)?.scenarios as unknown[] | undefined)?.[index];
  if (scenario === undefined) return {};
  const scope = scopeOf(scenario, index, source);
  const out: Record<string, T> = {};
  for (const [name, value] of scopedEntries(raw, map)) {
    const def = findScenarioMetric(name, scope, map === "thresholds" ? undefined : REGRESSION_METRICS);
    if ("problem" in def) continue;
    const parsed = schemaFor(map, def).safeParse(value);
    if (parsed.success) out[name] = parsed.data as T;
  }
  return out;
}
