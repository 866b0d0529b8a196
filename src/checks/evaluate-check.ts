/**
 * Checks on responses, compiled once per run: JSONPaths and regexes are built when the check is
 * compiled, so evaluating one on a response costs a lookup and a comparison (plus one shared JSON
 * parse of the body for `json` checks). A failure is a short reason that never quotes the body
 * (a body may be large or hold secrets); header and JSON values are quoted clipped.
 */
import { clipText } from "../budget/clip-text.js";
import { SAMPLE_RAW_CHARS } from "../metrics/types.js";
import { jsonText, NOT_JSON, parseBodyJson } from "./body-json.js";
import { compileJsonPath, selectJson } from "./json-path.js";
import { compileRegex, showRegex } from "./regex.js";
import type { CheckRule, CheckSpec, JsonTest, ResponseView, TextMatcher } from "./types.js";

/** A check ready to run on every response. */
export interface CompiledCheck {
  readonly spec: CheckSpec;
  /** The check reads the body: the response must be buffered as text. */
  readonly needsBody: boolean;
  /** The check reads response headers. */
  readonly needsHeaders: boolean;
  /** The check reads `ResponseView.stream` (a streamed request). */
  readonly needsStream: boolean;
  /** null when the response passes, else why not (one line, without the body). */
  evaluate(view: ResponseView): string | null;
}

type Evaluate = (view: ResponseView) => string | null;

/**
 * Characters of a value quoted in a reason. Never fewer than a sample keeps: a value may hold a
 * secret (a server echoing the token), which the report can only mask when it is whole or cut at
 * the sample's END. A 60-character clip cut a 90-character setup token mid-message, so 51 of its
 * characters reached report.json, the summary and the terminal. Longer than the sample, the
 * value is cut by the sample first, at its end.
 */
const SHOWN_VALUE_CHARS = SAMPLE_RAW_CHARS;

/** Quoted and clipped, for reasons. */
function quote(text: string): string {
  return JSON.stringify(clipText(text, SHOWN_VALUE_CHARS));
}

/**
 * Compiles a check. Throws only for a spec the budget schema would have refused (a bad JSONPath
 * or regex): the schema validates both at parse time.
 */
export function compileCheck(spec: CheckSpec): CompiledCheck {
  const rule = spec.rule;
  const flags = {
    needsBody: rule.kind === "json" || rule.kind === "body",
    needsHeaders: rule.kind === "header",
    needsStream: rule.kind === "stream",
  };
  return { spec, ...flags, evaluate: compileRule(rule) };
}

function compileRule(rule: CheckRule): Evaluate {
  switch (rule.kind) {
    case "status":
      return statusCheck(rule.statuses);
    case "header":
      return headerCheck(rule.header.toLowerCase(), rule.match);
    case "json":
      return jsonCheck(rule.jsonPath, rule.test);
    case "body":
      return bodyCheck(rule.contains, rule.matches);
    case "stream":
      return streamCheck(rule.minTokens, rule.finishReason);
  }
}

function statusCheck(statuses: readonly number[]): Evaluate {
  const allowed = new Set(statuses);
  const list = `[${statuses.join(", ")}]`;
  return (view) => (allowed.has(view.status) ? null : `status ${view.status} is not one of ${list}`);
}

function headerCheck(name: string, match: TextMatcher): Evaluate {
  const missing = `header ${name} is missing`;
  if (match.kind === "equals") {
    const expected = quote(match.text);
    return (view) => {
      const value = view.headers[name];
      if (value === undefined) return missing;
      return value === match.text ? null : `header ${name} ${quote(value)} is not ${expected}`;
    };
  }
  const regex = compileRegex(match);
  const shown = showRegex(match);
  return (view) => {
    const value = view.headers[name];
    if (value === undefined) return missing;
    return regex.test(value) ? null : `header ${name} ${quote(value)} does not match ${shown}`;
  };
}

const NOT_READ = "body was not read";

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

/** The test of a json check on the selected value (`found` false: the path selected nothing). */
function jsonTest(path: string, test: JsonTest): (found: boolean, value: unknown) => string | null {
  const missing = `${path} is missing`;
  switch (test.kind) {
    case "exists":
      return (found) => (found ? null : missing);
    case "not_empty":
      return (found, value) => (!found ? missing : isEmpty(value) ? `${path} is empty` : null);
    case "equals": {
      const expected = JSON.stringify(test.value);
      // Strict: 1 is not "1", and a JSON scalar never equals an object or a list.
      return (found, value) => {
        if (!found) return missing;
        return value === test.value
          ? null
          : `${path} is ${clipText(JSON.stringify(value), SHOWN_VALUE_CHARS)}, expected ${expected}`;
      };
    }
    case "matches": {
      const regex = compileRegex(test);
      const shown = showRegex(test);
      return (found, value) => {
        if (!found) return missing;
        const text = jsonText(value);
        return regex.test(text) ? null : `${path} ${quote(text)} does not match ${shown}`;
      };
    }
  }
}

function jsonCheck(pathText: string, test: JsonTest): Evaluate {
  const { path } = compileJsonPath(pathText);
  if (path === undefined) throw new Error(`invalid JSONPath ${pathText} (the budget schema validates it)`);
  const run = jsonTest(pathText, test);
  return (view) => {
    if (view.body === null) return NOT_READ;
    const parsed = parseBodyJson(view.body);
    if (parsed === NOT_JSON) return "body is not JSON";
    const selected = selectJson(path, parsed);
    return run(selected.found, selected.value);
  };
}

function bodyCheck(
  contains: string | undefined,
  matches: { source: string; flags: string } | undefined,
): Evaluate {
  const regex = matches === undefined ? undefined : compileRegex(matches);
  const containsReason = contains === undefined ? "" : `body does not contain ${quote(contains)}`;
  const matchesReason = matches === undefined ? "" : `body does not match ${showRegex(matches)}`;
  return (view) => {
    const body = view.body;
    if (body === null) return NOT_READ;
    if (contains !== undefined && !body.includes(contains)) return containsReason;
    if (regex !== undefined && !regex.test(body)) return matchesReason;
    return null;
  };
}

function streamCheck(minTokens: number | undefined, finishReason: string | undefined): Evaluate {
  const expected = finishReason === undefined ? "" : JSON.stringify(finishReason);
  return (view) => {
    const stream = view.stream;
    if (stream === undefined) return "stream: the response was not read as a stream";
    if (minTokens !== undefined && stream.outputTokens < minTokens) {
      return `stream: ${stream.outputTokens} output tokens, at least ${minTokens} expected`;
    }
    if (finishReason !== undefined && stream.finishReason !== finishReason) {
      if (stream.finishReason === null) return `stream: no finish_reason, expected ${expected}`;
      return `stream: finish_reason ${quote(stream.finishReason)}, expected ${expected}`;
    }
    return null;
  };
}
