/**
 * Recorded credentials become `${VAR}` placeholders, so the budget reads them from the
 * environment (where perf-gate treats them as secrets) and the recorded values are written
 * nowhere. Each distinct value gets one variable; the same value seen again (in another step, in
 * a body, inside a query) gets the same one.
 */
import { SHORT_SECRET_CHARS } from "../budget/short-secrets.js";

/** A variable the written budget reads, and where its value was recorded. */
export interface NeededVariable {
  readonly name: string;
  /** Where the value came from, e.g. `header authorization`, `query parameter api_key`. */
  readonly source: string;
}

/** The recorded secrets of one recording and the variables that stand for them. */
export class Placeholders {
  private readonly nameByValue = new Map<string, string>();
  private readonly sourceByName = new Map<string, string>();
  private readonly used = new Set<string>();
  private pattern: RegExp | undefined;

  /**
   * Registers a recorded secret under a variable named after `base` (`x-api-key` → `X_API_KEY`;
   * `X_API_KEY_2` when that name already stands for another value) and returns the name; a value
   * registered before keeps its first name. Nothing is written until the value is used.
   */
  register(base: string, value: string, source: string): string {
    const known = this.nameByValue.get(value);
    if (known !== undefined) return known;
    const stem = envName(base);
    let name = stem;
    for (let n = 2; this.sourceByName.has(name); n++) name = `${stem}_${n}`;
    this.nameByValue.set(value, name);
    this.sourceByName.set(name, source);
    this.pattern = undefined;
    return name;
  }

  /** Makes `value` (another form of a registered secret, e.g. percent-decoded) stand for `name` too. */
  alias(value: string, name: string): void {
    if (this.nameByValue.has(value) || !this.sourceByName.has(name)) return;
    this.nameByValue.set(value, name);
    this.pattern = undefined;
  }

  /** `${NAME}` for a registered value (registered under `base` if it is new), marked as used. */
  placeholder(base: string, value: string, source: string): string {
    const name = this.register(base, value, source);
    this.used.add(name);
    return `\${${name}}`;
  }

  /**
   * `text` ready for a budget string: every registered secret of at least `SHORT_SECRET_CHARS`
   * characters (shorter ones would match unrelated text) replaced by its placeholder, and every
   * other `${` written `$${` so that recorded text is never read as a variable.
   */
  scrub(text: string): string {
    // A function replacement: in a replacement string, `$$` itself means one `$`.
    return this.pieces(text)
      .map((piece, i) => (i % 2 === 1 ? this.use(piece) : piece.replaceAll("${", () => "$${")))
      .join("");
  }

  /** Like `scrub` for a JSON key: keys are not interpolated, so `${` stays as it is. */
  scrubKey(text: string): string {
    return this.pieces(text)
      .map((piece, i) => (i % 2 === 1 ? this.use(piece) : piece))
      .join("");
  }

  /** Variables the budget reads, in order of first use. */
  needed(): NeededVariable[] {
    return [...this.used].map((name) => ({ name, source: this.sourceByName.get(name) ?? "" }));
  }

  /** Every registered value: what the written budget must not contain. */
  values(): string[] {
    return [...this.nameByValue.keys()];
  }

  /** `text` split around secrets: even indexes are plain text, odd ones secrets. */
  private pieces(text: string): string[] {
    this.pattern ??= this.buildPattern();
    return this.pattern ? text.split(this.pattern) : [text];
  }

  private use(value: string): string {
    const name = this.nameByValue.get(value) ?? "SECRET";
    this.used.add(name);
    return `\${${name}}`;
  }

  private buildPattern(): RegExp | undefined {
    const long = [...this.nameByValue.keys()].filter((v) => v.length >= SHORT_SECRET_CHARS);
    if (long.length === 0) return undefined;
    // Longest first, so a cookie header is replaced whole before the session id inside it.
    long.sort((a, b) => b.length - a.length);
    return new RegExp(`(${long.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "g");
  }
}

/** An environment variable name from a header or field name: `x-api-key` → `X_API_KEY`. */
export function envName(text: string): string {
  const name = text
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (name === "") return "SECRET";
  return /^[0-9]/.test(name) ? `_${name}` : name;
}
