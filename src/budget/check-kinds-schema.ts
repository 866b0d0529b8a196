/**
 * The five kinds of check a `checks:` item holds, each validated and turned into its `CheckRule`:
 * `status`, `header` (one header), `json` (one JSONPath and its test), `body`, `stream`.
 */
import * as z from "zod";
import { isSlashedRegex, splitRegexText } from "../checks/regex.js";
import type { CheckRule, JsonTest, TextMatcher } from "../checks/types.js";
import { clipText } from "./clip-text.js";
import { suggest } from "./did-you-mean.js";
import { checkRegex, headerNameSchema, jsonPathSchema, listed, regexSchema } from "./pattern-schema.js";

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
    headerNameSchema(),
    z
      .union([z.string(), z.number(), z.boolean()], { error: headerError })
      .transform((value, ctx): TextMatcher => {
        const text = String(value);
        if (!isSlashedRegex(text)) return { kind: "equals", text };
        const regex = splitRegexText(text);
        checkRegex(regex, text, ctx);
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
    minProperties: 1,
    maxProperties: 1,
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
  .meta({ additionalProperties: false, minProperties: 1, maxProperties: 1 });

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
    minProperties: 1,
    maxProperties: 1,
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
  .meta({
    description: "The body contains this text, or matches this regex (both: both hold).",
    minProperties: 1,
  });

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
    minProperties: 1,
    description:
      "Streamed responses: at least min_tokens output tokens, and the last finish_reason (openai streams) equal to this.",
  });

/** The schema of each kind of check, by its key in a `checks:` item; each outputs its `CheckRule`. */
export const CHECK_KIND_SCHEMAS = {
  status: statusSchema,
  header: headerSchema,
  json: jsonSchema,
  body: bodySchema,
  stream: streamSchema,
} as const;
