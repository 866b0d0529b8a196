/**
 * Every `{{ … }}` template of a scenario's requests compiles, and reads only what will exist:
 * `row.<field>` a field every row of the data file has, `vars.<name>` a capture of a step BEFORE
 * this one, `setup.<name>` a capture of the scenario's `setup:`. Problems point at the
 * expression itself (file:line:col inside the string) with a did-you-mean where one helps.
 */
import { rowMissingField } from "../data/fields.js";
import type { DataSet } from "../data/types.js";
import { compileJson } from "../template/compile-json.js";
import { compileString } from "../template/compile-string.js";
import type { Compiled, TemplateRef, TemplateRefs } from "../template/types.js";
import { clipText } from "./clip-text.js";
import { suggest } from "./did-you-mean.js";
import type { PathProblem } from "./issues.js";
import { asMap } from "./plain-map.js";
import type { KeyPath } from "./yaml-source.js";

/** One request of a scenario and what its templates may read. */
export interface RequestScope {
  readonly request: unknown;
  readonly path: KeyPath;
  /** Captures of the steps before this one; null: not a step after another (no `vars`). */
  readonly vars: readonly string[] | null;
  /** Captures of `setup:`; null: this is the setup request itself (no `setup.*`). */
  readonly setup: readonly string[] | null;
  /** The step's name, "setup", or null for a scenario's only request. */
  readonly stepName: string | null;
}

/** Compiles every template of every request in `scopes` and checks what each reads. */
export function checkTemplates(
  scopes: readonly RequestScope[],
  data: DataSet | undefined,
  hasData: boolean,
): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const scope of scopes) {
    const request = asMap(scope.request);
    if (!request) continue;
    for (const { compiled, path } of compileRequest(request, scope.path)) {
      for (const p of compiled.problems) {
        problems.push({ path: [...path, ...p.path], anchor: "value", offset: p.offset, message: p.message });
      }
      if (compiled.problems.length === 0)
        problems.push(...refProblems(compiled.refs, path, scope, data, hasData));
    }
    problems.push(...uniquePrefixProblems(request, scope.path));
  }
  return problems;
}

/** Compiles each templatable string of a request: path, header values, body, json. */
export function compileRequest(
  request: Record<string, unknown>,
  path: KeyPath,
): { readonly compiled: Compiled<unknown>; readonly path: KeyPath }[] {
  const out: { compiled: Compiled<unknown>; path: KeyPath }[] = [];
  if (typeof request.path === "string") {
    out.push({ compiled: compileString(request.path, { context: "path" }), path: [...path, "path"] });
  }
  for (const [name, value] of Object.entries(asMap(request.headers) ?? {})) {
    if (typeof value === "string") {
      out.push({ compiled: compileString(value, { context: "header" }), path: [...path, "headers", name] });
    }
  }
  if (typeof request.body === "string") {
    out.push({ compiled: compileString(request.body, { context: "body" }), path: [...path, "body"] });
  }
  if (request.json !== undefined) out.push({ compiled: compileJson(request.json), path: [...path, "json"] });
  return out;
}

