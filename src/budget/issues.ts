/**
 * Turns zod issues into problems users can act on: "expected … , got …" with the found value
 * shown (and redacted), "unknown key … did you mean …", "missing required key …". Zod's own
 * wording never reaches the user: every schema check carries our message, and `fallbackError`
 * covers anything the schema forgot.
 */
import type * as z from "zod";
import { METRIC_CATALOGUE } from "../metrics/catalogue.js";
import { clipText } from "./clip-text.js";
import { suggest } from "./did-you-mean.js";
import { REGRESSION_METRICS, REGRESSION_NAMES_HINT } from "./regression-schema.js";
import { childOwning, keysAt } from "./schema-keys.js";
import { redactSecrets } from "./secrets.js";
import { METRIC_NAMES_HINT } from "./thresholds-schema.js";
import { withoutUrlCredentials } from "./url-credentials.js";
import type { Anchor, KeyPath } from "./yaml-source.js";

/** A problem located by key path; the caller turns it into file:line:col. */
export interface PathProblem {
  readonly path: KeyPath;
  readonly anchor: Anchor;
  readonly message: string;
  /** A problem inside a string (a template's expression): its character offset there. */
  readonly offset?: number;
}

type Issue = z.core.$ZodIssue;

/** Last resort wording for a check that has no message of its own; never zod's default text. */
export function fallbackError(issue: { code: string; expected?: unknown }): string {
  const expected = issue.code === "invalid_type" ? issue.expected : undefined;
  return `expected ${(typeof expected === "string" && KINDS[expected]) || "a valid value"}`;
}

/** Zod's type names in the user's words. */
const KINDS: Readonly<Record<string, string>> = {
  object: "a map",
  array: "a list",
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
};

/** The value at `path` in plain data, or undefined when the path does not exist. */
export function valueAt(data: unknown, path: KeyPath): unknown {
  let current: unknown = data;
  for (const seg of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[seg];
  }
  return current;
}

/**
 * How a found value is shown after "got": strings quoted (secrets and a URL's user:password@
 * redacted), containers by kind.
 */
export function describeFound(value: unknown, secrets: readonly string[]): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  if (typeof value === "object") return Object.keys(value).length === 0 ? "an empty map" : "a map";
  if (typeof value !== "string") return String(value);
  // Redact before quoting: JSON escaping could otherwise hide a secret from the redaction.
  const shown = redactSecrets(withoutUrlCredentials(value), secrets);
  return JSON.stringify(clipText(shown));
}

/**
 * Problems for the zod issues, in issue order, at most `max` of them (a hostile file can hold
 * tens of thousands, and each "did you mean" costs). `root` is the schema that produced them.
 */
export function problemsFromIssues(
  issues: readonly Issue[],
  data: unknown,
  root: z.ZodType,
  secrets: readonly string[],
  max = Number.POSITIVE_INFINITY,
): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const issue of issues) {
    if (problems.length >= max) break;
    const capped = issue.code === "unrecognized_keys" ? { ...issue, keys: issue.keys.slice(0, max) } : issue;
    problems.push(...problemsFromIssue(capped, data, root, secrets));
  }
  return problems.slice(0, max);
}

function problemsFromIssue(
  issue: Issue,
  data: unknown,
  root: z.ZodType,
  secrets: readonly string[],
): PathProblem[] {
  const path = issue.path.filter((seg): seg is string | number => typeof seg !== "symbol");
  if (issue.code === "invalid_union") {
    // A union of forms (`+15%` or `{ max, floor }`): when the value has the type of exactly one
    // form, that form's own problems are the precise ones (a bad floor, a missing max).
    const matched = issue.errors.filter((branch) => !isTypeMismatch(branch));
    if (matched.length === 1) {
      return (matched[0] ?? []).flatMap((inner) =>
        problemsFromIssue({ ...inner, path: [...issue.path, ...inner.path] } as Issue, data, root, secrets),
      );
    }
  }
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      path: [...path, key],
      anchor: "key",
      message: unknownKey(root, path, key),
    }));
  }
  if (issue.code === "invalid_key") {
    const inner = issue.issues[0]?.message ?? fallbackError(issue);
    return [{ path, anchor: "key", message: `${inner}, got ${describeFound(path.at(-1), secrets)}` }];
  }
  const found = valueAt(data, path);
  const expected = issue.message.startsWith("expected");
  if (found === undefined && path.length > 0) {
    const key = String(path.at(-1));
    return [
      {
        path,
        anchor: "parent",
        message: `missing required key "${key}"${expected ? `: ${issue.message}` : ""}`,
      },
    ];
  }
  const message = expected ? `${issue.message}, got ${describeFound(found, secrets)}` : issue.message;
  return [{ path, anchor: "value", message }];
}

/** True when a union branch failed only because the value is not of its type (a nested union's too). */
function isTypeMismatch(branch: readonly Issue[]): boolean {
  return branch.some(
    (inner) =>
      inner.path.length === 0 &&
      (inner.code === "invalid_type" ||
        (inner.code === "invalid_union" && inner.errors.every(isTypeMismatch))),
  );
}

const METRIC_NAMES = METRIC_CATALOGUE.map((m) => m.name);
const REGRESSION_NAMES = REGRESSION_METRICS.map((m) => m.name);

/** "Did you mean" among `names`; a bare statistic ("p95") most likely means the headline latency family. */
function unknownMetric(written: string, names: readonly string[], hint: string): string {
  const key = clipText(written);
  const guess = names.includes(`latency.${key}`) ? `latency.${key}` : suggest(key, names);
  return guess ? `unknown metric "${key}", did you mean "${guess}"?` : `unknown metric "${key}"; ${hint}`;
}

function unknownKey(root: z.ZodType, path: KeyPath, written: string): string {
  const key = clipText(written);
  if (path.at(-1) === "thresholds") return unknownMetric(key, METRIC_NAMES, METRIC_NAMES_HINT);
  const section = path.at(-1);
  // `creep:` takes exactly the metrics of `regression:` (one schema), so one wording serves both.
  if (section === "regression" || section === "creep") {
    if (/^(output|prompt)_tokens\./.test(key)) {
      return `${key} cannot have a ${section} rule: token counts describe the workload sent, not performance (use a threshold)`;
    }
    if (METRIC_NAMES.includes(key)) {
      return `${key} cannot have a ${section} rule: its change cannot be tested against noise (use a threshold); ${REGRESSION_NAMES_HINT}`;
    }
    return unknownMetric(key, REGRESSION_NAMES, REGRESSION_NAMES_HINT);
  }
  if (path.at(-2) === "regression" || path.at(-2) === "creep")
    return `unknown key "${key}" (expected max, floor)`;
  const known = keysAt(root, path);
  const guess = suggest(key, known);
  if (guess) return `unknown key "${key}", did you mean "${guess}"?`;
  const owner = childOwning(root, path, key);
  if (owner) return `unknown key "${key}" here, did you mean to put it under "${owner}:"?`;
  return `unknown key "${key}" (expected one of: ${known.join(", ")})`;
}
