/**
 * The JSONPath subset of checks and captures. Deliberately small: a budget names one value of a
 * response (`$.choices[0].message.content`, `$.data[-1].id`), so wildcards, filters, slices and
 * recursive descent are refused at parse time with a message naming what is supported, rather
 * than half-implemented.
 */

/** One step of a compiled path: a member name, or an array index (negative: from the end). */
export type JsonPathStep =
  | { readonly kind: "member"; readonly name: string }
  | { readonly kind: "index"; readonly index: number };

/** A compiled path: the text as written and its steps after `$`. */
export interface JsonPath {
  readonly text: string;
  readonly steps: readonly JsonPathStep[];
}

/** Why a path does not compile: 0-based offset of the first bad character, and what is wrong. */
export interface JsonPathProblem {
  readonly offset: number;
  /** Ends with the list of supported forms, so a user never has to look them up. */
  readonly message: string;
}

/** What the subset accepts, appended to every problem. */
export const JSON_PATH_FORMS = "a path is $ followed by .name, ['name'], [n] or [-n]";

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

type Step = { step: JsonPathStep; end: number } | { problem: JsonPathProblem };

function problem(offset: number, what: string): { problem: JsonPathProblem } {
  return { problem: { offset, message: `${what}; ${JSON_PATH_FORMS}` } };
}

/**
 * Compiles a path of the subset:
 * - `$`: the root (the whole body); every path starts with it
 * - `.name`: a member whose name is identifier characters (letters, digits, `_`; not starting
 *   with a digit)
 * - `['name']` or `["name"]`: any member name; `\` escapes the next character (`\'`, `\"`, `\\`)
 * - `[n]`: the array element at index n (0-based), `[-n]`: the n-th from the end (`[-1]` is last)
 *
 * chained in any order (`$.choices[0].message.content`, `$.data[-1].id`, `$['x-y'][2]`).
 * Anything else (`*`, `..`, `[?…]`, `[1:2]`, `[0,1]`, whitespace) is a problem.
 */
export function compileJsonPath(text: string): { path?: JsonPath; problem?: JsonPathProblem } {
  if (!text.startsWith("$")) return problem(0, "the path must start with $");
  const steps: JsonPathStep[] = [];
  let at = 1;
  while (at < text.length) {
    const read = readStep(text, at);
    if ("problem" in read) return read;
    steps.push(read.step);
    at = read.end;
  }
  return { path: { text, steps } };
}

function readStep(text: string, at: number): Step {
  const c = text[at];
  if (c === ".") return readDotted(text, at);
  if (c === "[") return readBracket(text, at);
  return problem(at, `unexpected ${JSON.stringify(c)} (a step starts with . or [)`);
}

function readDotted(text: string, at: number): Step {
  const next = text[at + 1];
  if (next === ".") return problem(at, "recursive descent (..) is not supported");
  if (next === "*") return problem(at + 1, "wildcards (*) are not supported");
  if (next === undefined || !NAME_START.test(next)) {
    return problem(
      at + 1,
      "a name must follow . (letters, digits, _, not starting with a digit; write ['name'] for any other name)",
    );
  }
  let end = at + 2;
  while (end < text.length && NAME_CHAR.test(text[end] ?? "")) end++;
  return { step: { kind: "member", name: text.slice(at + 1, end) }, end };
}

function readBracket(text: string, at: number): Step {
  const c = text[at + 1];
  if (c === "'" || c === '"') return readQuoted(text, at, c);
  if (c === "*") return problem(at + 1, "wildcards ([*]) are not supported");
  if (c === "?") return problem(at + 1, "filters ([?…]) are not supported");
  const negative = c === "-";
  const start = negative ? at + 2 : at + 1;
  let end = start;
  while (end < text.length && DIGIT.test(text[end] ?? "")) end++;
  if (end === start) return problem(start, "an index like [0] or [-1], or a quoted name, must follow [");
  const close = text[end];
  if (close === ":") return problem(end, "slices ([a:b]) are not supported");
  if (close === ",") return problem(end, "unions ([a,b]) are not supported");
  if (close !== "]") return problem(end, "] must follow the index");
  const n = Number(text.slice(start, end));
  if (!Number.isSafeInteger(n)) return problem(start, "an index must be below 2^53");
  if (negative && n === 0) return problem(at + 1, "[-0] is not an index: the last element is [-1]");
  return { step: { kind: "index", index: negative ? -n : n }, end: end + 1 };
}

function readQuoted(text: string, at: number, quote: string): Step {
  let name = "";
  let i = at + 2;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === quote) break;
    if (c === "\\") {
      i++;
      if (i >= text.length) break;
    }
    name += text[i];
  }
  if (i >= text.length) return problem(at + 1, `the closing ${quote} of the name is missing`);
  if (text[i + 1] === ",") return problem(i + 1, "unions ([a,b]) are not supported");
  if (text[i + 1] !== "]") return problem(i + 1, `] must follow the closing ${quote}`);
  return { step: { kind: "member", name }, end: i + 2 };
}

/**
 * The value `path` selects in `value` (parsed JSON). A member of something that is not an object,
 * an index of something that is not an array, a missing member and an index out of range all give
 * `found: false`. A present `null` is found.
 */
export function selectJson(path: JsonPath, value: unknown): { found: boolean; value?: unknown } {
  let current: unknown = value;
  for (const step of path.steps) {
    if (step.kind === "index") {
      if (!Array.isArray(current)) return { found: false };
      const i = step.index < 0 ? current.length + step.index : step.index;
      if (i < 0 || i >= current.length) return { found: false };
      current = current[i];
    } else {
      if (current === null || typeof current !== "object" || Array.isArray(current)) return { found: false };
      // Own members only: `$.constructor` must not find Object's.
      if (!Object.hasOwn(current, step.name)) return { found: false };
      current = (current as Record<string, unknown>)[step.name];
    }
  }
  return { found: true, value: current };
}
