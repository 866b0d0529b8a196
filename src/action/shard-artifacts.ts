/**
 * Shard reports travel between the jobs of one workflow run as artifacts: each shard job uploads
 * its report as `perf-gate-shard-k-of-N`, and the merge job downloads every one of this run's.
 * Only the artifact names carry the shard number; the merge trusts none of it and checks the
 * reports themselves (check-shards.ts), so a stray or foreign artifact is a clear error there.
 */
import { readdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { ArtifactClient } from "@actions/artifact";
import { InputError, RunError } from "../errors.js";
import type { Shard } from "../load/shard.js";
import { INPUT_DEFAULTS } from "./inputs.js";

/** What the shard and merge jobs ask of the artifact client (the tests' fake provides just this). */
export type ShardArtifactClient = Pick<
  ArtifactClient,
  "uploadArtifact" | "listArtifacts" | "downloadArtifact"
>;

/**
 * The prefix of a budget's shard artifacts: `perf-gate` for the default `artifact-name`, else
 * that name, so two sharded budgets of one workflow (one `artifact-name` each) never mix.
 */
function prefixOf(artifactName: string): string {
  return artifactName === INPUT_DEFAULTS.artifactName ? "perf-gate" : artifactName;
}

/** `perf-gate-shard-2-of-4` (or `<artifact-name>-shard-2-of-4`). */
export function shardArtifactName(artifactName: string, shard: Shard): string {
  return `${prefixOf(artifactName)}-shard-${shard.index}-of-${shard.count}`;
}

/** Whether `name` is one of the budget's shard artifacts. */
function isShardArtifact(artifactName: string, name: string): boolean {
  const prefix = prefixOf(artifactName);
  return name.startsWith(`${prefix}-shard-`) && /^\d+-of-\d+$/.test(name.slice(prefix.length + 7));
}

/**
 * Uploads the shard's report as its artifact, the file at the zip's root.
 * @throws RunError when it cannot: without it, the merge job would only find the shard missing
 */
export async function uploadShardReport(
  client: ShardArtifactClient,
  reportPath: string,
  name: string,
): Promise<void> {
  try {
    await client.uploadArtifact(name, [reportPath], dirname(reportPath));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RunError(
      `cannot upload the shard report ${basename(reportPath)} as the artifact '${name}': ${reason}`,
    );
  }
}

/**
 * Downloads every shard artifact of this workflow run (the latest of each name: a re-run job
 * replaces its earlier attempt's) into `dir/<artifact name>/`, and returns the report file of
 * each, in name order.
 * @throws InputError when there is none, or an artifact holds no single .json report
 */
export async function downloadShardReports(
  client: ShardArtifactClient,
  artifactName: string,
  dir: string,
): Promise<string[]> {
  const { artifacts } = await client.listArtifacts({ latest: true });
  const shards = artifacts.filter((a) => isShardArtifact(artifactName, a.name));
  shards.sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
  if (shards.length === 0)
    throw new InputError(
      `merge: no ${prefixOf(artifactName)}-shard-k-of-N artifact in this workflow run: run the shard jobs (shard: k/N) first, and give the merge job \`needs:\` on them`,
    );
  const files: string[] = [];
  for (const artifact of shards) {
    const path = join(dir, artifact.name);
    const { downloadPath } = await client.downloadArtifact(artifact.id, { path });
    const folder = downloadPath ?? path;
    const reports = (await readdir(folder)).filter((f) => f.endsWith(".json"));
    if (reports.length !== 1)
      throw new InputError(
        `merge: the artifact '${artifact.name}' holds ${reports.length} .json files, not one shard report: upload it with shard: k/N`,
      );
    files.push(join(folder, reports[0] as string));
  }
  return files;
}
