/**
 * Builds the typed `Budget` from validated input: applies `BUDGET_DEFAULTS`, merges default
 * headers under each scenario's own, serializes `json:` bodies and attaches source lines.
 * Runs only when validation found no problem, so it may rely on every invariant of the schema.
 */
import { isMap, isScalar } from "yaml";
import type { DataSet } from "../data/types.js";
import { buildCaptures } from "./capture-schema.js";
import { buildChecks } from "./checks-schema.js";
import type { PlainMap } from "./plain-map.js";
import { displayProxy } from "./proxy-env.js";
import type { ParsedRegression } from "./regression-schema.js";
import { buildRequestTemplate } from "./request-template.js";
import { BUDGET_DEFAULTS, type BudgetInput } from "./schema.js";
import { parsedScopedEntries } from "./scoped-metrics.js";
import { buildStreamSpec, withUsageRequest } from "./stream-body.js";
import type { ParsedLimit } from "./thresholds-schema.js";
import { buildTransport, proxySecrets } from "./transport-build.js";
import type { TlsFiles } from "./transport-checks.js";
import type {
  Budget,
  LoadSpec,
  RegressionRule,
  RequestSpec,
  Scenario,
  SetupSpec,
  Slo,
  StageSpec,
  Step,
  Threshold,
  WorkerCount,
} from "./types.js";
import { parseDurationMs } from "./units.js";
import { readsUsage, scenarioNamesTokenMetric } from "./usage-read.js";
import { locate, type YamlSource } from "./yaml-source.js";

type ScenarioInput = BudgetInput["scenarios"][number];
type RequestInput = NonNullable<ScenarioInput["request"]>;
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
  /** Each scenario's data set (by index), read and parsed while validating. */
  readonly data?: ReadonlyMap<number, DataSet>;
  /** The interpolated data, scoped metric names included (`scoped-metrics.ts`). */
  readonly raw?: unknown;
  /** The `tls:` files read while validating (transport-checks.ts). */
  readonly tlsFiles?: TlsFiles;
  /** The environment the budget was read with: its proxy variables apply without a `proxy:` key. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Indices of the scenarios whose load is `defaults.load` (their load's lines are read there). */
  readonly borrowedLoad?: { has(index: number): boolean };
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
    secrets: secretForms(
      [
        ...ctx.secrets,
        ...proxySecrets([input.proxy, ...input.scenarios.map((s) => s.proxy)], ctx.env ?? {}),
        ...secretProxyHosts([input.proxy, ...input.scenarios.map((s) => s.proxy)], ctx.secrets),
      ],
      [target, ...(baseline === undefined ? [] : [baseline])],
    ),
  };
}

