/**
 * The `capture:` map of a step (or of `setup:`): name → where the value comes from in the
 * response (`json: $.id`, `header: location`, `regex: "id=(\\d+)"`). Names become
 * `{{ vars.<name> }}` (or `{{ setup.<name> }}`), so they are identifiers.
 */
import * as z from "zod";
import type { CaptureFrom, CaptureSpec } from "../checks/types.js";
import { headerNameSchema, jsonPathSchema, listed, regexSchema } from "./pattern-schema.js";
import { type KeyPath, locate, type YamlSource } from "./yaml-source.js";

/** Where each capture reads, in the order messages list them. */
export const CAPTURE_SOURCES = ["json", "header", "regex"] as const;

// Starts with a letter or _: a name of digits only would also reorder in a JS object.
const CAPTURE_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const nameError = "expected a capture name: letters, digits and _, not starting with a digit (at most 64)";
const entryError =
  'expected where to capture from: { json: "$.id" }, { header: location } or { regex: "id=(\\d+)" }';

const entrySchema = z
  .strictObject(
    {
      json: jsonPathSchema().optional(),
      header: headerNameSchema("expected a header name, like location").optional(),
      regex: regexSchema("id=(\\d+)")
        .meta({ description: "Regex on the body: its first group, or the whole match without a group." })
        .optional(),
    },
    { error: entryError },
  )
  .refine((entry) => CAPTURE_SOURCES.some((key) => entry[key] !== undefined), {
    error: entryError,
    when: (payload) => payload.issues.length === 0,
  })
  .superRefine((entry, ctx) => {
    const from = CAPTURE_SOURCES.filter((key) => entry[key] !== undefined);
    if (from.length < 2) return;
    const message = `a capture has one source, this one has ${listed(from)}: keep one`;
    ctx.addIssue({ code: "custom", path: [from[1] ?? ""], message });
  })
  .transform((entry): CaptureFrom => {
    if (entry.json !== undefined) return { kind: "json", jsonPath: entry.json };
    if (entry.header !== undefined) return { kind: "header", header: entry.header.toLowerCase() };
    const regex = entry.regex ?? { source: "", flags: "" };
    return { kind: "regex", ...regex };
  })
  .meta({ title: "Capture", minProperties: 1, maxProperties: 1 });

/** The `capture:` map: name → source, at least one entry. */
export const captureSchema = z
  .record(z.string().regex(CAPTURE_NAME_RE, { error: nameError }), entrySchema, {
    error: 'expected a map of name to source, like { id: { json: "$.id" } }',
  })
  .refine((map) => Object.keys(map).length > 0, {
    error: 'expected at least one capture, like { id: { json: "$.id" } }',
  })
  .meta({
    title: "Captures",
    description:
      "Values taken from the response for later steps ({{ vars.<name> }}; setup: {{ setup.<name> }}): json (a JSONPath), header, or regex on the body. Finding nothing fails the iteration's later steps (capture_failed).",
  });

/** The typed captures of the `capture:` map at `path` in `source`, in the order written. */
export function buildCaptures(
  parsed: Readonly<Record<string, CaptureFrom>>,
  path: KeyPath,
  source: YamlSource,
): CaptureSpec[] {
  return Object.entries(parsed).map(([name, from]) => ({
    name,
    from,
    line: locate(source, [...path, name], "key").line,
  }));
}
