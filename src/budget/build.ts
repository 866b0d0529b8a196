/**
 * Builds the typed `Budget` from validated input: applies `BUDGET_DEFAULTS`, merges default
 * headers under each scenario's own, serializes `json:` bodies and attaches source lines.
 * Runs only when validation found no problem, so it may rely on every invariant of the schema.
 */
import { isMap, isScalar } from "yaml";
import type { ParsedRegression } from "./regression-schema.js";
import { BUDGET_DEFAULTS, type BudgetInput } from "./schema.js";
import { buildStreamSpec, withUsageRequest } from "./stream-body.js";
import type { ParsedLimit } from "./thresholds-schema.js";
import type { Budget, RegressionRule, RequestSpec, Scenario, Slo, Threshold } from "./types.js";
import { parseDurationMs } from "./units.js";
import { locate, type YamlSource } from "./yaml-source.js";

type ScenarioInput = BudgetInput["scenarios"][number];
type Headers = Readonly<Record<string, string | number | boolean>> | undefined;

/** Everything `buildBudget` needs besides the validated input. */
export interface BuildContext {
  readonly file: string;
  readonly source: YamlSource;
  /** Values substituted from the environment. */
  readonly secrets: readonly string[];
  /** `--target`, which wins over the file's target. */
  readonly target?: string | undefined;
  /** `--baseline-target`, which wins over the file's `baseline_target`. */
  readonly baselineTarget?: string | undefined;
}

const DEFAULT_TIMEOUT_MS = parseDurationMs(BUDGET_DEFAULTS.timeout) ?? 30_000;
const DEFAULT_WARMUP_MS = parseDurationMs(BUDGET_DEFAULTS.warmup) ?? 0;

/** The typed budget. Threshold order is the order written in the file. */
export function buildBudget(input: BudgetInput, ctx: BuildContext): Budget {
  // Trailing slashes would double up when a scenario's path ("/v1/x") is appended.
  const target = (ctx.target ?? input.target ?? "").replace(/\/+$/, "");
  const baseline = (ctx.baselineTarget ?? input.baseline_target)?.replace(/\/+$/, "");
  const scenarios = input.scenarios.map((scenario, i) => buildScenario(scenario, i, input, ctx));
  return {
    version: 1,
    file: ctx.file,
    target,
    ...(baseline === undefined ? {} : { baselineTarget: baseline }),
    scenarios,
    secrets: secretForms(ctx.secrets, [target, ...(baseline === undefined ? [] : [baseline])]),
  };
}

function buildScenario(
  scenario: ScenarioInput,
  index: number,
  input: BudgetInput,
  ctx: BuildContext,
): Scenario {
  const load = scenario.load;
  const slo = buildSlo(scenario.slo, ["scenarios", index, "slo"], ctx.source);
  return {
    name: scenario.name,
    request: buildRequest(scenario, input),
    load: {
      connections: load.connections ?? BUDGET_DEFAULTS.connections,
      ...(load.rate === undefined ? {} : { ratePerSec: load.rate }),
      arrival: load.arrival ?? BUDGET_DEFAULTS.arrival,
      seed: load.seed ?? BUDGET_DEFAULTS.seed,
      durationMs: load.duration,
      warmupMs: load.warmup ?? DEFAULT_WARMUP_MS,
      untrusted: load.untrusted ?? input.defaults?.untrusted ?? BUDGET_DEFAULTS.untrusted,
      ...roundOf(load.round ?? input.defaults?.round),
    },
    thresholds: buildThresholds(scenario.thresholds, ["scenarios", index, "thresholds"], ctx.source),
    regression: buildRegression(scenario.regression, ["scenarios", index, "regression"], ctx.source),
    creep: buildRegression(scenario.creep, ["scenarios", index, "creep"], ctx.source),
    ...(slo === undefined ? {} : { slo }),
    line: locate(ctx.source, ["scenarios", index], "value").line,
  };
}

/** `roundMs` when the budget set a round (absent: `planRounds` picks its default). */
function roundOf(roundMs: number | undefined): { roundMs?: number } {
  return roundMs === undefined ? {} : { roundMs };
}

function buildRequest(scenario: ScenarioInput, input: BudgetInput): RequestSpec {
  const request = scenario.request ?? {};
  const headers = { ...lowerCaseNames(input.defaults?.headers), ...lowerCaseNames(request.headers) };
  const json =
    request.stream === "openai" ? withUsageRequest(request.json, request.include_usage) : request.json;
  let body = request.body;
  if (json !== undefined) {
    body = JSON.stringify(json);
    headers["content-type"] ??= "application/json";
  }
  const timeoutMs = request.timeout ?? input.defaults?.timeout ?? DEFAULT_TIMEOUT_MS;
  const stream = buildStreamSpec(request, json, timeoutMs);
  return {
    method: (request.method ?? BUDGET_DEFAULTS.method).toUpperCase(),
    path: request.path ?? BUDGET_DEFAULTS.path,
    headers,
    ...(body === undefined ? {} : { body }),
    timeoutMs,
    expectStatus: request.expect_status ?? [],
    ...(stream === undefined ? {} : { stream }),
  };
}

function buildSlo(slo: ScenarioInput["slo"], path: KeyPath, source: YamlSource): Slo | undefined {
  if (slo === undefined) return undefined;
  const objectives = { ttfbMs: slo.ttfb, ttftMs: slo.ttft, tpotMs: slo.tpot, latencyMs: slo.latency };
  const set = Object.entries(objectives).filter(([, ms]) => ms !== undefined);
  return { ...Object.fromEntries(set), line: locate(source, path, "key").line };
}

function lowerCaseNames(headers: Headers): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
}

type KeyPath = readonly (string | number)[];

/** Entries of a metric map in the order the user wrote them (the schema's output follows the catalogue). */
function inWrittenOrder<T>(
  map: Readonly<Record<string, T | undefined>> | undefined,
  path: KeyPath,
  source: YamlSource,
) {
  const written = source.doc.getIn(path, true);
  const order = isMap(written)
    ? written.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key))
    : [];
  return Object.entries(map ?? {})
    .filter((entry): entry is [string, T] => entry[1] !== undefined)
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
}

function buildThresholds(
  thresholds: Readonly<Record<string, ParsedLimit | undefined>> | undefined,
  path: KeyPath,
  source: YamlSource,
): Threshold[] {
  return inWrittenOrder(thresholds, path, source).map(([metric, parsed]) => ({
    metric,
    ...parsed,
    line: locate(source, [...path, metric], "key").line,
  }));
}

function buildRegression(
  rules: Readonly<Record<string, ParsedRegression | undefined>> | undefined,
  path: KeyPath,
  source: YamlSource,
): RegressionRule[] {
  return inWrittenOrder(rules, path, source).map(([metric, parsed]) => ({
    metric,
    ...parsed,
    line: locate(source, [...path, metric], "key").line,
  }));
}

/**
 * The secrets, plus the form one takes at the end of a target (or baseline target) whose trailing
 * slash was trimmed (its JSON-escaped and percent-encoded forms are covered by `redactSecrets`).
 */
function secretForms(secrets: readonly string[], targets: readonly string[]): string[] {
  const forms = new Set(secrets);
  for (const secret of secrets) {
    const trimmed = secret.replace(/\/+$/, "");
    if (trimmed !== secret && trimmed !== "" && targets.some((t) => t.endsWith(trimmed))) forms.add(trimmed);
  }
  return [...forms];
}
