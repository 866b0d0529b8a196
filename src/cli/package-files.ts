/**
 * Files of the installed package, found relative to this module rather than the working
 * directory: `perf-gate` runs from any folder. This file sits two levels below the package root
 * both as source (`src/cli/`) and compiled (`lib/cli/`), so one relative path serves both.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const PACKAGE_ROOT = new URL("../../", import.meta.url);

/** Absolute path of a file inside the package, e.g. `examples/perf-budget.yml`. */
export function packagePath(relative: string): string {
  return fileURLToPath(new URL(relative, PACKAGE_ROOT));
}

/** The `version` field of the package's own package.json. */
export async function readToolVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(packagePath("package.json"), "utf8")) as { version?: unknown };
  if (typeof pkg.version !== "string") throw new Error("package.json has no version");
  return pkg.version;
}
