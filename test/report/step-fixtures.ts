import type { RequestSpec, Scenario, Step, Threshold } from "../../src/budget/types.js";
import type { CheckCount, ScenarioResult } from "../../src/metrics/types.js";
import { buildScenarioReport } from "../../src/report/build-report.js";
import type { MeasuredScenario } from "../../src/report/types.js";
import { makeResult, makeScenario, type ResultSpec, range } from "./fixtures.js";

/**
 * A two-step scenario (upload, then read the captured id) and engine results with KNOWN values:
 * - upload: 100 ok, latency 1..100 ms (p95 95), status 201 × 100;
 * - read: 98 ok, latency 2..196 ms step 2 (p95 188, the 94th of 98), 2 failed `capture_failed`;
 * - iterations (the scenario): 98 ok, latency 3..294 ms step 3 (p95 282), 2 failed;
 * - checks: upload_status 100 evaluated 0 failed, read_body 98 evaluated 3 failed, idle never evaluated.
 */

/** The scenario's url when its target is http://127.0.0.1:1. */
export const STEP_SCENARIO_URL = "http://127.0.0.1:1/items";

function request(method: string, path: string, extra: Partial<RequestSpec> = {}): RequestSpec {
  return { method, path, headers: {}, timeoutMs: 30_000, expectStatus: [], ...extra };
}

/** The budget's steps: upload (POST /items, unique prefix on) and read (GET /items/{{ vars.id }}). */
export function makeSteps(): Step[] {
  return [
    {
      name: "upload",
      request: request("POST", "/items", { uniquePrefix: true }),
      capture: [{ name: "id", from: { kind: "json", jsonPath: "$.id" }, line: 9 }],
      line: 7,
    },
    { name: "read", request: request("GET", "/items/{{ vars.id }}"), capture: [], line: 11 },
  ];
}

/** The multi-step scenario with a 120-row sequential data file, named "flow". */
export function makeStepScenario(thresholds: readonly Threshold[] = []): Scenario {
  const steps = makeSteps();
  const first = steps[0] as Step;
  return {
    ...makeScenario(thresholds),
    name: "flow",
    request: first.request,
    steps,
    data: {
      file: "queries.jsonl",
      format: "jsonl",
      order: "sequential",
      seed: 7,
      rows: range(1, 120).map((i) => ({ q: `q${i}` })),
      fields: ["q"],
    },
  };
}

/** The three checks' counts (see the file comment). */
export const STEP_CHECKS: readonly CheckCount[] = [
  { name: "upload_status", step: "upload", line: 10, source: "status: [201]", evaluated: 100, failed: 0 },
  { name: "read_body", step: "read", line: 13, source: "body: { contains: ok }", evaluated: 98, failed: 3 },
  { name: "idle", step: "read", line: 14, source: "status: [200]", evaluated: 0, failed: 0 },
];

/** How much slower every latency is (1 = the known values above). */
export interface StepResultOptions {
  readonly readScale?: number;
  readonly uploadScale?: number;
  readonly checks?: readonly CheckCount[];
}

/** The engine result of the two-step scenario (fresh histograms each call). */
export async function makeStepResult(options: StepResultOptions = {}): Promise<ScenarioResult> {
  const scale = (values: number[], k = 1) => values.map((v) => v * k);
  const upload: ResultSpec = { latencyMs: scale(range(1, 100), options.uploadScale), status: { "201": 100 } };
  const read: ResultSpec = {
    latencyMs: scale(range(2, 196, 2), options.readScale),
    failedMs: [0.5, 0.5],
    errors: { capture_failed: 2 },
    status: { "200": 98 },
    errorSamples: [
      { kind: "capture_failed", message: 'capture id: $.id found nothing in {"token":"s3cr3t-token"}' },
    ],
  };
  const iteration: ResultSpec = {
    latencyMs: range(3, 294, 3),
    failedMs: [50, 50],
    errors: { capture_failed: 2 },
    status: { "201": 100, "200": 98 },
  };
  const [scenario, up, rd] = await Promise.all([makeResult(iteration), makeResult(upload), makeResult(read)]);
  return { ...scenario, name: "flow", steps: [up, rd], checks: options.checks ?? STEP_CHECKS };
}

/** The measured block of the two-step scenario (its histograms destroyed once encoded). */
export async function makeStepReport(options: StepResultOptions = {}): Promise<MeasuredScenario> {
  return buildScenarioReport(await makeStepResult(options), makeStepScenario(), STEP_SCENARIO_URL);
}
