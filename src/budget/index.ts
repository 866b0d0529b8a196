/**
 * The budget file: parse, validate and interpolate `perf-budget.yml` into a typed `Budget`.
 * The rest of the pipeline imports from here.
 */
export { budgetJsonSchema } from "./json-schema.js";
export { type BudgetOptions, loadBudget, parseBudget } from "./parse.js";
export { REDACTED, redactSecrets } from "./secrets.js";
export type * from "./types.js";
