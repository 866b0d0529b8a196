/**
 * The `checks:` list of a request or step: each item one check of one kind (`status`, `header`,
 * `json`, `body`, `stream`) and an optional `name`. JSONPaths and regexes are validated here, at
 * parse time, so a check that cannot run never reaches the load. Rules that span keys (a `stream`
 * check needs `request.stream`) are the budget's cross-key rules, not this schema's.
 */
import { stringify } from "yaml";
import * as z from "zod";
import { compileJsonPath } from "../checks/json-path.js";
import { isSlashedRegex, type RegexText, regexProblem, splitRegexText } from "../checks/regex.js";
import type { CheckRule, CheckSpec, JsonTest, TextMatcher } from "../checks/types.js";
import { clipText } from "./clip-text.js";
import { suggest } from "./did-you-mean.js";
import { type KeyPath, locate, type YamlSource } from "./yaml-source.js";

/** The kinds of check, in the order messages list them; also their default names. */
export const CHECK_KINDS = ["status", "header", "json", "body", "stream"] as const;

/** A check as validated, before its name is settled and its line attached. */
export interface ParsedCheck {
  readonly name?: string;
  readonly rule: CheckRule;
}

const KINDS_TEXT = CHECK_KINDS.join(", ");

/** `a and b`, `a, b and c`. */
function listed(words: readonly string[]): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
const CHECK_NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;
// RFC 9110 token characters, as request header names (schema.ts).
const HEADER_NAME_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Longest `CheckSpec.source`, in characters. */
const SOURCE_CHARS = 120;

/** A regex written bare or as `/…/flags`, validated, as its source and flags. */
export function regexSchema(example: string) {
  const error = `expected a regular expression, like "${example}" or "/${example}/i"`;
  return z
    .string({ error })
    .min(1, { error })
    .transform((text, ctx): RegexText => {
      const regex = splitRegexText(text);
      const problem = regexProblem(regex);
      if (problem !== undefined) {
        ctx.addIssue({
          code: "custom",
          input: text,
          message: `expected a valid regular expression: ${problem}`,
        });
      }
      return regex;
    });
}

/** A JSONPath of the subset (json-path.ts), validated; its text is kept (compiled again at load). */
export function jsonPathSchema() {
  const error = 'expected a JSONPath like "$.choices[0].message.content"';
  return z
    .string({ error })
    .superRefine((text, ctx) => {
      const { problem } = compileJsonPath(text);
      if (problem === undefined) return;
      const message = `expected a JSONPath: at character ${problem.offset + 1}, ${problem.message}`;
      ctx.addIssue({ code: "custom", input: text, message });
    })
    .meta({ description: "JSONPath: $ followed by .name, ['name'], [n] or [-n], e.g. $.data[-1].id" });
}

const statusError = "expected an HTTP status from 100 to 599 or a list of them, like [200, 201]";
const statusValue = z
  .number({ error: statusError })
  .int({ error: statusError })
  .min(100, { error: statusError })
  .max(599, { error: statusError });
const statusSchema = z
  .union([statusValue, z.array(statusValue, { error: statusError }).min(1, { error: statusError })], {
    error: statusError,
  })
  .transform((s): CheckRule => ({ kind: "status", statuses: typeof s === "number" ? [s] : s }))
  .meta({ description: "The response status is one of these." });

const headerError =
  'expected one header and what it must be, like { content-type: /json/ } or { x-id: "abc" }';
const headerSchema = z
  .record(
    z
      .string()
      .regex(HEADER_NAME_RE, { error: "expected a header name (letters, digits and !#$%&'*+-.^_`|~)" }),
    z
      .union([z.string(), z.number(), z.boolean()], { error: headerError })
      .transform((value, ctx): TextMatcher => {
        const text = String(value);
        if (!isSlashedRegex(text)) return { kind: "equals", text };
        const regex = splitRegexText(text);
        const problem = regexProblem(regex);
        if (problem !== undefined) {
          ctx.addIssue({
            code: "custom",
            input: text,
            message: `expected a valid regular expression: ${problem}`,
          });
        }
        return { kind: "regex", ...regex };
      }),
    { error: headerError },
  )
  .refine((map) => Object.keys(map).length === 1, {
    error:
      "expected one header per check (write another item for another header), like { content-type: /json/ }",
  })
  .transform((map): CheckRule => {
    const [header, match] = Object.entries(map)[0] ?? ["", { kind: "equals", text: "" }];
    return { kind: "header", header: header.toLowerCase(), match };
  })
  .meta({
    description:
      'One response header: /regex/flags matches its value, any other text must equal it ("exact").',
  });

