/**
 * Saving this run's report.json as the baseline artifact that later pull requests compare with.
 * A failed upload is a warning: the run's own gate does not depend on it.
 */
import { basename, dirname } from "node:path";
import type { ArtifactClient } from "@actions/artifact";
import type { SaveBaseline } from "./inputs.js";
import type { RunContext } from "./run-context.js";

/**
 * Whether to upload: `true` always, `false` never, `auto` on a push to the repository's default
 * branch (the runs pull requests look for), never on a PR, whose numbers are not the base's.
 */
export function shouldSaveBaseline(mode: SaveBaseline, context: RunContext): boolean {
  if (mode !== "auto") return mode === "true";
  return (
    context.eventName === "push" &&
    context.defaultBranch !== undefined &&
    context.ref === `refs/heads/${context.defaultBranch}`
  );
}

/** Outcome of `saveBaseline`: the artifact's id, or the warning to print. */
export type SaveBaselineResult =
  | { readonly saved: true; readonly artifactId: number | undefined }
  | { readonly saved: false; readonly warning: string };

/**
 * Uploads `reportPath` as the artifact `artifactName`, with the file at the zip's root under its
 * own name (report.json), where `baseline: auto` looks for it.
 */
export async function saveBaseline(
  client: ArtifactClient,
  reportPath: string,
  artifactName: string,
): Promise<SaveBaselineResult> {
  try {
    const { id } = await client.uploadArtifact(artifactName, [reportPath], dirname(reportPath));
    return { saved: true, artifactId: id };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      saved: false,
      warning: `cannot save ${basename(reportPath)} as the baseline artifact '${artifactName}': ${reason}`,
    };
  }
}
