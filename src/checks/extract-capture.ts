/**
 * Captures (`capture:`), compiled once per run: the value a step's response provides to later
 * steps (`{{ vars.<name> }}`) or a setup response to every iteration (`{{ setup.<name> }}`).
 * A capture that finds nothing yields undefined; the engine counts that as `capture_failed`.
 */
import { jsonText, NOT_JSON, parseBodyJson } from "./body-json.js";
import { compileJsonPath, selectJson } from "./json-path.js";
import { compileRegex } from "./regex.js";
import type { CaptureFrom, CaptureSpec, ResponseView } from "./types.js";

/** A capture ready to run on every response of its step. */
export interface CompiledCapture {
  readonly spec: CaptureSpec;
  /** The capture reads the body (json, regex): the response must be buffered as text. */
  readonly needsBody: boolean;
  /** The capture reads a response header. */
  readonly needsHeaders: boolean;
  /**
   * The captured text, or undefined when the response does not have it. An empty string found
   * (`""`, an empty header, an empty group) is a value, not nothing.
   */
  extract(view: ResponseView): string | undefined;
}

type Extract = (view: ResponseView) => string | undefined;

/**
 * Compiles a capture. Throws only for a spec the budget schema would have refused (a bad
 * JSONPath or regex).
 */
export function compileCapture(spec: CaptureSpec): CompiledCapture {
  const fromHeader = spec.from.kind === "header";
  return { spec, needsBody: !fromHeader, needsHeaders: fromHeader, extract: compileFrom(spec.from) };
}

function compileFrom(from: CaptureFrom): Extract {
  switch (from.kind) {
    case "header": {
      const name = from.header.toLowerCase();
      return (view) => view.headers[name];
    }
    case "json":
      return jsonCapture(from.jsonPath);
    case "regex":
      return regexCapture(compileRegex(from));
  }
}

/** Strings as they are, numbers, booleans, objects and lists as JSON text; null and absent: nothing. */
function jsonCapture(pathText: string): Extract {
  const { path } = compileJsonPath(pathText);
  if (path === undefined) throw new Error(`invalid JSONPath ${pathText} (the budget schema validates it)`);
  return (view) => {
    if (view.body === null) return undefined;
    const parsed = parseBodyJson(view.body);
    if (parsed === NOT_JSON) return undefined;
    const selected = selectJson(path, parsed);
    return selected.value === undefined || selected.value === null ? undefined : jsonText(selected.value);
  };
}

/** The first group when the regex has one (a group that took no part: nothing), else the match. */
function regexCapture(regex: RegExp): Extract {
  // A regex's group count is fixed: `new RegExp(source + "|")` matches "" and so reports it.
  const hasGroup = (new RegExp(`${regex.source}|`, regex.flags).exec("")?.length ?? 1) > 1;
  return (view) => {
    if (view.body === null) return undefined;
    const m = regex.exec(view.body);
    if (m === null) return undefined;
    return hasGroup ? m[1] : m[0];
  };
}
