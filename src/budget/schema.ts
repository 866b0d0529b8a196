/**
 * The budget file (version 1) as one zod schema. It is the single source of truth: the validator
 * runs it, and `budgetJsonSchema` exports it for editors. Every check carries our own message,
 * worded "expected …" so the issue mapper can append what was found; defaults live in
 * `BUDGET_DEFAULTS` and are applied when the typed `Budget` is built.
 */
import * as z from "zod";
import { BUDGET_DEFAULTS } from "./budget-defaults.js";
import { captureSchema } from "./capture-schema.js";
import { checksSchema } from "./checks-schema.js";
import { durationMsSchema as durationMs } from "./duration-schema.js";
import { LOAD_LIMITS } from "./limits.js";
import { loadSchema, PART_NAME_RE, roundSchema, untrustedSchema } from "./load-schema.js";
import { creepSchema, regressionSchema } from "./regression-schema.js";
import { sloSchema } from "./slo-schema.js";
import { streamRequestKeys } from "./stream-schema.js";
import { thresholdsSchema } from "./thresholds-schema.js";
import { transportKeys } from "./transport-schema.js";
import { workersSchema } from "./workers-schema.js";

export { BUDGET_DEFAULTS } from "./budget-defaults.js";

/** Methods a scenario may send, as stored (upper-case). */
export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

// Methods are case-insensitive; JSON Schema patterns have no flags, so spell both cases out.
const METHOD_RE = new RegExp(
  `^(?:${HTTP_METHODS.map((m) => [...m].map((c) => `[${c}${c.toLowerCase()}]`).join("")).join("|")})$`,
);
// RFC 9110 token characters: anything else makes undici throw mid-run.
const HEADER_NAME_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// What undici sends (RFC 9110 field-value: visible ASCII, space, tab, obs-text 0x80-0xFF): anything
// else (a line break, a control character, `€`) makes undici refuse the request mid-run.
const HEADER_VALUE_RE = /^[\t\x20-\x7e\x80-\xff]*$/;

function wholeNumber(min: number, error: string) {
  return z.number({ error }).int({ error }).min(min, { error });
}

/** Names head every table, summary and PR comment (GitHub caps a comment at 65,536 characters). */
const SCENARIO_NAME_CHARS = 100;
// Control characters in a name would reach terminals (escape sequences) and markdown as they are.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const PRINTABLE_RE = /^[^\x00-\x1f\x7f-\x9f]*$/;

const headerNameError = "expected a header name (letters, digits and !#$%&'*+-.^_`|~)";
const headerValueError =
  "expected a header value: printable text without line breaks or control characters, each character at most U+00FF (encode others, e.g. percent-encode them)";
const headersSchema = z
  .record(
    z.string().regex(HEADER_NAME_RE, { error: headerNameError }),
    z.union([z.string().regex(HEADER_VALUE_RE, { error: headerValueError }), z.number(), z.boolean()], {
      error: headerValueError,
    }),
    { error: "expected a map of header names to values" },
  )
  .meta({ description: `Request headers; names are case-insensitive. Values may use \${VAR}.` });

/** Request timeouts: above 0, at most what the histograms track. */
const TIMEOUT = { positive: true, max: LOAD_LIMITS.timeoutMs } as const;

/**
 * A path starts with "/" and has no space, except inside `{{ … }}` templates (which are checked
 * on their own, see template-checks.ts).
 */
const PATH_RE = /^\/(?:\{\{[^}]*\}\}|\S)*$/;

const statusError = "expected a list of HTTP statuses from 100 to 599, like [200, 201]";

const requestSchema = z
  .strictObject(
    {
      method: z
        .string({ error: `expected one of ${HTTP_METHODS.join(", ")}` })
        .regex(METHOD_RE, { error: `expected one of ${HTTP_METHODS.join(", ")}` })
        .meta({ description: "HTTP method (case-insensitive).", default: BUDGET_DEFAULTS.method })
        .optional(),
      path: z
        .string({ error: 'expected a path starting with "/", like "/v1/items"' })
        .regex(PATH_RE, {
          error: 'expected a path starting with "/" and without spaces (outside {{ … }}), like "/v1/items"',
        })
        .meta({
          description: "Path and query, joined to the target. May hold {{ … }} templates.",
          default: BUDGET_DEFAULTS.path,
        })
        .optional(),
      headers: headersSchema.optional(),
      json: z
        .unknown()
        .meta({
          description: "Body sent as JSON (content-type: application/json unless set). Not with body.",
        })
        .optional(),
      body: z
        .string({ error: "expected the body as text (use json: for structured data)" })
        .meta({ description: "Raw request body. Not with json." })
        .optional(),
      timeout: durationMs("Per-request timeout; overrides defaults.timeout.", TIMEOUT).optional(),
      expect_status: z
        .array(wholeNumber(100, statusError).max(599, { error: statusError }), { error: statusError })
        .meta({ description: "Statuses that count as ok; default every 2xx and 3xx." })
        .optional(),
      ...streamRequestKeys,
      checks: checksSchema.optional(),
      unique_prefix: z
        .boolean({ error: "expected true or false" })
        .meta({
          description:
            "Streamed json bodies: prepend a short marker unique to the run and the request to the first user message (or the prompt), so no two requests share a cached prompt prefix (measures cold prefill).",
          default: false,
        })
        .optional(),
    },
    {
      error:
        "expected a map with method, path, headers, json or body, timeout, expect_status, stream, include_usage, usage, idle_timeout, sse, checks, unique_prefix",
    },
  )
  .meta({
    title: "Request",
    not: { required: ["json", "body"] },
    dependentRequired: { include_usage: ["stream"], idle_timeout: ["stream"], sse: ["stream"] },
  });

