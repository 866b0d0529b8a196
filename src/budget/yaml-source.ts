/**
 * The YAML side of the budget: parsing with source positions, syntax errors as problems, and
 * finding where a key path sits in the file so every problem can name its line and column.
 */

import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { clipText } from "./clip-text.js";
import { keyProblems } from "./map-keys.js";

/** A key path into the document: map keys and list indexes. */
export type KeyPath = readonly (string | number)[];

/** Where a problem points: a value, the key that holds it, or (for a missing key) the parent map. */
export type Anchor = "value" | "key" | "parent";

/** A position in the source, 1-based. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

/** A parsed budget source: the document, its line index and any syntax errors. */
export interface YamlSource {
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  /** The source text. */
  readonly text: string;
  /** Syntax errors with their positions; when non-empty the document must not be used. */
  readonly syntaxErrors: readonly (Position & { readonly message: string })[];
}

/** Parses the budget text, keeping node ranges; never throws on bad YAML. */
export function parseYaml(source: string): YamlSource {
  const lines = new LineCounter();
  const text = source;

  // uniqueKeys off: keyProblems does that check in linear time (the library's is quadratic).
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: true, uniqueKeys: false });
  const syntaxErrors = doc.errors.map((error) => {
    const at = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
    return { line: at.line, col: at.col, message: syntaxMessage(error.code, error.message) };
  });
  // Past a stack overflow the parser's other errors are its own confusion: report that one alone.
  const tooDeep = syntaxErrors.find((e) => e.message === TOO_DEEP);
  if (tooDeep) return { doc, lines, text, syntaxErrors: [tooDeep] };
  return { doc, lines, text, syntaxErrors: syntaxErrors.length > 0 ? syntaxErrors : keyProblems(doc, lines) };
}

const TOO_DEEP = "YAML syntax error: nested too deeply (a budget needs a few levels, not thousands)";

/** The library's first sentence, without its "at line…" suffix and code frame (we print file:line:col). */
function syntaxMessage(code: string, message: string): string {
  if (code === "MULTIPLE_DOCS")
    return "YAML syntax error: a budget file holds one document; remove the extra ---";
  const first = message.split("\n")[0] ?? message;
  // The parser recurses per level: a hostile nesting depth ends in a RangeError it reports.
  if (first.includes("Maximum call stack size exceeded")) return TOO_DEEP;
  return `YAML syntax error: ${first.replace(/ at line \d+, column \d+:?$/, "")}`;
}

/** Formats a key path the way messages show it: `scenarios[0].thresholds.latency.p95` (long keys clipped). */
export function formatPath(path: KeyPath): string {
  return path
    .map((seg, i) => (typeof seg === "number" ? `[${seg}]` : i === 0 ? clipText(seg) : `.${clipText(seg)}`))
    .join("");
}

/** The position of `path` in the document, falling back to the deepest node that exists. */
export function locate(source: YamlSource, path: KeyPath, anchor: Anchor): Position {
  const { doc, lines } = source;
  const target = anchor === "parent" ? path.slice(0, -1) : path;
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (const seg of target) {
    if (isAlias(node)) node = node.resolve(doc);
    const next = child(node, seg);
    if (!next) break;
    ({ key: keyNode, value: node } = next);
  }
  const at = anchor === "key" && isNode(keyNode) ? keyNode : node;
  const offset = isNode(at) ? (at.range?.[0] ?? 0) : 0;
  return lines.linePos(offset);
}

/**
 * The position of character `offset` inside the string at `path` (a template's expression):
 * exact for plain and quoted one-line scalars without escapes before it; otherwise the string's
 * start.
 */
export function locateInString(source: YamlSource, path: KeyPath, offset: number): Position {
  const start = locate(source, path, "value");
  let node: unknown = source.doc.contents;
  for (const seg of path) node = child(node, seg)?.value;
  if (!isScalar(node) || node.range === undefined || node.range === null) return start;
  const [from, to] = node.range;
  const text = source.text.slice(from, to);
  if (text.includes("\n") || node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") return start;
  const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE" ? 1 : 0;
  const before = text.slice(quoted, quoted + offset);
  // An escape (\" or '') before the expression shifts the columns: give the string's start.
  if (before.includes("\\") || (quoted === 1 && before.includes("''"))) return start;
  // So does a ${VAR} (its value's length is not the reference's); +2 catches an empty value.
  if (text.slice(quoted, quoted + offset + 2).includes("${")) return start;
  return source.lines.linePos(from + quoted + offset);
}

function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}

/** The key node and value node under `seg`; a key with no value yields the key as the value. */
function child(node: unknown, seg: string | number): { key: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => keyText(p.key) === String(seg));
    if (!pair) return undefined;
    return { key: pair.key, value: isNode(pair.value) ? pair.value : pair.key };
  }
  if (isSeq(node) && typeof seg === "number") {
    const item = node.items[seg];
    return isNode(item) ? { key: item, value: item } : undefined;
  }
  return undefined;
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}
