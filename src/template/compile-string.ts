/**
 * `compileString`: a template in a path, a header value or a raw `body`. Rendering is one
 * concatenation of the literal text and each hole's encoded text.
 */
import { compileParts, typedHoleProblems } from "./compile-parts.js";
import { freezeRefs, newRefs, type Scope } from "./refs.js";
import { encoderFor, type TemplateTextContext, toText } from "./text.js";
import type { Compiled, StringTemplate, TemplateContext } from "./types.js";

/** Where the string goes (default "body"): "path" percent-encodes, "header" drops controls. */
export interface CompileStringOptions {
  readonly context?: TemplateTextContext;
}

/**
 * `text` compiled once. In a "path", each inserted value has the characters a request target
 * cannot hold percent-encoded (space → %20, non-ASCII as UTF-8) while `/?&=%` stay, so a value
 * that is a query keeps its meaning; `urlencode(x)` encodes a whole query component instead.
 * In a "header", controls (line breaks) in inserted values become spaces. The literal text is
 * never changed. Problems have `path: []` and the offset in `text`.
 */
export function compileString(text: string, options: CompileStringOptions = {}): Compiled<StringTemplate> {
  const scope: Scope = { path: [], refs: newRefs() };
  const parts = compileParts(text, scope);
  const problems = [...parts.problems, ...typedHoleProblems(parts, scope, false)];
  const encode = encoderFor(options.context ?? "body");
  const holes: TextHole[] = parts.evaluators.map((evaluate) =>
    encode ? (ctx) => encode(toText(evaluate(ctx))) : (ctx) => toText(evaluate(ctx)),
  );
  const template: StringTemplate = {
    source: text,
    constant: holes.length === 0,
    render: problems.length > 0 ? () => text : joiner(parts.literals, holes),
  };
  return { template, refs: freezeRefs(scope.refs), problems };
}

/** One hole's text for a request. */
export type TextHole = (ctx: TemplateContext) => string;

/**
 * `literals[0] + holes[0](ctx) + literals[1] + …` for a request (`literals.length` is
 * `holes.length + 1`), with the common shapes unrolled.
 */
export function joiner(literals: readonly string[], holes: readonly TextHole[]): TextHole {
  const [first = "", second = ""] = literals;
  const [hole] = holes;
  if (holes.length === 0 || hole === undefined) return () => first;
  if (holes.length === 1) return (ctx) => first + hole(ctx) + second;
  return (ctx) => {
    let out = first;
    for (let i = 0; i < holes.length; i++) out += (holes[i] as TextHole)(ctx) + literals[i + 1];
    return out;
  };
}
