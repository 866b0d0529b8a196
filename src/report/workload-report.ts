/**
 * The report blocks of issue 11's workloads: per-step blocks of a multi-step scenario, response
 * checks with their pass rates, the data file and the unique prefix. Each step is measured by the
 * scenario's own code, so a step's p95 and the scenario's p95 mean the same thing.
 */
import type { Scenario, Step } from "../budget/types.js";
import type { CheckCount, ScenarioResult } from "../metrics/types.js";
import type { MeasuredScenario, ResponseCheckReport, StepReport } from "./types.js";

/** Builds a scenario's measured block from an engine result (build-report.ts's `measuredScenario`). */
export type MeasureBlock = (result: ScenarioResult, scenario: Scenario, url: string) => MeasuredScenario;

/** The scenario's request, url and checks as one step's: what `measuredScenario` reads of a step. */
function stepScenario(scenario: Scenario, step: Step): Scenario {
  const { slo: _slo, steps: _steps, ...rest } = scenario;
  return { ...rest, name: step.name, request: step.request };
}

/**
 * A step's url: the scenario's url with the first step's path replaced by this step's (the
 * scenario's url is the target joined with its first request's path). When the scenario's url
 * does not end with that path as written (a template the URL parser encoded), the step's path is
 * resolved against the url's origin instead.
 */
export function stepUrl(scenarioUrl: string, firstPath: string, stepPath: string): string {
  if (scenarioUrl.endsWith(firstPath))
    return scenarioUrl.slice(0, scenarioUrl.length - firstPath.length) + stepPath;
  if (!URL.canParse(scenarioUrl)) return stepPath;
  return new URL(scenarioUrl).origin + (stepPath.startsWith("/") ? stepPath : `/${stepPath}`);
}

/** The step blocks: each step's result measured like a scenario, minus what only the scenario has. */
function stepReports(
  results: readonly ScenarioResult[],
  scenario: Scenario,
  url: string,
  stepUrls: readonly string[] | undefined,
  measure: MeasureBlock,
): StepReport[] {
  const steps = scenario.steps ?? [];
  return results.map((result, i) => {
    const step = steps[i];
    if (step === undefined)
      throw new Error(`buildScenarioReport: result of step ${i + 1} has no step in the budget`);
    const at = stepUrls?.[i] ?? stepUrl(url, scenario.request.path, step.request.path);
    return partBlock(measure(result, stepScenario(scenario, step), at));
  });
}

/** A step's or a stage's block: the scenario block minus what only the scenario has. */
export function partBlock(measured: MeasuredScenario): StepReport {
  const { load: _l, bytes: _b, generator: _g, warmup_requests: _w, ...block } = measured;
  return block;
}

/**
 * A check's report: `pass_rate` = (evaluated − failed) / evaluated, and 1 when nothing was
 * evaluated (the report keeps a number there); the gate reads `evaluated` 0 as no data
 * (`checks.<name>.pass_rate` is then null, and a threshold on it fails).
 */
export function responseCheckReport(check: CheckCount): ResponseCheckReport {
  return {
    name: check.name,
    ...(check.step !== undefined ? { step: check.step } : {}),
    line: check.line,
    source: check.source,
    evaluated: check.evaluated,
    failed: check.failed,
    pass_rate: check.evaluated === 0 ? 1 : (check.evaluated - check.failed) / check.evaluated,
  };
}

/**
 * What multi-step scenarios, checks, data files and unique prefixes add to a scenario's block;
 * nothing otherwise (see `buildScenarioReport`). `measure` is the scenario block's own builder,
 * applied to each step's result. Reads the step results' histograms, never destroys them.
 */
export function workloadBlocks(
  result: ScenarioResult,
  scenario: Scenario,
  url: string,
  stepUrls: readonly string[] | undefined,
  measure: MeasureBlock,
): Partial<MeasuredScenario> {
  const data = scenario.data;
  return {
    ...(result.steps !== undefined
      ? { steps: stepReports(result.steps, scenario, url, stepUrls, measure) }
      : {}),
    ...(result.checks !== undefined && result.checks.length > 0
      ? { response_checks: result.checks.map(responseCheckReport) }
      : {}),
    ...(data !== undefined
      ? {
          data: {
            file: data.file,
            format: data.format,
            order: data.order,
            rows: data.rows.length,
            seed: data.seed,
          },
        }
      : {}),
    ...((scenario.steps ?? [scenario]).some((s) => s.request.uniquePrefix === true)
      ? { unique_prefix: true }
      : {}),
  };
}
