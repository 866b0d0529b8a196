/**
 * The budget file: parse, validate and interpolate `perf-budget.yml` into a typed `Budget`.
 * The rest of the pipeline imports from here.
 */

export type { BudgetUse } from "./budget-use.js";
export { budgetJsonSchema } from "./json-schema.js";
export { LOAD_LIMITS } from "./limits.js";
export { loadBudget } from "./load-budget.js";
export { type BudgetOptions, parseBudget } from "./parse-budget.js";
export { REDACTED, redactExcerpt, redactSecrets } from "./secrets.js";
export type * from "./types.js";
