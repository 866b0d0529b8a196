/**
 * `compileJson`: a `json:` body whose strings may hold templates. The body's JSON text is cut
 * once into constant fragments around its holes, so a request is one pass that evaluates each
 * hole and joins strings: no walk of the body and no JSON.stringify of the whole object.
 */
import { compileParts, typedHoleProblems } from "./compile-parts.js";
import { joiner, type TextHole } from "./compile-string.js";
import type { Evaluate } from "./names.js";
import { freezeRefs, newRefs, type RefsBuilder } from "./refs.js";
import { toJsonText, toText } from "./text.js";
import type { Compiled, JsonTemplate, TemplateContext, TemplateProblem, TemplateValue } from "./types.js";

/** Builds one part of the body's value for a request; constant parts are shared, not copied. */
type Build = (ctx: TemplateContext) => TemplateValue;

type Part = { readonly constant: TemplateValue } | { readonly build: Build };

type JsonPath = readonly (string | number)[];

/** JSON text being cut into fragments around holes. */
class Fragments {
  readonly literals: string[] = [""];
  readonly holes: TextHole[] = [];
  text(json: string): void {
    this.literals[this.literals.length - 1] += json;
  }
  hole(hole: TextHole): void {
    this.holes.push(hole);
    this.literals.push("");
  }
}

/**
 * `value` (a parsed YAML/JSON body) compiled once. Object keys are never templated. A string
 * that is exactly `{{= x }}` becomes x's own JSON value (`randomInt` → a number, `row.messages`
 * → an array; a missing field → null); any other string with `{{ … }}` stays a JSON string with
 * the inserted text escaped. `render(ctx)` gives the same text as `JSON.stringify(value(ctx))`.
 * The values `value(ctx)` returns share their constant parts between requests: copy before editing.
 */
export function compileJson(value: unknown): Compiled<JsonTemplate> {
  const refs = newRefs();
  const problems: TemplateProblem[] = [];
  const fragments = new Fragments();
  const part = compileValue(value, [], { refs, problems, fragments });
  const render = joiner(fragments.literals, fragments.holes);
  const template: JsonTemplate =
    "constant" in part
      ? { constant: true, render: () => fragments.literals[0] ?? "", value: () => part.constant }
      : { constant: false, render, value: part.build };
  return { template, refs: freezeRefs(refs), problems };
}

interface Walk {
  readonly refs: RefsBuilder;
  readonly problems: TemplateProblem[];
  readonly fragments: Fragments;
}

function compileValue(value: unknown, path: JsonPath, walk: Walk): Part {
  if (typeof value === "string") return compileJsonString(value, path, walk);
  if (value === null || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) {
    walk.fragments.text(JSON.stringify(value));
    return { constant: value as TemplateValue };
  }
  if (Array.isArray(value)) return compileArray(value, path, walk);
  if (isPlainObject(value)) return compileObject(value, path, walk);
  const got = typeof value === "number" ? String(value) : typeof value;
  walk.problems.push({
    path,
    offset: 0,
    message: `expected a JSON value (a string, a finite number, true, false, null, a list or a map), got ${got}`,
  });
  walk.fragments.text("null");
  return { constant: null };
}

function compileJsonString(text: string, path: JsonPath, walk: Walk): Part {
  const scope = { path, refs: walk.refs };
  const parts = compileParts(text, scope);
  walk.problems.push(...parts.problems);
  const [only] = parts.holes;
  const evaluate = parts.evaluators[0] as Evaluate;
  if (parts.holes.length === 1 && only?.typed && only.start === 0 && only.end === text.length) {
    walk.fragments.hole((ctx) => toJsonText(evaluate(ctx)));
    return { build: (ctx) => evaluate(ctx) ?? null };
  }
  if (parts.holes.length === 0 || parts.problems.length > 0) {
    walk.fragments.text(JSON.stringify(text));
    return { constant: text };
  }
  walk.problems.push(...typedHoleProblems(parts, scope, true));
  const texts = parts.evaluators.map((hole) => (ctx: TemplateContext) => toText(hole(ctx)));
  // The string's literal pieces join the body's constant fragments, escaped once; a request only
  // escapes the inserted text (most of which needs no escaping at all).
  walk.fragments.text('"');
  parts.literals.forEach((literal, i) => {
    walk.fragments.text(jsonStringInner(literal));
    const text = texts[i];
    if (text) walk.fragments.hole((ctx) => jsonStringInner(text(ctx)));
  });
  walk.fragments.text('"');
  return { build: joiner(parts.literals, texts) };
}

/** Characters JSON.stringify would escape (controls, `"`, `\`) or check (surrogates). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `text` escaped as the inside of a JSON string. JSON.stringify does it natively but costs a few
 * hundred ns per call in setup; text that needs no escaping (the usual row value) skips it.
 */
function jsonStringInner(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text).slice(1, -1) : text;
}

function compileArray(items: readonly unknown[], path: JsonPath, walk: Walk): Part {
  walk.fragments.text("[");
  const parts = items.map((item, i) => {
    if (i > 0) walk.fragments.text(",");
    return compileValue(item, [...path, i], walk);
  });
  walk.fragments.text("]");
  if (parts.every((part) => "constant" in part)) return { constant: items as readonly TemplateValue[] };
  const builds = parts.map(toBuild);
  return { build: (ctx) => builds.map((build) => build(ctx)) };
}

function compileObject(object: Record<string, unknown>, path: JsonPath, walk: Walk): Part {
  const keys = Object.keys(object);
  walk.fragments.text("{");
  const parts = keys.map((key, i) => {
    walk.fragments.text(`${i > 0 ? "," : ""}${JSON.stringify(key)}:`);
    return compileValue(object[key], [...path, key], walk);
  });
  walk.fragments.text("}");
  if (parts.every((part) => "constant" in part)) return { constant: object as TemplateValue };
  const builds = parts.map(toBuild);
  return {
    build: (ctx) => {
      const out: Record<string, TemplateValue> = {};
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        const item = (builds[i] as Build)(ctx);
        // Assigning "__proto__" would set the prototype: that key is defined as an own field.
        if (key === "__proto__")
          Object.defineProperty(out, key, { value: item, enumerable: true, writable: true });
        else out[key] = item;
      }
      return out;
    },
  };
}

function toBuild(part: Part): Build {
  if ("build" in part) return part.build;
  const value = part.constant;
  return () => value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
