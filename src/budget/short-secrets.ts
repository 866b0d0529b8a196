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
