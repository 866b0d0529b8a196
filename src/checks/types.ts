/**
 * Checks on responses (`checks:`) and captures (`capture:`), as typed budget values. The load
 * layer evaluates them on every measured response (`evaluateCheck`, `extractCapture`); a body is
 * buffered only when a check or a capture reads it.
 */

/** How a text is matched: exactly, or by a regular expression written `/…/flags`. */
export type TextMatcher =
  | { readonly kind: "equals"; readonly text: string }
  | { readonly kind: "regex"; readonly source: string; readonly flags: string };

/** A test on the value a JSONPath selects. */
export type JsonTest =
  | { readonly kind: "exists" }
  | { readonly kind: "not_empty" }
  | { readonly kind: "equals"; readonly value: string | number | boolean | null }
  | { readonly kind: "matches"; readonly source: string; readonly flags: string };

/** What one check asks of a response. */
export type CheckRule =
  | { readonly kind: "status"; readonly statuses: readonly number[] }
  | { readonly kind: "header"; readonly header: string; readonly match: TextMatcher }
  | { readonly kind: "json"; readonly jsonPath: string; readonly test: JsonTest }
  | {
      readonly kind: "body";
      readonly contains?: string;
      readonly matches?: { source: string; flags: string };
    }
  | { readonly kind: "stream"; readonly minTokens?: number; readonly finishReason?: string };

/** One check of a request or step. */
export interface CheckSpec {
  /**
   * Unique in its scenario (steps prefix theirs: see the budget), the name in
   * `checks.<name>.pass_rate`. Default: the check's kind (`status`, `body`, …), numbered when a
   * kind repeats (`body_2`).
   */
  readonly name: string;
  readonly rule: CheckRule;
  /** Line of the check in the budget file (1-based), for samples and annotations. */
  readonly line: number;
  /** The check as written, one line, for messages (`body: { contains: '"results"' }`). */
  readonly source: string;
}

/** Where a capture takes its value. */
export type CaptureFrom =
  | { readonly kind: "json"; readonly jsonPath: string }
  | { readonly kind: "header"; readonly header: string }
  | { readonly kind: "regex"; readonly source: string; readonly flags: string };

/** One `capture:` entry of a step (or of `setup:`): `{{ vars.<name> }}` / `{{ setup.<name> }}`. */
export interface CaptureSpec {
  readonly name: string;
  readonly from: CaptureFrom;
  readonly line: number;
}

/** The parts of a response checks and captures read. Header names are lower-case. */
export interface ResponseView {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text, or null when nothing needed it (it was not buffered). */
  readonly body: string | null;
  /** Streamed responses: output tokens and the last `finish_reason` seen (null: none). */
  readonly stream?: { readonly outputTokens: number; readonly finishReason: string | null };
}
