/**
 * The Node.js version check of the `perf-gate` executable. It runs before anything that loads
 * undici: undici 8 dies at import time on older Node (`createZstdDecompress` is undefined on
 * Node 20), with a stack trace that says nothing about the real cause. This module must import
 * nothing, so the check itself works on any Node that can parse ES modules.
 */

/** The oldest Node.js perf-gate runs on; package.json `engines.node` says `>=` this. */
export const MIN_NODE = { major: 22, minor: 19 } as const;

/** `MIN_NODE` as written in package.json `engines.node`. */
export const MIN_NODE_RANGE = `>=${MIN_NODE.major}.${MIN_NODE.minor}`;

/**
 * Null when `version` (`process.version`, e.g. `v20.20.2`) is new enough, else the one line to
 * print: which Node is needed and the two ways to get it. A version that cannot be parsed is let
 * through: refusing to start on a Node we cannot read would be worse than a late error.
 */
export function nodeVersionProblem(version: string): string | null {
  const match = /^v?(\d+)\.(\d+)/.exec(version.trim());
  if (!match) return null;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major > MIN_NODE.major || (major === MIN_NODE.major && minor >= MIN_NODE.minor)) return null;
  return (
    `perf-gate needs Node.js >= ${MIN_NODE.major}.${MIN_NODE.minor} (this is ${version.trim()}): ` +
    "install Node 24 (nvm install 24), or run it as npx perf-gate from a checkout after npm ci, " +
    "which uses the local Node 24"
  );
}
