/**
 * Finds a Node.js older than perf-gate supports on this machine, for the "wrong Node" process
 * tests: the first `node` on PATH outside node_modules (the local Node 24 of the `node@24`
 * devDependency is first on PATH under npm and npx), then the usual system locations.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

/** Path of a `node` whose major version is below `belowMajor`, or undefined when there is none. */
export function findOldNode(belowMajor: number): string | undefined {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter((d) => d && !d.includes("node_modules"));
  for (const dir of [...dirs, "/usr/bin", "/usr/local/bin", "/bin"]) {
    const candidate = join(dir, "node");
    if (!existsSync(candidate)) continue;
    try {
      const version = execFileSync(candidate, ["-p", "process.versions.node"], {
        encoding: "utf8",
        timeout: 10_000,
      });
      if (Number(version.split(".")[0]) < belowMajor) return candidate;
    } catch {
      // Not runnable (another architecture, a broken shim): look further.
    }
  }
  return undefined;
}
