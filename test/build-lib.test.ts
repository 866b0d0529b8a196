/**
 * The global setup's freshness rule (test/build-lib.ts): a lib/ is kept only when it was built
 * after every source and tsconfig was last written, and has a .js for every source. A stale
 * lib/ kept by mistake would have the CLI, worker and tarball tests run yesterday's code.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { libIsFresh } from "./build-lib.js";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A checkout whose files were written at the given seconds (an epoch of their own). */
function checkout(files: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), "perf-gate-build-lib-"));
  roots.push(root);
  for (const [file, atS] of Object.entries(files)) {
    const path = join(root, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, "");
    utimesSync(path, atS, atS);
  }
  return root;
}

const BUILT = {
  "tsconfig.json": 100,
  "tsconfig.build.json": 100,
  "src/cli.ts": 200,
  "src/load/part.ts": 300,
  "src/budget/types.d.ts": 900,
  "lib/cli.js": 400,
  "lib/load/part.js": 401,
};

describe("libIsFresh", () => {
  it("keeps a lib/ built after every source and tsconfig", () => {
    expect(libIsFresh(checkout(BUILT))).toBe(true);
  });

  it("rebuilds when a source was written after the build (an edit, a checkout)", () => {
    expect(libIsFresh(checkout({ ...BUILT, "src/load/part.ts": 401 }))).toBe(false);
  });

  it("rebuilds when a tsconfig changed after the build", () => {
    expect(libIsFresh(checkout({ ...BUILT, "tsconfig.build.json": 500 }))).toBe(false);
  });

  it("rebuilds when a source has no .js in lib/ (a new file, or no lib/ at all)", () => {
    expect(libIsFresh(checkout({ ...BUILT, "src/load/new.ts": 50 }))).toBe(false);
    const { "lib/cli.js": _cli, "lib/load/part.js": _part, ...noLib } = BUILT;
    expect(libIsFresh(checkout(noLib))).toBe(false);
  });
});
