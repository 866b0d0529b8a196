/**
 * The `checks:` list of a request or step: each item one check of one kind (`status`, `header`,
 * `json`, `body`, `stream`) and an optional `name`. JSONPaths and regexes are validated here, at
 * parse time, so a check that cannot run never reaches the load. Rules that span keys (a `stream`
 * check needs `request.stream`) are the budget's cross-key rules, not this schema's.
 */
import { stringify } from "yaml";
import * as z from "zod";
import type { CheckRule, CheckSpec } from "../checks/types.js";
import { CHECK_KIND_SCHEMAS } from "./check-kinds-schema.js";
import { clipText } from "./clip-text.js";
import { listed } from "./pattern-schema.js";
import { type KeyPath, locate, type YamlSource } from "./yaml-source.js";

/** The kinds of check, in the order messages list them; also their default names. */
export const CHECK_KINDS = ["status", "header", "json", "body", "stream"] as const;

/** A check as validated, before its name is settled and its line attached. */
export interface ParsedCheck {
  readonly name?: string;
  readonly rule: CheckRule;
}

const KINDS_TEXT = CHECK_KINDS.join(", ");

const CHECK_NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;
/** Longest `CheckSpec.source`, in characters. */
const SOURCE_CHARS = 120;

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
      status: CHECK_KIND_SCHEMAS.status.optional(),
      header: CHECK_KIND_SCHEMAS.header.optional(),
      json: CHECK_KIND_SCHEMAS.json.optional(),
      body: CHECK_KIND_SCHEMAS.body.optional(),
      stream: CHECK_KIND_SCHEMAS.stream.optional(),
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
  .meta({ title: "Check", oneOf: CHECK_KINDS.map((kind) => ({ required: [kind] })) });

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
