/**
 * Keys of the budget's maps are plain text. A list or map used as a key (`? [a]`) has no meaning
 * in a budget, and turning it into plain data makes the YAML library print a warning of its own.
 * A key written twice in one map is an error, not a silent "last one wins". The YAML library can
 * check this itself (`uniqueKeys`), but compares every key with every other: a hostile budget of
 * 40,000 keys took 13 s to parse. This check is one pass with a set per map, and it also catches
 * keys that differ only in type (`1:` and `"1":`), which become the same key in plain data.
 */
import { type Document, isMap, isNode, isScalar, isSeq, type LineCounter } from "yaml";
import { clipText } from "./clip-text.js";
import type { Position } from "./yaml-source.js";

/** Every key that is not a scalar, and every key written a second time in its map, in document order. */
export function keyProblems(
  doc: Document.Parsed,
  lines: LineCounter,
): (Position & { readonly message: string })[] {
  const found: (Position & { message: string })[] = [];
  // An explicit stack: a deeply nested (hostile) document must not overflow the call stack.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isSeq(node)) stack.push(...node.items);
    if (!isMap(node)) continue;
    const seen = new Set<string>();
    for (const pair of node.items) {
      stack.push(pair.value);
      if (!isScalar(pair.key)) {
        const at = lines.linePos(isNode(pair.key) ? (pair.key.range?.[0] ?? 0) : 0);
        // `n: {{ seq }}` unquoted is this: YAML reads `{ {seq: null}: null }`, a map as a key.
        const template = node.flow === true && isMap(pair.key) && pair.key.flow === true;
        const hint = template ? '; a template must be quoted in YAML: write "{{ seq }}", not {{ seq }}' : "";
        found.push({
          ...at,
          message: `YAML syntax error: a key must be plain text, not a list or a map${hint}`,
        });
        continue;
      }
      const key = String(pair.key.value);
      if (seen.has(key)) {
        const at = lines.linePos(pair.key.range?.[0] ?? 0);
        const message = `YAML syntax error: Map keys must be unique ("${clipText(key)}" is written twice)`;
        found.push({ line: at.line, col: at.col, message });
      }
      seen.add(key);
    }
  }
  return found.sort((a, b) => a.line - b.line || a.col - b.col);
}
