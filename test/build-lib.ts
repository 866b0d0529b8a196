/**
 * Vitest global setup: builds lib/ once for the whole test run, as `npm ci` does (the prepare
 * script: emit without type-checking, which is `npm run typecheck`'s job, so a type error
 * elsewhere does not hide what the tests check). The tests that run the CLI as a process, load
 * the built modules into worker threads, or pack the tarball read it; each used to build it
 * itself (about 14 s a build).
 */
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

export default function setup(): void {
  execFileSync(
    process.execPath,
    [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--noCheck"],
    {
      cwd: ROOT,
      stdio: "pipe",
    },
  );
}
