/**
 * A part of a scenario's load: what one worker thread, or one shard of a matrix, runs when a
 * scenario is split (`load.workers`, `--shard k/N`). Part `index` of `count` (0-based) runs:
 * - open model: every `count`-th arrival of the scenario's ONE absolute schedule, starting at
 *   arrival `index` (`partSchedule`). Each part draws the whole schedule from the same seed and
 *   keeps its own arrivals, so the union of the parts is exactly the single-process schedule —
 *   same due times, same Poisson realization, reproducible against a run of one process. A rate
 *   share per part with its own seed would only be equal in law (N Poisson(λ/N) processes
 *   superpose to a Poisson(λ)), not arrival by arrival, and would need per-part offsets to keep
 *   constant arrivals evenly spread; drawing every arrival costs a few ns per arrival skipped.
 * - closed model: its share of the connections (`partConnections`): ⌊C/N⌋, one more for the
 *   first C mod N parts.
 * - iterations: its local iteration j is the scenario's iteration `j × count + index`
 *   (`globalIteration`), so `{{ seq }}`, the seeded random values and the data row of iteration n
 *   are those a single process gives iteration n, and the parts walk disjoint slices of the rows.
 *
 * A shard that runs workers is split again: worker w of W inside shard s of S (both 0-based) is
 * part `s × W + w` of `S × W` (`nestedPart`), so the same three rules hold for the whole matrix.
 */
import type { LoadSpec } from "../budget/types.js";
import type { ArrivalSchedule } from "./schedule.js";

/** Part `index` (0-based) of `count` parts of one scenario's load. */
export interface LoadPart {
  readonly index: number;
  readonly count: number;
}

/** The whole load, as one part: what a single process runs. */
export const WHOLE: LoadPart = Object.freeze({ index: 0, count: 1 });

/** True when `part` is a well-formed part: integers, 0 ≤ index < count. */
export function isLoadPart(part: LoadPart): boolean {
  return (
    Number.isInteger(part.index) && Number.isInteger(part.count) && part.index >= 0 && part.index < part.count
  );
}

/** Worker `inner` of a part `outer` that is itself split (a shard's workers), as one part of the whole. */
export function nestedPart(outer: LoadPart, inner: LoadPart): LoadPart {
  return { index: outer.index * inner.count + inner.index, count: outer.count * inner.count };
}

/** The closed model's connections of `part`: ⌊total/count⌋, plus one for the first `total mod count` parts. */
export function partConnections(total: number, part: LoadPart): number {
  return Math.floor(total / part.count) + (part.index < total % part.count ? 1 : 0);
}

/** The scenario-wide iteration number of a part's local iteration `local` (0-based). */
export function globalIteration(local: number, part: LoadPart): number {
  return local * part.count + part.index;
}

/**
 * The arrivals of `part` out of the whole `schedule`: arrivals `index`, `index + count`,
 * `index + 2·count` … of the whole, at the whole schedule's offsets. `skipBelow` counts only the
 * part's own arrivals below the limit (each part then reports its own drops: the parts' sum is
 * the whole's). The whole schedule is consumed by this part alone: build one per part.
 */
export function partSchedule(schedule: ArrivalSchedule, part: LoadPart): ArrivalSchedule {
  if (part.count === 1) return schedule;
  /** Whole-schedule index of the next arrival `schedule.next()` would return. */
  let position = 0;
  return {
    next: () => {
      // Pass the whole schedule's arrivals up to the part's next own one.
      while (position % part.count !== part.index) {
        schedule.next();
        position++;
      }
      position++;
      return schedule.next();
    },
    skipBelow: (limitMs) => {
      // The whole schedule skips in bounded time; the part's share of what it skipped is the
      // count of its own indices among them.
      const from = position;
      position += schedule.skipBelow(limitMs);
      return ownIndicesIn(from, position, part);
    },
  };
}

/** How many indices i in [from, to) have i mod count = index. */
export function ownIndicesIn(from: number, to: number, part: LoadPart): number {
  const upTo = (end: number): number =>
    end <= part.index ? 0 : Math.floor((end - part.index - 1) / part.count) + 1;
  return upTo(to) - upTo(from);
}

/**
 * The load a part's engine runs: the whole's schedule (rate, stage rates, seed, duration
 * untouched: the part draws the whole schedule and keeps its arrivals) and its share of the
 * connections — the open model's pool cap and the closed model's loops, each stage's loop count
 * and the shape's start count too — at least one each (a part with no connection could not
 * send; the caller refuses more parts than connections in the closed model). A closed-model
 * shape keeps its stages and start as the whole's: see `partLoops`.
 */
export function partLoad(load: LoadSpec, part: LoadPart): LoadSpec {
  if (part.count === 1) return load;
  const share = (n: number): number => Math.max(1, partConnections(n, part));
  // A closed-model shape keeps the WHOLE shape: the part runs its own loops of the whole's loop
  // target (`partLoops`), so the parts' loops add up to one process's at every moment (a ramp
  // shared per part started every part at one loop: N loops where one process runs one).
  if (load.ratePerSec === undefined && load.stages !== undefined)
    return { ...load, connections: share(load.connections) };
  return {
    ...load,
    connections: share(load.connections),
    ...(load.startConnections === undefined ? {} : { startConnections: share(load.startConnections) }),
    ...(load.stages === undefined
      ? {}
      : {
          stages: load.stages.map((s) =>
            s.connections === undefined ? s : { ...s, connections: share(s.connections) },
          ),
        }),
  };
}

/**
 * A closed-model shape's loops for `part` when the whole runs `wholeLoops`: the part's own loop
 * indices among them (loop i belongs to part i mod count), so the parts' loops sum to the whole's
 * at every moment — 0 for a part while the whole runs fewer loops than its index.
 */
export function partLoops(wholeLoops: number, part: LoadPart | undefined): number {
  return part === undefined || part.count === 1 ? wholeLoops : ownIndicesIn(0, wholeLoops, part);
}
