/**
 * perf-gate's own version for `report.tool.version`. The action runs from a bundle (dist/index.js)
 * as well as from source and lib/, each at a different depth below the package root, so the
 * package.json is found by walking up rather than by a fixed relative path.
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The `version` of the nearest package.json named `perf-gate` above `fromUrl` (a module URL). */
export async function readActionVersion(fromUrl: string = import.meta.url): Promise<string> {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    const version = await versionIn(join(dir, "package.json"));
    if (version !== undefined) return version;
    const parent = dirname(dir);
    // Reaching the root means the action was copied without its package.json: still run.
    if (parent === dir) return "unknown";
    dir = parent;
  }
}

async function versionIn(path: string): Promise<string | undefined> {
  try {
    const pkg = JSON.parse(await readFile(path, "utf8")) as { name?: unknown; version?: unknown };
    return pkg.name === "perf-gate" && typeof pkg.version === "string" ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}
