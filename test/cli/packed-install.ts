/**
 * Installs a packed perf-gate tarball into an empty folder the way a user's `npm install` would,
 * but offline and repeatable: the folder gets a lock file made from perf-gate's own (its
 * non-dev packages, at the same hoisted paths) and `npm ci --offline` fetches each tarball by its
 * integrity from the npm cache that the checkout's `npm ci` filled. A plain `npm install
 * --offline <tarball>` is not enough: resolving `undici@^8` needs the registry's package
 * documents, which `npm ci` never fetches, so the cache of a CI machine does not have them.
 */
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

interface LockEntry {
  readonly version?: string;
  readonly dev?: boolean;
  readonly [key: string]: unknown;
}

interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly license?: string;
  readonly bin?: Record<string, string>;
  readonly engines?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
}

/** The lock file of a folder whose only dependency is `tarball`, from the project's lock file. */
export function lockForTarball(
  projectLock: { readonly packages: Record<string, LockEntry> },
  manifest: PackageManifest,
  tarballName: string,
): unknown {
  const spec = `file:${tarballName}`;
  const packages: Record<string, unknown> = {
    "": { name: "perf-gate-install-check", dependencies: { [manifest.name]: spec } },
    [`node_modules/${manifest.name}`]: {
      version: manifest.version,
      resolved: spec,
      license: manifest.license,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  for (const [path, entry] of Object.entries(projectLock.packages)) {
    // The project's own runtime tree: perf-gate sits at node_modules/perf-gate and resolves its
    // dependencies from the top-level node_modules, exactly where the project has them.
    if (path.startsWith("node_modules/") && entry.dev !== true) packages[path] = entry;
  }
  return { name: "perf-gate-install-check", lockfileVersion: 3, requires: true, packages };
}

/** Writes package.json and the lock file into `dir` (empty), then runs `npm ci --offline` there. */
export async function installTarballOffline(
  projectRoot: string,
  tarball: string,
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const manifest = JSON.parse(await readFile(join(projectRoot, "package.json"), "utf8")) as PackageManifest;
  const projectLock = JSON.parse(await readFile(join(projectRoot, "package-lock.json"), "utf8"));
  const name = basename(tarball);
  await writeFile(
    join(dir, "package.json"),
    JSON.stringify({
      name: "perf-gate-install-check",
      private: true,
      dependencies: { [manifest.name]: `file:${name}` },
    }),
  );
  await writeFile(
    join(dir, "package-lock.json"),
    JSON.stringify(lockForTarball(projectLock, manifest, name)),
  );
  await run("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: dir, env });
}
