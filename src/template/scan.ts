/**
 * Splits a template string into literal text and `{{ … }}` holes. A hole ends at the first `}}`
 * outside a quoted string, so `{{ pick(["}}"]) }}` and `{{ "{{" }}` (the way to write a literal
 * `{{`) work without an escape character.
 */
import { clipText } from "../budget/clip-text.js";
import type { OffsetProblem } from "./problem.js";

/** One `{{ … }}` in a string; offsets are character offsets in that string. */
export interface Hole {
  /** Offset of the opening `{{`. */
  readonly start: number;
  /** The expression's text is `text.slice(exprStart, exprEnd)` (after `=` for the typed form). */
  readonly exprStart: number;
  readonly exprEnd: number;
  /** Offset just after the closing `}}`. */
  readonly end: number;
  /** True for the typed form `{{= … }}`. */
  readonly typed: boolean;
}

/** The pieces of a template string: `literals.length === holes.length + 1`. */
export interface Scanned {
  readonly literals: readonly string[];
  readonly holes: readonly Hole[];
  readonly problems: readonly OffsetProblem[];
}

/** `text` split at its holes; a hole that cannot be delimited is a problem and ends the scan. */
export function scanTemplate(text: string): Scanned {
  const literals: string[] = [];
  const holes: Hole[] = [];
  let from = 0;
  for (let open = text.indexOf("{{"); open !== -1; open = text.indexOf("{{", from)) {
    const hole = readHole(text, open);
    if ("problem" in hole) return { literals: [text], holes: [], problems: [hole.problem] };
    literals.push(text.slice(from, open));
    holes.push(hole);
    from = hole.end;
  }
  literals.push(text.slice(from));
  return { literals, holes, problems: [] };
}

const LITERAL_HINT = 'a literal "{{" is written {{ "{{" }}';

function readHole(text: string, start: number): Hole | { readonly problem: OffsetProblem } {
  let i = start + 2;
  if (text[i] === "{") {
    return {
      problem: { offset: start, message: `found "{{{": expected an expression after "{{"; ${LITERAL_HINT}` },
    };
  }
  while (text[i] === " " || text[i] === "\t") i++;
  const typed = text[i] === "=";
  const exprStart = typed ? i + 1 : start + 2;
  for (i = exprStart; i < text.length; i++) {
    const char = text[i];
    if (char === "}" && text[i + 1] === "}") return { start, exprStart, exprEnd: i, end: i + 2, typed };
    if (char === '"' || char === "'") {
      const close = closingQuote(text, i);
      if (close === -1) {
        const shown = clipText(text.slice(i));
        return { problem: { offset: i, message: `string ${shown} is not closed: add a closing ${char}` } };
      }
      i = close;
    }
  }
  const shown = clipText(text.slice(start));
  return {
    problem: {
      offset: start,
      message: `"{{" is not closed in "${shown}": expected "}}" after the expression; ${LITERAL_HINT}`,
    },
  };
}

/** Offset of the quote closing the string opened at `open`, or -1; a backslash escapes one character. */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}
