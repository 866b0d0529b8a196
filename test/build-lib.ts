/**
 * Vitest global setup: builds lib/ once for the whole test run, as `npm ci` does (the prepare
 * script: emit without type-checking, which is `npm run typecheck`'s job, so a type error
 * elsewhere does not hide what the tests check). The tests that run the CLI as a process, load
 * the built modules into worker threads, or pack the tarball read it; each used to build it
 * itself (about 14 s a build). Only the root config names this file, so it runs once however
 * many projects vitest.config.ts has.
 *
 * A lib/ newer than every source is kept as it is (make's rule): in CI `npm ci`'s prepare script
 * has just built it, and a second build of the same sources cost ~14 s of every test run.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Files besides src/**\/*.ts whose change changes what tsc emits. */
const CONFIGS = ["tsconfig.json", "tsconfig.build.json"];

/** The file's mtime in ms, or undefined when it does not exist. */
function mtimeMs(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Whether lib/ holds a build of the current sources: every src/**\/*.ts has its lib/ .js, and no
 * source or tsconfig was written after the oldest of those .js files. (tsc rewrites every output
 * on each build, so a build leaves them all newer than its inputs.)
 */
export function libIsFresh(root: string = ROOT): boolean {
  let newestInputMs = Math.max(...CONFIGS.map((c) => mtimeMs(join(root, c)) ?? Number.POSITIVE_INFINITY));
  let oldestOutputMs = Number.POSITIVE_INFINITY;
  const sources = readdirSync(join(root, "src"), { recursive: true, encoding: "utf8" });
  for (const source of sources.filter((s) => s.endsWith(".ts") && !s.endsWith(".d.ts"))) {
    const output = mtimeMs(join(root, "lib", source.replace(/\.ts$/, ".js")));
    if (output === undefined) return false;
    newestInputMs = Math.max(newestInputMs, mtimeMs(join(root, "src", source)) ?? Number.POSITIVE_INFINITY);
    oldestOutputMs = Math.min(oldestOutputMs, output);
  }
  return newestInputMs < oldestOutputMs;
}

export default function setup(): void {
  if (libIsFresh()) return;
  execFileSync(
    process.execPath,
    [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--noCheck"],
    {
      cwd: ROOT,
      stdio: "pipe",
    },
  );
}
