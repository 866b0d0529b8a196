/**
 * Warnings about secrets too short to mask cleanly. Every value read from the environment is a
 * secret and is replaced by `***` wherever it appears in printed text; a value of a few
 * characters (a port, a region, a one-word model name) also appears inside unrelated numbers and
 * words, which then print masked. perf-gate keeps masking them (a leak is worse than garbled
 * output) and says why the output looks that way and how to avoid it.
 */

/** Values shorter than this many characters get a warning. */
export const SHORT_SECRET_CHARS = 6;

/**
 * One warning per short secret, naming its variable and length (never the value), in order of
 * first use.
 * @param secretNames each secret value → the variable that supplied it
 */
export function shortSecretWarnings(secretNames: ReadonlyMap<string, string>): string[] {
  const warnings: string[] = [];
  for (const [value, name] of secretNames) {
    if (value.length >= SHORT_SECRET_CHARS) continue;
    const chars = `${value.length} character${value.length === 1 ? "" : "s"}`;
    warnings.push(
      `\${${name}} is only ${chars} long: like every value from the environment it is masked as *** ` +
        "wherever it appears in the output, even inside unrelated numbers and words. If it is not a " +
        "secret (a port, a model name), write it in the budget file instead.",
    );
  }
  return warnings;
}

/**
 * The warning for values a `setup:` request captured that are shorter than
 * `SHORT_SECRET_CHARS` (a fixture's id like "42"), or null when none is: they are secrets and
 * masked like the environment's, so every "42" in the output prints as ***. Never the value.
 */
export function shortCapturedWarning(values: readonly string[]): string | null {
  const short = values.filter((value) => value.length < SHORT_SECRET_CHARS);
  if (short.length === 0) return null;
  const lengths = short.map((value) => value.length).join(", ");
  const what =
    short.length === 1 ? `a value it captured is only ${lengths}` : `values it captured are only ${lengths}`;
  return (
    `setup: ${what} character(s) long: captured values are secrets, masked as *** wherever they ` +
    "appear in the output, even inside unrelated numbers and words. Capture only what is secret (a " +
    "token); read an id that is not a secret in each iteration instead (a step's capture)."
  );
}