function buildScenario(
  scenario: ScenarioInput,
  index: number,
  input: BudgetInput,
  ctx: BuildContext,
): Scenario {
  // parseBudget filled a missing load from defaults.load, or refused the budget.
  const load = scenario.load ?? input.defaults?.load;
  if (load === undefined) throw new Error(`scenario ${scenario.name} has no load`);
  const slo = buildSlo(scenario.slo, ["scenarios", index, "slo"], ctx.source);
  const at: KeyPath = ["scenarios", index];
  // A borrowed load's keys are written once, under defaults.load: its lines are there.
  const loadAt: KeyPath = ctx.borrowedLoad?.has(index) ? ["defaults", "load"] : [...at, "load"];
  const steps = scenario.steps?.map((step, j): Step => {
    const path: KeyPath = [...at, "steps", j];
    return {
      name: step.name,
      request: buildRequest(step.request, input, [...path, "request"], ctx.source, step.name),
      capture: buildCaptures(step.capture ?? {}, [...path, "capture"], ctx.source),
      line: locate(ctx.source, path, "value").line,
    };
  });
  const setup = buildSetup(scenario.setup, input, [...at, "setup"], ctx.source);
  const data = ctx.data?.get(index);
  const request =
    steps?.[0]?.request ??
    buildRequest(scenario.request ?? {}, input, [...at, "request"], ctx.source, undefined, {
      namesTokens: scenarioNamesTokenMetric(scenario as PlainMap),
    });
  const transport = buildTransport(input, scenario, index, ctx.tlsFiles ?? new Map(), ctx.env ?? {});
  return {
    name: scenario.name,
    request,
    ...(steps === undefined ? {} : { steps }),
    ...(setup === undefined ? {} : { setup }),
    ...(data === undefined ? {} : { data }),
    load: {
      ...shapeOf(load),
      arrival: load.arrival ?? BUDGET_DEFAULTS.arrival,
      seed: load.seed ?? BUDGET_DEFAULTS.seed,
      warmupMs: load.warmup ?? DEFAULT_WARMUP_MS,
      untrusted: load.untrusted ?? input.defaults?.untrusted ?? BUDGET_DEFAULTS.untrusted,
      ...roundOf(load.round ?? input.defaults?.round),
      ...workersOf(load.workers ?? input.defaults?.workers),
      ...(load.capacity === undefined
        ? {}
        : {
            capacity: {
              fromRate: load.capacity.rate.from,
              toRate: load.capacity.rate.to,
              stepMs: load.capacity.step,
              slo: buildThresholds(load.capacity.slo, [...loadAt, "capacity", "slo"], ctx.source),
            },
          }),
    },
    thresholds: buildThresholds(
      {
        ...scenario.thresholds,
        ...parsedScopedEntries<ParsedLimit>(input, index, ctx.raw, "thresholds", ctx.source),
      },
      [...at, "thresholds"],
      ctx.source,
    ),
    regression: buildRegression(
      {
        ...scenario.regression,
        ...parsedScopedEntries<ParsedRegression>(input, index, ctx.raw, "regression", ctx.source),
      },
      [...at, "regression"],
      ctx.source,
    ),
    creep: buildRegression(
      {
        ...scenario.creep,
        ...parsedScopedEntries<ParsedRegression>(input, index, ctx.raw, "creep", ctx.source),
      },
      [...at, "creep"],
      ctx.source,
    ),
    ...(slo === undefined ? {} : { slo }),
    ...(transport === undefined ? {} : { transport }),
    line: locate(ctx.source, ["scenarios", index], "value").line,
  };
}

type LoadInput = NonNullable<ScenarioInput["load"]>;

/**
 * Connections, rate and duration, from `rate`/`duration` or from `stages` (the stages' sum; the
 * highest stage rate, or for closed-model stages the highest loop count).
 */
function shapeOf(
  load: LoadInput,
): Pick<LoadSpec, "connections" | "ratePerSec" | "durationMs" | "stages" | "startRatePerSec"> {
  const input = load.stages;
  if (input === undefined) {
    return {
      connections: load.connections ?? BUDGET_DEFAULTS.connections,
      ...(load.rate === undefined ? {} : { ratePerSec: load.rate }),
      // A capacity search measures each step for `step` (the schema requires duration otherwise).
      durationMs: load.capacity?.step ?? load.duration ?? 0,
    };
  }
  const stages: StageSpec[] = input.map((s, j) => ({
    name: s.name ?? `stage${j + 1}`,
    durationMs: s.duration,
    ...(s.rate === undefined ? {} : { ratePerSec: s.rate }),
    ...(s.connections === undefined ? {} : { connections: s.connections }),
  }));
  const durationMs = stages.reduce((sum, s) => sum + s.durationMs, 0);
  const open = stages.some((s) => s.ratePerSec !== undefined);
  if (open) {
    // Positive: a shape whose every rate is 0 is refused (stage-checks.ts).
    const peak = Math.max(load.start_rate ?? 0, ...stages.map((s) => s.ratePerSec ?? 0));
    return {
      connections: load.connections ?? BUDGET_DEFAULTS.connections,
      ratePerSec: peak,
      durationMs,
      stages,
      startRatePerSec: load.start_rate ?? 0,
    };
  }
  return { connections: Math.max(...stages.map((s) => s.connections ?? 1)), durationMs, stages };
}

