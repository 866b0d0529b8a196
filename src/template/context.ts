/**
 * Builders of `TemplateContext`: one per request, its random stream seeded from (seed, seq).
 */
import { requestRandom } from "./random.js";
import type { TemplateContext, TemplateValue } from "./types.js";

/** What a request's context is built from; absent parts are empty. */
export interface ContextParts {
  /** The scenario's seed (integer). */
  readonly seed: number;
  /** The iteration's number, from 0. */
  readonly seq: number;
  readonly row?: TemplateValue;
  readonly vars?: Readonly<Record<string, string>>;
  readonly setup?: Readonly<Record<string, string>>;
}

const NONE: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The context of request `seq`: its `random` is `requestRandom(seed, seq)`, fresh, so values
 * drawn depend only on (seed, seq) and on the order the request's templates draw them (path,
 * headers, then body: fixed by the engine).
 */
export function requestContext(parts: ContextParts): TemplateContext {
  return {
    seq: parts.seq,
    random: requestRandom(parts.seed, parts.seq),
    row: parts.row,
    vars: parts.vars ?? NONE,
    setup: parts.setup ?? NONE,
  };
}

/** The context of request 0 with seed 0 and no row, vars or setup (tests, constant templates). */
export function emptyContext(): TemplateContext {
  return requestContext({ seed: 0, seq: 0 });
}