function refProblems(
  refs: TemplateRefs,
  path: KeyPath,
  scope: RequestScope,
  data: DataSet | undefined,
  hasData: boolean,
): PathProblem[] {
  const at = (ref: TemplateRef, message: string): PathProblem => ({
    path: [...path, ...ref.path],
    anchor: "value",
    offset: ref.offset,
    message,
  });
  const problems: PathProblem[] = [];
  if (refs.usesRow && !hasData) {
    const first = refs.rowFields[0];
    const message =
      "row is read, but this scenario has no data file: add data: { file: rows.jsonl } to the scenario";
    problems.push(first ? at(first, message) : { path, anchor: "value", message });
  }
  if (data !== undefined) for (const ref of refs.rowFields) problems.push(...fieldProblem(ref, data, at));
  for (const ref of refs.vars) {
    if (scope.vars === null) {
      problems.push(
        at(
          ref,
          `vars.${clipText(ref.name)}: vars are captured by earlier steps (capture: under a step), and this request has no step before it`,
        ),
      );
    } else if (!scope.vars.includes(ref.name)) {
      const captured =
        scope.vars.length > 0
          ? `the steps before capture ${listed(scope.vars)}`
          : "no step before it captures anything";
      problems.push(
        at(
          ref,
          `vars.${clipText(ref.name)} is not captured by a step before "${scope.stepName}": ${captured}${hint(ref.name, scope.vars)}`,
        ),
      );
    }
  }
  for (const ref of refs.setup) {
    if (scope.setup === null) {
      problems.push(at(ref, `setup.${clipText(ref.name)}: the setup request cannot read its own captures`));
    } else if (!scope.setup.includes(ref.name)) {
      const captured =
        scope.setup.length > 0
          ? `setup captures ${listed(scope.setup)}`
          : "the scenario's setup: captures nothing";
      problems.push(
        at(
          ref,
          `setup.${clipText(ref.name)} is not captured by setup: ${captured}${hint(ref.name, scope.setup)}`,
        ),
      );
    }
  }
  return problems;
}

function fieldProblem(
  ref: TemplateRef,
  data: DataSet,
  at: (ref: TemplateRef, message: string) => PathProblem,
): PathProblem[] {
  if (data.fields.includes(ref.name)) return [];
  if (data.format === "txt") {
    return [
      at(
        ref,
        `row.${clipText(ref.name)}: the rows of ${data.file} are plain lines without fields: write {{ row }}`,
      ),
    ];
  }
  const missing = rowMissingField(data.rows, ref.name, data.lines);
  if (missing === undefined) return [];
  const everyRowLacks = data.rows.every((row) => asMap(row)?.[ref.name] === undefined);
  if (everyRowLacks) {
    const fields =
      data.fields.length > 0 ? `its fields are ${listed(data.fields)}` : "its rows share no field";
    return [
      at(
        ref,
        `row.${clipText(ref.name)}: no row of ${data.file} has a field "${clipText(ref.name)}"; ${fields}${hint(ref.name, data.fields)}`,
      ),
    ];
  }
  const line = missing.line === undefined ? "" : ` (line ${missing.line})`;
  return [
    at(
      ref,
      `row.${clipText(ref.name)}: row ${missing.index + 1} of ${data.file}${line} has no field "${clipText(ref.name)}": every row needs it`,
    ),
  ];
}

function hint(name: string, candidates: readonly string[]): string {
  const close = suggest(name, candidates);
  return close === undefined ? "" : ` (did you mean "${clipText(close)}"?)`;
}

/** Names listed in a message: the first `LISTED_NAMES`, each clipped, and how many more. */
const LISTED_NAMES = 20;

/**
 * `a, b, c` for a message. Names come from the budget or a data file's header, so a list of
 * them was unbounded: 5,000-character capture names (refused on their own) came back whole.
 */
function listed(names: readonly string[]): string {
  const shown = names.slice(0, LISTED_NAMES).map((name) => clipText(name));
  const more = names.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

/** `unique_prefix: true` needs a streamed request with a chat `messages` list or a `prompt`. */
function uniquePrefixProblems(request: Record<string, unknown>, path: KeyPath): PathProblem[] {
  if (request.unique_prefix !== true) return [];
  const json = asMap(request.json);
  const where = { path: [...path, "unique_prefix"], anchor: "key" as const };
  if (request.stream === undefined) {
    return [
      {
        ...where,
        message:
          "unique_prefix needs a streamed request (stream: openai or sse): it busts an LLM server's prompt cache",
      },
    ];
  }
  if (json === undefined || (json.messages === undefined && json.prompt === undefined)) {
    return [
      {
        ...where,
        message: "unique_prefix needs a json: body with messages (chat) or prompt (completions) to prefix",
      },
    ];
  }
  return [];
}
