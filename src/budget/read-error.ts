import type { ReadDataFile } from "./flow-checks.js";

/**
 * Why a file named in a budget (a data file, a TLS file) could not be read, in a few words:
 * `no such file`, the errno code (`EACCES`, `EISDIR`), or the error's own message.
 */
function readErrorWhy(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === "ENOENT") return "no such file";
  return typeof code === "string" ? code : (error as Error).message;
}

/** How a reader of budget-named files words its two failures (each names the file itself). */
export interface ReadExplained {
  /** The budget was parsed from a string, so a relative path has no folder. */
  readonly noFolder: string;
  /** The file could not be read; `why` is `readErrorWhy`'s. */
  readonly unreadable: (why: string) => string;
}

/**
 * Reads `file` (relative to the budget's folder, through `readData`) for the data-file and
 * TLS-file rules: its text, or the problem to report in the reader's own words. A failed read is
 * a located budget problem, never an exception: every file's problem is listed with the rest.
 */
export function readBudgetFile(
  file: string,
  readData: ReadDataFile | undefined,
  explain: ReadExplained,
): { readonly text: string } | { readonly problem: string } {
  if (readData === undefined) return { problem: explain.noFolder };
  try {
    return { text: readData(file) };
  } catch (error) {
    return { problem: explain.unreadable(readErrorWhy(error)) };
  }
}