const scalarError = "expected a JSON value: text, a number, true, false or null";
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()], { error: scalarError });
const TEST_KEYS = ["not_empty", "exists", "equals", "matches"] as const;
const testError =
  'expected a test: { not_empty: true }, { exists: true }, { equals: <value> }, { matches: "<regex>" } or a value it must equal';
const onlyTrue = (key: string) =>
  z.literal(true, { error: `expected ${key}: true (remove the check to drop it)` }).optional();

/**
 * `{ not_empty: true }` and friends. Loose, with unknown keys reported here: inside a union the
 * shared "did you mean" cannot find this map's keys.
 */
const testMap = z
  .looseObject({
    not_empty: onlyTrue("not_empty"),
    exists: onlyTrue("exists"),
    equals: scalar.optional(),
    matches: regexSchema("^ok").optional(),
  })
  .superRefine((map, ctx) => {
    const keys = Object.keys(map);
    const unknown = keys.filter((key) => !(TEST_KEYS as readonly string[]).includes(key));
    for (const key of unknown) {
      const guess = suggest(key, TEST_KEYS);
      const hint = guess ? `did you mean "${guess}"?` : `expected one of: ${TEST_KEYS.join(", ")}`;
      ctx.addIssue({ code: "custom", path: [key], message: `unknown key "${clipText(key)}", ${hint}` });
    }
    const tests = keys.filter((key) => (TEST_KEYS as readonly string[]).includes(key));
    if (tests.length === 0 && unknown.length === 0)
      ctx.addIssue({ code: "custom", input: map, message: testError });
    if (tests.length > 1) {
      const message = `a json check makes one test, this one has ${listed(tests)}: write each as its own item`;
      ctx.addIssue({ code: "custom", path: [tests[1] ?? ""], message });
    }
  })
  .transform((map): JsonTest => {
    if (map.not_empty) return { kind: "not_empty" };
    if (map.exists) return { kind: "exists" };
    if (map.matches !== undefined) return { kind: "matches", ...map.matches };
    return { kind: "equals", value: map.equals ?? null };
  })
  .meta({ additionalProperties: false });

const jsonError =
  'expected one JSONPath and its test, like { "$.choices[0].message.content": { not_empty: true } }';
const jsonSchema = z
  .record(
    jsonPathSchema(),
    z.union([scalar.transform((value): JsonTest => ({ kind: "equals", value })), testMap], {
      error: testError,
    }),
    { error: jsonError },
  )
  .refine((map) => Object.keys(map).length === 1, {
    error: "expected one JSONPath per check (write another item for another path)",
  })
  .transform((map): CheckRule => {
    const [jsonPath, test] = Object.entries(map)[0] ?? ["$", { kind: "exists" } as JsonTest];
    return { kind: "json", jsonPath, test };
  })
  .meta({
    description:
      "One JSONPath of the body → a test: not_empty, exists, equals (strict), matches (regex on its text), or a value to equal.",
  });

const bodyError = 'expected { contains: "<text>" } or { matches: "<regex>" }';
const bodySchema = z
  .strictObject(
    {
      contains: z
        .string({ error: "expected the text the body must contain" })
        .min(1, { error: "expected the text the body must contain (not empty)" })
        .optional(),
      matches: regexSchema('"results":').optional(),
    },
    { error: bodyError },
  )
  .refine((body) => body.contains !== undefined || body.matches !== undefined, {
    error: bodyError,
    when: (payload) => payload.issues.length === 0,
  })
  .transform(
    (body): CheckRule => ({
      kind: "body",
      ...(body.contains === undefined ? {} : { contains: body.contains }),
      ...(body.matches === undefined ? {} : { matches: body.matches }),
    }),
  )
  .meta({ description: "The body contains this text, or matches this regex (both: both hold)." });

const streamError = "expected { min_tokens: <n> } and/or { finish_reason: <reason> }, like { min_tokens: 1 }";
const streamSchema = z
  .strictObject(
    {
      min_tokens: z
        .number({ error: "expected a whole number of at least 1" })
        .int({ error: "expected a whole number of at least 1" })
        .min(1, { error: "expected a whole number of at least 1" })
        .optional(),
      finish_reason: z
        .string({ error: 'expected a finish reason, like "stop"' })
        .min(1, { error: 'expected a finish reason, like "stop"' })
        .optional(),
    },
    { error: streamError },
  )
  .refine((s) => s.min_tokens !== undefined || s.finish_reason !== undefined, {
    error: streamError,
    when: (payload) => payload.issues.length === 0,
  })
  .transform(
    (s): CheckRule => ({
      kind: "stream",
      ...(s.min_tokens === undefined ? {} : { minTokens: s.min_tokens }),
      ...(s.finish_reason === undefined ? {} : { finishReason: s.finish_reason }),
    }),
  )
  .meta({
    description:
      "Streamed responses: at least min_tokens output tokens, and the last finish_reason (openai streams) equal to this.",
  });

