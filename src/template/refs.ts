/**
 * The names a template reads, collected while it compiles, so the budget can check each against
 * the data file's fields, the earlier steps' captures and the setup's captures.
 */
import type { TemplateRef, TemplateRefs } from "./types.js";

/** Refs being collected; `TemplateRefs` once compiling is done. */
export interface RefsBuilder {
  readonly rowFields: TemplateRef[];
  usesRow: boolean;
  readonly vars: TemplateRef[];
  readonly setup: TemplateRef[];
}

/** An empty collector. */
export function newRefs(): RefsBuilder {
  return { rowFields: [], usesRow: false, vars: [], setup: [] };
}

/** Where an expression sits: its json path (`[]` outside `json:`) and the refs collector. */
export interface Scope {
  readonly path: readonly (string | number)[];
  readonly refs: RefsBuilder;
}

/** The refs of several strings as one (a `json:` body's strings). */
export function freezeRefs(refs: RefsBuilder): TemplateRefs {
  return { rowFields: refs.rowFields, usesRow: refs.usesRow, vars: refs.vars, setup: refs.setup };
}
