#!/usr/bin/env node
// The `perf-gate` executable of the package. It is committed JavaScript, not compiled, so the file
// exists in every checkout: npm links a package's bin only when the file is there at install time,
// and `npx perf-gate` from a checkout caches that install, so a bin inside lib/ that appeared after
// `npm run build` stayed unlinked ("perf-gate: not found") until the npx cache was cleared.
// lib/ is built by `npm ci` (the `prepare` script) and ships in the published package.
// Kept to syntax and APIs every Node with ES modules has: it runs before the version check.
import { existsSync } from "node:fs";

const cli = new URL("../lib/cli.js", import.meta.url);
if (existsSync(cli)) {
  await import(cli.href);
} else {
  process.stderr.write(
    "perf-gate: lib/ is not built (lib/cli.js is missing): run `npm run build` in the perf-gate checkout (npm ci does it)\n",
  );
  process.exitCode = 2;
}