/** `workers` when the budget set it (absent: 1, the main thread). */
function workersOf(workers: WorkerCount | undefined): { workers?: WorkerCount } {
  return workers === undefined ? {} : { workers };
}

/** `roundMs` when the budget set a round (absent: `planRounds` picks its default). */
function roundOf(roundMs: number | undefined): { roundMs?: number } {
  return roundMs === undefined ? {} : { roundMs };
}

function buildSetup(
  setup: ScenarioInput["setup"],
  input: BudgetInput,
  path: KeyPath,
  source: YamlSource,
): SetupSpec | undefined {
  if (setup === undefined) return undefined;
  return {
    request: buildRequest(setup.request, input, [...path, "request"], source, undefined, { setup: true }),
    capture: buildCaptures(setup.capture ?? {}, [...path, "capture"], source),
    line: locate(source, path, "key").line,
  };
}

/**
 * A request with the budget's defaults merged in. `step` names the step it belongs to: its
 * checks are then named `<step>.<check>`, unique in the scenario (`checks.upload.status.pass_rate`).
 * `usage.namesTokens`: its scenario names a token metric (it then reads a non-streamed body's
 * usage, see usage-read.ts); `usage.setup`: a setup request, never measured, never read for usage.
 */
function buildRequest(
  request: RequestInput,
  input: BudgetInput,
  path: KeyPath,
  source: YamlSource,
  step?: string,
  usage: { readonly namesTokens?: boolean; readonly setup?: boolean } = {},
): RequestSpec {
  const headers = { ...lowerCaseNames(input.defaults?.headers), ...lowerCaseNames(request.headers) };
  const json =
    request.stream === "openai" ? withUsageRequest(request.json, request.include_usage) : request.json;
  let body = request.body;
  if (json !== undefined) {
    body = JSON.stringify(json);
    headers["content-type"] ??= "application/json";
  }
  const timeoutMs = request.timeout ?? input.defaults?.timeout ?? DEFAULT_TIMEOUT_MS;
  const readsBody = usage.setup !== true && readsUsage(request as PlainMap, usage.namesTokens === true);
  const stream = buildStreamSpec(request, json, timeoutMs, readsBody);
  const requestPath = request.path ?? BUDGET_DEFAULTS.path;
  const template = buildRequestTemplate({
    path: requestPath,
    headers,
    ...(json === undefined ? { body } : { json }),
  });
  const checks = buildChecks(request.checks ?? [], [...path, "checks"], source).map((check) =>
    step === undefined ? check : { ...check, name: `${step}.${check.name}` },
  );
  return {
    method: (request.method ?? BUDGET_DEFAULTS.method).toUpperCase(),
    path: requestPath,
    headers,
    ...(body === undefined ? {} : { body }),
    timeoutMs,
    expectStatus: request.expect_status ?? [],
    ...(stream === undefined ? {} : { stream }),
    ...(template === undefined ? {} : { template }),
    ...(checks.length > 0 ? { checks } : {}),
    ...(request.unique_prefix === true ? { uniquePrefix: true } : {}),
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
 * The form a `proxy:` URL that holds a secret (`proxy: ${CORP_PROXY}`) is shown in (its scheme and
 * host, `displayProxy`): a secret too, since the whole URL came from the environment.
 */
function secretProxyHosts(proxies: readonly (string | undefined)[], secrets: readonly string[]): string[] {
  return proxies.flatMap((proxy) =>
    proxy === undefined || proxy === "none" || !URL.canParse(proxy) || !secrets.some((s) => proxy.includes(s))
      ? []
      : [displayProxy(proxy)],
  );
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
