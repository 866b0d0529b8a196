import { compileJson } from "../template/compile-json.js";
import { compileString } from "../template/compile-string.js";
import type { StringTemplate } from "../template/types.js";
import type { RequestTemplate } from "./types.js";

/** What `buildRequestTemplate` reads of a validated request. */
export interface TemplatedParts {
  readonly path?: string | undefined;
  /** Lower-case header names to their values. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
  /** The json body as it will be sent (usage request already added). */
  readonly json?: unknown;
}

/**
 * The templates of a request, compiled once (validation already proved they compile), or
 * undefined when nothing in it has a `{{ … }}`: every request is then the same bytes.
 */
export function buildRequestTemplate(parts: TemplatedParts): RequestTemplate | undefined {
  const path =
    parts.path === undefined ? undefined : varying(compileString(parts.path, { context: "path" }).template);
  const headers: [string, StringTemplate][] = [];
  for (const [name, value] of Object.entries(parts.headers)) {
    const template = varying(compileString(value, { context: "header" }).template);
    if (template !== undefined) headers.push([name, template]);
  }
  const body =
    parts.body === undefined ? undefined : varying(compileString(parts.body, { context: "body" }).template);
  const compiledJson = parts.json === undefined ? undefined : compileJson(parts.json).template;
  const json = compiledJson === undefined || compiledJson.constant ? undefined : compiledJson;
  if (path === undefined && headers.length === 0 && body === undefined && json === undefined)
    return undefined;
  return {
    ...(path === undefined ? {} : { path }),
    headers,
    ...(body === undefined ? {} : { body }),
    ...(json === undefined ? {} : { json }),
  };
}

function varying(template: StringTemplate): StringTemplate | undefined {
  return template.constant ? undefined : template;
}