const stepNameError = "expected a step name of letters, digits, _ and - (at most 64), like upload";

const stepSchema = z
  .strictObject(
    {
      name: z.string({ error: stepNameError }).regex(PART_NAME_RE, { error: stepNameError }).meta({
        description: "Unique in the scenario; names the step's metrics (steps.<name>.latency.p95).",
      }),
      request: requestSchema,
      capture: captureSchema.optional(),
    },
    { error: "expected a step: a map with name, request, capture" },
  )
  .meta({ title: "Step" });

const setupSchema = z
  .strictObject(
    { request: requestSchema, capture: captureSchema.optional() },
    { error: "expected a map with request and capture" },
  )
  .meta({
    title: "Setup",
    description:
      "One request sent before the load, never measured (e.g. fetch a token); its captures are {{ setup.<name> }} in every request and are secrets. If it fails, the run stops.",
  });

const dataSchema = z
  .strictObject(
    {
      file: z
        .string({ error: "expected a file path relative to the budget, like prompts.jsonl" })
        .min(1, { error: "expected a file path relative to the budget, like prompts.jsonl" })
        .meta({
          description:
            "A .jsonl, .csv (header row), .txt (one value per line) or .json (a list) file, relative to the budget.",
        }),
      order: z
        .enum(["sequential", "shuffle"], { error: "expected sequential or shuffle" })
        .meta({ description: "How iterations walk the rows.", default: "sequential" })
        .optional(),
      seed: z
        .number({ error: "expected a whole number" })
        .int({ error: "expected a whole number" })
        .meta({ description: "Seed of the shuffle; default the scenario's load seed." })
        .optional(),
    },
    { error: "expected a map with file, order, seed" },
  )
  .meta({ title: "Data", description: "Rows for {{ row.<field> }}: one row per iteration." });

const scenarioSchema = z
  .strictObject(
    {
      name: z
        .string({ error: "expected a scenario name" })
        .min(1, { error: "expected a scenario name" })
        .max(SCENARIO_NAME_CHARS, {
          error: `expected a scenario name of at most ${SCENARIO_NAME_CHARS} characters`,
        })
        .regex(PRINTABLE_RE, { error: "expected a scenario name without control characters" })
        .meta({ description: "Unique name, used in the report." }),
      request: requestSchema.optional(),
      steps: z
        .array(stepSchema, { error: "expected a list of steps" })
        .min(1, { error: "expected a list of at least one step" })
        .meta({
          description: "Instead of request: the requests of one iteration, in order, on one connection.",
        })
        .optional(),
      setup: setupSchema.optional(),
      data: dataSchema.optional(),
      load: loadSchema
        .meta({
          description: "The load to send; absent: defaults.load. Required when there is no defaults.load.",
        })
        .optional(),
      thresholds: thresholdsSchema.optional(),
      regression: regressionSchema.optional(),
      creep: creepSchema.optional(),
      slo: sloSchema.optional(),
      ...transportKeys,
    },
    {
      error:
        "expected a scenario: a map with name, request or steps, setup, data, load, thresholds, regression, creep, slo, tls, http2, proxy",
    },
  )
  .meta({ title: "Scenario", not: { required: ["request", "steps"] } });

const targetError =
  'expected an http:// or https:// URL without query or fragment, like "http://127.0.0.1:8080"';

/** True for an absolute http(s) URL with a host and no query or fragment (paths are appended). */
export function isBaseUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === "http:" || url.protocol === "https:") && url.host !== "" && !/[?#]/.test(text);
}

/** The whole budget file. Its output still needs defaults, merging and line numbers (build.ts). */
export const budgetSchema = z
  .strictObject(
    {
      version: z
        .literal(1, { error: "expected version: 1 (perf-gate understands version 1)" })
        .meta({ description: "Format version of this file." }),
      target: z
        .string({ error: targetError })
        .refine(isBaseUrl, { error: targetError })
        .meta({ description: "Base URL of the API, may end in a path prefix. --target overrides it." })
        .optional(),
      baseline_target: z
        .string({ error: targetError })
        .refine(isBaseUrl, { error: targetError })
        .meta({
          description:
            "Base URL of the baseline build (e.g. the base branch's build on another port). When set, every scenario runs against it and the target in interleaved rounds (A B B A …) and regressions are judged on the paired rounds. --baseline-target overrides it.",
        })
        .optional(),
      defaults: z
        .strictObject(
          {
            headers: headersSchema.optional(),
            timeout: durationMs("Per-request timeout.", {
              ...TIMEOUT,
              fallback: BUDGET_DEFAULTS.timeout,
            }).optional(),
            untrusted: untrustedSchema.optional(),
            round: roundSchema.optional(),
            workers: workersSchema.optional(),
            load: loadSchema
              .meta({
                description:
                  "The load of every scenario without a load: of its own, used whole (a scenario's load: replaces it, never merges with it).",
              })
              .optional(),
          },
          { error: "expected a map with headers, timeout, untrusted, round, workers, load" },
        )
        .meta({
          title: "Defaults",
          description:
            "Applied to every scenario: headers and timeout to its request, untrusted, round and workers to its load; load to a scenario without one.",
        })
        .optional(),
      scenarios: z
        .array(scenarioSchema, { error: "expected a list of scenarios" })
        .min(1, { error: "expected a list of at least one scenario" }),
      ...transportKeys,
    },
    { error: "expected a map with version, target, baseline_target, defaults, scenarios, tls, http2, proxy" },
  )
  .meta({
    title: "perf-gate budget",
    description: "Performance budget for perf-gate (version 1): what load to send and which limits to hold.",
  });

/** The validated file, before defaults are applied. */
export type BudgetInput = z.output<typeof budgetSchema>;
