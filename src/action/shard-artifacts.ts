/**
 * Shard reports travel between the jobs of one workflow run as artifacts: each shard job uploads
 * its report as `perf-gate-shard-k-of-N`, and the merge job downloads every one of this run's.
 * Only the artifact names carry the shard number; the merge trusts none of it and checks the
 * reports themselves (check-shards.ts), so a stray or foreign artifact is a clear error there.
 * The names only choose what to download: the latest attempt's split (`chooseShardArtifacts`).
 */
import { readdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Artifact, ArtifactClient } from "@actions/artifact";
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

/** The shard `count` (N) of one of the budget's shard artifacts, or undefined for another artifact. */
function splitOf(artifactName: string, name: string): number | undefined {
  const prefix = `${prefixOf(artifactName)}-shard-`;
  if (!name.startsWith(prefix)) return undefined;
  const match = /^\d+-of-(\d+)$/.exec(name.slice(prefix.length));
  return match ? Number(match[1]) : undefined;
}

/** An artifact as `listArtifacts` lists it: what choosing among them reads. */
export type ListedArtifact = Pick<Artifact, "id" | "name" | "createdAt">;

/**
 * Newest first: by `createdAt` when every artifact has one, ties and the rest by id (the service
 * numbers artifacts in upload order, and its own `latest` filter goes by id alone).
 */
function newestFirst(artifacts: readonly ListedArtifact[]): ListedArtifact[] {
  const timed = artifacts.every((a) => a.createdAt !== undefined);
  const at = (a: ListedArtifact): number => (timed ? (a.createdAt?.getTime() ?? 0) : 0);
  return [...artifacts].sort((a, b) => at(b) - at(a) || b.id - a.id);
}

/** `perf-gate-shard-k-of-4 (4 artifacts, last uploaded 2026-12-01T21:30:00.000Z)`. */
function describeSplit(artifactName: string, count: number, listed: readonly ListedArtifact[]): string {
  const newest = listed[0]?.createdAt;
  const when = newest === undefined ? "" : `, last uploaded ${newest.toISOString()}`;
  const n = listed.length;
  return `${prefixOf(artifactName)}-shard-k-of-${count} (${n} artifact${n === 1 ? "" : "s"}${when})`;
}

/** The shard artifacts `downloadShardReports` merges, and the warning when it left some out. */
export interface ChosenShardArtifacts {
  /** In shard order. */
  readonly chosen: readonly ListedArtifact[];
  readonly warning?: string;
}

/**
 * The budget's shard artifacts of this run to merge. A re-run attempt uploads its shards again:
 * of each name the newest is taken (what `listArtifacts({ latest: true })` does, done here too
 * so that no listing can hand the merge an earlier attempt's shard). A re-run with another
 * shard count leaves the earlier split's artifacts under other names (`-of-4` beside `-of-2`):
 * the split whose newest artifact is the newest is the latest attempt's, so it is merged and the
 * others are named in one warning (merging them all could only fail: "another split").
 */
export function chooseShardArtifacts(
  artifacts: readonly ListedArtifact[],
  artifactName: string,
): ChosenShardArtifacts {
  const bySplit = new Map<number, ListedArtifact[]>();
  const seen = new Set<string>();
  for (const artifact of newestFirst(artifacts)) {
    const count = splitOf(artifactName, artifact.name);
    if (count === undefined || seen.has(artifact.name)) continue;
    seen.add(artifact.name);
    bySplit.set(count, [...(bySplit.get(count) ?? []), artifact]);
  }
  // Each split's list is newest first, and the map is in order of first insertion: newest split first.
  const [latest, ...older] = [...bySplit.entries()];
  if (latest === undefined) return { chosen: [] };
  const chosen = [...latest[1]].sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
  if (older.length === 0) return { chosen };
  const ignored = older.map(([count, listed]) => describeSplit(artifactName, count, listed)).join(", ");
  return {
    chosen,
    warning: `merge: this run holds the shard artifacts of ${older.length + 1} splits (a re-run with another shard count): merging the newest, ${describeSplit(artifactName, latest[0], latest[1])}, and ignoring ${ignored}`,
  };
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
 * Downloads the shard artifacts of this workflow run to merge (`chooseShardArtifacts`: the
 * newest split, the newest of each name) into `dir/<artifact name>/`, and returns the report
 * file of each, in shard order, with the warning naming the artifacts left out, if any.
 * @throws InputError when there is none, or an artifact holds no single .json report
 */
export async function downloadShardReports(
  client: ShardArtifactClient,
  artifactName: string,
  dir: string,
): Promise<{ readonly files: string[]; readonly warnings: readonly string[] }> {
  const { artifacts } = await client.listArtifacts({ latest: true });
  const { chosen: shards, warning } = chooseShardArtifacts(artifacts, artifactName);
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
  return { files, warnings: warning === undefined ? [] : [warning] };
}
