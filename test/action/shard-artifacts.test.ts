/**
 * Which shard artifacts of a workflow run the merge job downloads. A re-run attempt uploads its
 * shards again (same names), and a re-run with another shard count leaves the earlier split's
 * artifacts beside the new ones (`-of-4` beside `-of-2`): merging them all failed with "another
 * split" until they were deleted. The truth is the listing itself: which artifact is the newest.
 */
import { describe, expect, it } from "vitest";
import { chooseShardArtifacts, type ListedArtifact } from "../../src/action/shard-artifacts.js";

const T0 = Date.UTC(2026, 11, 1, 20, 0, 0);

/** An artifact uploaded `minutes` after T0, with id `id`. */
function artifact(id: number, name: string, minutes?: number): ListedArtifact {
  return { id, name, ...(minutes === undefined ? {} : { createdAt: new Date(T0 + minutes * 60_000) }) };
}

const names = (chosen: readonly ListedArtifact[]): string[] => chosen.map((a) => `${a.name}#${a.id}`);

describe("chooseShardArtifacts", () => {
  it("merges the newest split when an earlier attempt ran another shard count, and names the ignored split in one warning", () => {
    const listed = [
      artifact(1, "perf-gate-shard-1-of-4", 0),
      artifact(2, "perf-gate-shard-2-of-4", 0),
      artifact(3, "perf-gate-shard-3-of-4", 1),
      artifact(4, "perf-gate-shard-4-of-4", 1),
      artifact(5, "perf-gate-report", 2),
      artifact(6, "perf-gate-shard-2-of-2", 30),
      artifact(7, "perf-gate-shard-1-of-2", 31),
    ];
    const { chosen, warning } = chooseShardArtifacts(listed, "perf-gate-report");
    expect(names(chosen)).toEqual(["perf-gate-shard-1-of-2#7", "perf-gate-shard-2-of-2#6"]);
    expect(warning).toBe(
      "merge: this run holds the shard artifacts of 2 splits (a re-run with another shard count): merging the newest, perf-gate-shard-k-of-2 (2 artifacts, last uploaded 2026-12-01T20:31:00.000Z), and ignoring perf-gate-shard-k-of-4 (4 artifacts, last uploaded 2026-12-01T20:01:00.000Z)",
    );
  });

  it("takes the newest of a shard uploaded twice in re-run attempts, without a warning", () => {
    const listed = [
      artifact(1, "perf-gate-shard-1-of-2", 0),
      artifact(2, "perf-gate-shard-2-of-2", 0),
      artifact(3, "perf-gate-shard-2-of-2", 20),
    ];
    const { chosen, warning } = chooseShardArtifacts(listed, "perf-gate-report");
    expect(names(chosen)).toEqual(["perf-gate-shard-1-of-2#1", "perf-gate-shard-2-of-2#3"]);
    expect(warning).toBeUndefined();
  });

  it("goes by id when the listing has no upload times (the service numbers artifacts in upload order)", () => {
    const listed = [
      artifact(9, "perf-gate-shard-1-of-3"),
      artifact(3, "perf-gate-shard-1-of-2"),
      artifact(4, "perf-gate-shard-2-of-2"),
      artifact(10, "perf-gate-shard-2-of-3"),
      artifact(11, "perf-gate-shard-3-of-3"),
      artifact(12, "perf-gate-shard-1-of-3"),
    ];
    const { chosen, warning } = chooseShardArtifacts(listed, "perf-gate-report");
    expect(names(chosen)).toEqual([
      "perf-gate-shard-1-of-3#12",
      "perf-gate-shard-2-of-3#10",
      "perf-gate-shard-3-of-3#11",
    ]);
    expect(warning).toMatch(
      /merging the newest, perf-gate-shard-k-of-3 \(3 artifacts\), and ignoring perf-gate-shard-k-of-2 \(2 artifacts\)$/,
    );
  });

  it("orders the shards numerically (shard 10 after shard 9) and leaves other budgets' shards alone", () => {
    const listed = [
      ...Array.from({ length: 10 }, (_, i) => artifact(i + 1, `perf-gate-shard-${10 - i}-of-10`, 5)),
      artifact(20, "checkout-perf-shard-1-of-2", 50),
      artifact(21, "checkout-perf-shard-2-of-2", 50),
    ];
    const { chosen, warning } = chooseShardArtifacts(listed, "perf-gate-report");
    expect(chosen.map((a) => a.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `perf-gate-shard-${i + 1}-of-10`),
    );
    expect(warning).toBeUndefined();
    expect(chooseShardArtifacts(listed, "checkout-perf").chosen.map((a) => a.name)).toEqual([
      "checkout-perf-shard-1-of-2",
      "checkout-perf-shard-2-of-2",
    ]);
  });

  it("chooses nothing when the run holds no shard artifact", () => {
    expect(chooseShardArtifacts([artifact(1, "perf-gate-report", 0)], "perf-gate-report")).toEqual({
      chosen: [],
    });
  });
});
