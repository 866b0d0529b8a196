/**
 * Per-request templates (`{{ … }}` in a request's path, header values, `body` and any string of
 * `json`), compiled once when the budget is parsed: rendering one costs no parsing, only the
 * expressions' evaluation and one string join.
 *
 * Expressions: `seq`, `uuid`, `randomInt(a, b)`, `randomString(n)`, `pick([…])`, `row`,
 * `row.<field>`, `vars.<name>` (captured by an earlier step of the iteration), `setup.<name>`
 * (captured by the scenario's `setup:` request), `urlencode(x)`, `messages(x)`. `{{ x }}` inserts
 * text; a JSON string that is exactly `{{= x }}` becomes x's own JSON value (a number, an array …).
 */

/** What an expression yields: text, a number, a boolean, null, or JSON structures (typed form). */
export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | readonly TemplateValue[]
  | { readonly [key: string]: TemplateValue };

/** The values one request's templates read. */
export interface TemplateContext {
  /** The iteration's number in its scenario run, from 0 (warm-up requests included). */
  readonly seq: number;
  /** Uniform in [0, 1), seeded from the scenario's seed and `seq` (`requestRandom`). */
  readonly random: () => number;
  /** The iteration's data row, or undefined when the scenario has no `data:`. */
  readonly row: TemplateValue | undefined;
  /** Values captured by earlier steps of this iteration. */
  readonly vars: Readonly<Record<string, string>>;
  /** Values captured by the scenario's `setup:` request (secrets). */
  readonly setup: Readonly<Record<string, string>>;
}

/** A compiled template of one string (a path, a header value, a raw `body`). */
export interface StringTemplate {
  /** The text as written in the budget. */
  readonly source: string;
  /** True when the text has no expression: `render` always returns `source`. */
  readonly constant: boolean;
  render(ctx: TemplateContext): string;
}

/** A compiled `json:` body. */
export interface JsonTemplate {
  readonly constant: boolean;
  /** The body's serialized JSON for one request. */
  render(ctx: TemplateContext): string;
  /** The body as a value for one request (to edit it before serializing, e.g. `unique_prefix`). */
  value(ctx: TemplateContext): TemplateValue;
}

/** Where a template reads: the budget checks each against the data file, captures and setup. */
export interface TemplateRefs {
  /** `row.<field>` names read (first segment), with the offset of each in its string. */
  readonly rowFields: readonly TemplateRef[];
  /** True when `row` is read at all (whole or a field). */
  readonly usesRow: boolean;
  readonly vars: readonly TemplateRef[];
  readonly setup: readonly TemplateRef[];
}

/** One name a template reads. `path` locates the string inside a `json:` body ([] elsewhere). */
export interface TemplateRef {
  readonly name: string;
  readonly path: readonly (string | number)[];
  /** Character offset of the expression in its string. */
  readonly offset: number;
}

/** A template that does not compile: where (inside the string, and the json path) and why. */
export interface TemplateProblem {
  readonly path: readonly (string | number)[];
  readonly offset: number;
  /** Worded like every budget message: what was found, what was expected, a fix. */
  readonly message: string;
}

/** The outcome of compiling: a template when `problems` is empty. */
export interface Compiled<T> {
  readonly template: T;
  readonly refs: TemplateRefs;
  readonly problems: readonly TemplateProblem[];
}
