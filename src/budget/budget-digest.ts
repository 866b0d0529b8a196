/**
 * The digest that tells whether shard reports come from one budget file (`perf-gate merge`).
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { InputError } from "../errors.js";

/**
 * `sha256:<hex>` of the budget file's BYTES. The bytes rather than the parsed budget: every job of
 * a matrix checks out the same commit, so the file is the same, while the parsed budget holds the
 * job's environment (`${API_URL}`, a token that differs per runner, `--target`), which would make
 * shards of one run look foreign; and a digest of the parsed budget would be a digest of secrets.
 * @throws InputError when the file cannot be read
 */
export async function budgetDigest(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new InputError(`cannot read the budget file ${file} (${code}) to compute its digest`);
  }
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}
