/**
 * The defaults of the budget file, in one object (autocannon's `defaultOptions`): applied when the
 * typed budget is built, and shown to editors through the JSON Schema.
 */

/** Defaults, as a user would write them; also shown by editors through the JSON Schema. */
export const BUDGET_DEFAULTS = {
  method: "GET",
  path: "/",
  timeout: "30s",
  connections: 10,
  arrival: "constant",
  seed: 1,
  warmup: "0s",
  untrusted: "fail",
  workers: 1,
} as const;