const nameError = "expected a check name: 1 to 64 letters, digits, _ or -";
const itemError = `expected a check: a map with one of ${KINDS_TEXT} (and optionally name), like { status: [200] }`;

const checkItemSchema = z
  .strictObject(
    {
      name: z
        .string({ error: nameError })
        .regex(CHECK_NAME_RE, { error: nameError })
        .meta({
          description: "Name in checks.<name>.pass_rate; default: the kind, numbered when it repeats.",
        })
        .optional(),
      status: statusSchema.optional(),
      header: headerSchema.optional(),
      json: jsonSchema.optional(),
      body: bodySchema.optional(),
      stream: streamSchema.optional(),
    },
    { error: itemError },
  )
  .refine((item) => CHECK_KINDS.some((kind) => item[kind] !== undefined), {
    error: `expected a check: one of ${KINDS_TEXT}`,
    // An unknown key ("staus") is its own problem, with its did-you-mean: this one would repeat it.
    when: (payload) => payload.issues.length === 0,
  })
  .superRefine((item, ctx) => {
    const kinds = CHECK_KINDS.filter((kind) => item[kind] !== undefined);
    if (kinds.length < 2) return;
    const message = `a check has one kind, this item has ${listed(kinds)}: write each as its own list item`;
    ctx.addIssue({ code: "custom", path: [kinds[1] ?? ""], message });
  })
  .transform((item): ParsedCheck => {
    const kind = CHECK_KINDS.find((k) => item[k] !== undefined) ?? "status";
    const rule = item[kind] as CheckRule;
    return item.name === undefined ? { rule } : { name: item.name, rule };
  })
  .meta({ title: "Check", minProperties: 1 });

/**
 * The `checks:` list. Explicit names must be unique in the list: a repeated one is an issue at
 * the second item's `name` (defaults never collide: `buildChecks` numbers them around names taken).
 */
export const checksSchema = z
  .array(checkItemSchema, { error: "expected a list of checks, like [{ status: [200] }]" })
  .superRefine((checks, ctx) => {
    const first = new Map<string, number>();
    checks.forEach((check, i) => {
      if (check.name === undefined) return;
      const at = first.get(check.name);
      if (at === undefined) first.set(check.name, i);
      else {
        const message = `duplicate check name "${check.name}" (also item ${at + 1}): names must be unique`;
        ctx.addIssue({ code: "custom", path: [i, "name"], message });
      }
    });
  })
  .meta({
    title: "Checks",
    description:
      "Checks on every measured response; a failed one is a check_failed error. Each item one of: status, header, json, body, stream.",
  });

/**
 * The typed checks of one `checks:` list at `path` in `source`, in the order written. Names: the
 * one given, else the kind, numbered from the second of a kind (`body`, `body_2`), skipping names
 * already given explicitly. Names never hold a dot: the caller qualifies a step's checks.
 */
export function buildChecks(parsed: readonly ParsedCheck[], path: KeyPath, source: YamlSource): CheckSpec[] {
  const taken = new Set(parsed.flatMap((check) => (check.name === undefined ? [] : [check.name])));
  const seen = new Map<string, number>();
  return parsed.map((check, i) => {
    const name = check.name ?? defaultName(check.rule.kind, seen, taken);
    return {
      name,
      rule: check.rule,
      line: locate(source, [...path, i], "value").line,
      source: sourceText(source, [...path, i]),
    };
  });
}

function defaultName(kind: string, seen: Map<string, number>, taken: Set<string>): string {
  let n = seen.get(kind) ?? 0;
  let name: string;
  do {
    n++;
    name = n === 1 ? kind : `${kind}_${n}`;
  } while (taken.has(name));
  seen.set(kind, n);
  taken.add(name);
  return name;
}

/** The item as written (before `${VAR}` interpolation, so no secret), as one line of flow YAML. */
function sourceText(source: YamlSource, path: KeyPath): string {
  const node = source.doc.getIn(path, true);
  if (node === undefined) return "";
  const flow = stringify(node, { collectionStyle: "flow", lineWidth: 0 }).trim();
  const inner = flow.startsWith("{ ") && flow.endsWith(" }") ? flow.slice(2, -2) : flow;
  return clipText(inner.replace(/\s*\n\s*/g, " "), SOURCE_CHARS);
}
