/**
 * The budget pipeline: YAML (with positions) → version gate → `${VAR}` interpolation → schema and
 * cross-key rules → typed `Budget`. Every problem is collected and thrown together as one
 * `BudgetError`; secrets are redacted from every message before it leaves this module.
 */
import { BudgetError, type BudgetProblem, InputError } from "../errors.js";
import { type BudgetUse, unusedButNeededMessage, usedParts } from "./budget-use.js";
import { buildBudget } from "./build.js";
import { checkBudgetRules } from "./checks.js";
import { atDefaultLoad, withDefaultLoad } from "./default-load.js";
import { checkFlows, type ReadDataFile } from "./flow-checks.js";
import { type Interpolated, interpolateEnv } from "./interpolate.js";
import { describeFound, fallbackError, type PathProblem, problemsFromIssues } from "./issues.js";
import { budgetSchema, isBaseUrl } from "./schema.js";
import { checkScopedMetrics, withoutScopedMetrics } from "./scoped-metrics.js";
import { redactSecrets } from "./secrets.js";
import { shortSecretWarnings } from "./short-secrets.js";
import { checkTransport } from "./transport-checks.js";
import type { Budget } from "./types.js";
import { CREDENTIALS_FIX, hasUrlCredentials } from "./url-credentials.js";
import {
  formatPath,
  type KeyPath,
  locate,
  locateInString,
  parseYaml,
  type YamlSource,
} from "./yaml-source.js";

/** Where the budget came from and what it may read. */
export interface BudgetOptions {
  /** Environment for `${VAR}` (usually `process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--target`: replaces the file's target, which may then be absent or unresolvable. */
  readonly target?: string;
  /**
   * `--baseline-target` (the action's `baseline-target` input): the baseline build's base URL,
   * checked like `target`; becomes `Budget.baselineTarget` (side by side).
   */
  readonly baselineTarget?: string;
  /** The parts the caller will use: only their `${VAR}`s must be set. Default: everything. */
  readonly uses?: BudgetUse | undefined;
  /**
   * Reads a data file (`data.file`, a path relative to the budget's folder). Absent: a budget
   * with a data file is a budget error (it was not read from a file).
   */
  readonly readData?: ReadDataFile | undefined;
}

/**
 * Parses and validates a budget (version 1) into a typed `Budget`.
 * @param source the file's text
 * @param options.file the path as the user named it, used in every message
 * @throws BudgetError with every problem found, each at file:line:col, secrets redacted
 * @throws InputError when `options.target` or `options.baselineTarget` carries credentials (never echoed)
 */
export function parseBudget(source: string, options: BudgetOptions & { readonly file: string }): Budget {
  const { file } = options;
  if (options.target !== undefined && hasUrlCredentials(options.target)) {
    throw new InputError(`--target (the action's target input): ${CREDENTIALS_FIX}`);
  }
  if (options.baselineTarget !== undefined && hasUrlCredentials(options.baselineTarget)) {
    throw new InputError(`--baseline-target (the action's baseline-target input): ${CREDENTIALS_FIX}`);
  }
  const yaml = parseYaml(source);
  const raw = documentData(yaml, file);
  const nameOf = (name: unknown) => interpolateEnv(name, options.env).value;
  const interpolated = interpolateEnv(raw, options.env, usedParts(options.uses, raw, nameOf));
  // Scenarios without `load:` take `defaults.load` before anything reads their load.
  const defaultLoad = withDefaultLoad(withoutOverridden(interpolated.value, options));
  const data = defaultLoad.data;
  // Metric names inside a scenario (steps.*, iteration.*, checks.*) are checked once it validated.
  const result = budgetSchema.safeParse(withoutScopedMetrics(data), { error: fallbackError });
  const flows =
    options.uses === "regression" ? { problems: [], data: new Map() } : checkFlows(data, options.readData);
  const transport =
    options.uses === "regression"
      ? { problems: [], files: new Map() }
      : checkTransport(data, options.readData);
  const located = locateAll(
    yaml,
    file,
    atDefaultLoad(
      [
        ...defaultLoad.problems,
        ...collectProblems(
          { ...interpolated, value: withDefaultLoad(interpolated.value).data },
          result,
          options,
        ),
        ...flows.problems,
        ...transport.problems,
        ...(result.success ? checkScopedMetrics(result.data, data, yaml) : []),
      ],
      defaultLoad.borrowed,
    ).slice(0, LISTED + 1),
    interpolated.secrets,
  );
  if (options.target !== undefined && !isBaseUrl(options.target)) {
    const found = describeFound(options.target, interpolated.secrets);
    const message = `--target: expected an http:// or https:// URL like "http://127.0.0.1:8080", got ${found}`;
    located.unshift({ file, line: 1, col: 1, path: "", message });
  }
  if (options.baselineTarget !== undefined && !isBaseUrl(options.baselineTarget)) {
    const found = describeFound(options.baselineTarget, interpolated.secrets);
    const message = `--baseline-target: expected an http:// or https:// URL like "http://127.0.0.1:8081", got ${found}`;
    located.unshift({ file, line: 1, col: 1, path: "", message });
  }
  if (located.length > 0) throw new BudgetError(located);
  // Unreachable unless a schema issue was filtered out without a problem of its own.
  if (!result.success)
    throw new BudgetError([{ file, line: 1, col: 1, path: "", message: "invalid budget" }]);
  const budget = buildBudget(result.data, {
    file,
    source: yaml,
    secrets: interpolated.secrets,
    target: options.target,
    baselineTarget: options.baselineTarget,
    data: flows.data,
    raw: data,
    tlsFiles: transport.files,
    env: options.env,
    borrowedLoad: defaultLoad.borrowed,
  });
  const warnings = shortSecretWarnings(interpolated.secretNames);
  return warnings.length === 0 ? budget : { ...budget, warnings };
}

