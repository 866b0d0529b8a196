/**
 * `--shard k/N` (the CLI) and `shard: k/N` (the action): which shard of a matrix this process is.
 * Parsed at the edge into `Shard` (1-based, as users write it); the engine runs it as the part
 * `{ index: k − 1, count: N }` of every scenario's load (see part.ts).
 */
import { InputError } from "../errors.js";
import type { LoadPart } from "./part.js";

/** Shard `index` (1-based, as written) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Most shards accepted: GitHub runs at most 256 jobs per matrix. */
export const MAX_SHARDS = 256;

/**
 * Parses `k/N`: whole numbers, 1 ≤ k ≤ N ≤ `MAX_SHARDS`. `label` names the flag or the input in
 * the message (`--shard`, `input 'shard'`).
 * @throws InputError, one line naming the label, what it expects and what it got
 */
export function parseShard(value: string, label: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const expected = `${label}: expected k/N, this process's shard k of N (1 ≤ k ≤ N ≤ ${MAX_SHARDS}), like 1/2`;
  if (match === null) throw new InputError(`${expected}; got ${JSON.stringify(value)}`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) {
    throw new InputError(`${expected}; got ${JSON.stringify(value)}: N must be 1 to ${MAX_SHARDS}`);
  }
  if (index < 1 || index > count) {
    throw new InputError(
      `${expected}; got ${JSON.stringify(value)}: shards are numbered 1 to ${count}, so k must be one of those`,
    );
  }
  return { index, count };
}

/** A shard as the part of the load the engine runs (0-based). */
export function shardPart(shard: Shard): LoadPart {
  return { index: shard.index - 1, count: shard.count };
}