/**
 * The document as plain data. Syntax errors, an empty file and a foreign version stop here: past
 * them, every other message would be noise.
 */
function documentData(yaml: YamlSource, file: string): unknown {
  const at = (line: number, col: number, message: string): BudgetProblem => ({
    file,
    line,
    col,
    path: "",
    message,
  });
  if (yaml.syntaxErrors.length > 0) {
    throw new BudgetError(yaml.syntaxErrors.map((e) => at(e.line, e.col, e.message)));
  }
  let raw: unknown;
  try {
    raw = yaml.doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // toJS throws on an alias bomb ("excessive alias count").
    throw new BudgetError([at(1, 1, `YAML error: ${(error as Error).message}`)]);
  }
  if (raw === null || raw === undefined) {
    throw new BudgetError([
      at(1, 1, `the budget file is empty: expected a map starting with "version: 1"${EXAMPLE}`),
    ]);
  }
  const versionProblem = checkVersion(raw);
  if (versionProblem) throw new BudgetError(locateAll(yaml, file, [versionProblem], []));
  return raw;
}

/** The file's target is not used with --target (which replaces it) nor for regression rules only. */
function targetUnused(options: BudgetOptions): boolean {
  return options.target !== undefined || options.uses === "regression";
}

/** The file's baseline_target is not used with --baseline-target nor for regression rules only. */
function baselineTargetUnused(options: BudgetOptions): boolean {
  return options.baselineTarget !== undefined || options.uses === "regression";
}

/** The file's targets that are never used: they are not validated either. */
function unusedTargets(options: BudgetOptions): KeyPath[] {
  return [
    ...(targetUnused(options) ? [["target"]] : []),
    ...(baselineTargetUnused(options) ? [["baseline_target"]] : []),
  ];
}

/** A target that is never used is not validated either. */
function withoutOverridden(data: unknown, options: BudgetOptions): unknown {
  const unused = unusedTargets(options).map((path) => String(path[0]));
  if (unused.length === 0 || data === null || typeof data !== "object" || Array.isArray(data)) return data;
  return Object.fromEntries(
    Object.entries(data as Record<string, unknown>).filter(([k]) => !unused.includes(k)),
  );
}

/** Interpolation, schema and cross-key problems, without echoes of a problem already reported. */
function collectProblems(
  interpolated: Interpolated,
  result: ReturnType<typeof budgetSchema.safeParse>,
  options: BudgetOptions,
): PathProblem[] {
  const hasOverride = targetUnused(options);
  // A target that is never used cannot be wrong.
  const unused = unusedTargets(options);
  const interpolation = interpolated.problems
    .filter((p) => !unused.some((path) => startsWith(p.path, path)))
    .map((p): PathProblem => ({ path: p.path, anchor: "value", message: p.message }));
  // A value with an unresolved ${VAR} already has its problem: no schema error on top of it.
  const reported = [...unused, ...interpolated.problems.map((p) => p.path)];
  const schema = result.success
    ? []
    : problemsFromIssues(
        result.error.issues,
        interpolated.value,
        budgetSchema,
        interpolated.secrets,
        LISTED + 1,
      )
        .filter((p) => !reported.some((path) => startsWith(p.path, path)))
        .map((p) => withUnresolvedCause(p, interpolated.unresolved));
  // Locating costs a walk of the document per problem: list a readable number, and say so.
  return [
    ...interpolation,
    ...schema,
    ...checkBudgetRules(interpolated.value, hasOverride, baselineTargetUnused(options)),
  ].slice(0, LISTED + 1);
}

/** A schema problem of a value whose `${VAR}` was left unset (not used) says that is why. */
function withUnresolvedCause(problem: PathProblem, unresolved: Interpolated["unresolved"]): PathProblem {
  const cause = unresolved.find((u) => startsWith(problem.path, u.path));
  return cause ? { ...problem, message: unusedButNeededMessage(cause.name) } : problem;
}

/** Where to look for a working budget, appended to "empty" and "cannot read" messages. */
export const EXAMPLE = " (see examples/perf-budget.yml)";

/** A file written for another format version is not checked further: its keys would all be noise. */
function checkVersion(raw: unknown): PathProblem | undefined {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const version = (raw as Record<string, unknown>).version;
  if (version === undefined || version === 1) return undefined;
  const message = `expected version: 1 (perf-gate understands version 1), got ${describeFound(version, [])}`;
  return { path: ["version"], anchor: "value", message };
}

function startsWith(path: KeyPath, prefix: KeyPath): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => String(seg) === String(path[i]));
}

/** Problems with file:line:col, redacted, de-duplicated and in file order. */
function locateAll(
  source: YamlSource,
  file: string,
  problems: readonly PathProblem[],
  secrets: readonly string[],
) {
  const seen = new Set<string>();
  const located: BudgetProblem[] = [];
  for (const p of problems) {
    const { line, col } =
      p.offset === undefined ? locate(source, p.path, p.anchor) : locateInString(source, p.path, p.offset);
    const problem = { file, line, col, path: formatPath(p.path), message: redactSecrets(p.message, secrets) };
    const key = `${line}:${col}:${problem.path}:${problem.message}`;
    if (!seen.has(key)) located.push(problem);
    seen.add(key);
  }
  located.sort((a, b) => a.line - b.line || a.col - b.col);
  if (located.length <= LISTED) return located;
  const more = `more problems follow: only the first ${LISTED} are listed; fix these and run again`;
  return [...located.slice(0, LISTED), { file, line: 1, col: 1, path: "", message: more }];
}

/** Problems listed at most; a hostile file can hold tens of thousands. */
export const LISTED = 100;
