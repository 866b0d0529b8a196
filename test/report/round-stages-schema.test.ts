/**
 * A side-by-side report read back (`perf-gate compare head.json`) is judged again from its
 * rounds, and a `stages.<stage>.…` rule from each round's stage parts (`rounds[].stages`). Those
 * parts were passed through unchecked: a part without `stats` paired the stage on the ROUND's
 * latency (stageRounds spreads the part over the round), a silent wrong verdict. They are
 * validated like the rounds themselves; a report written before rounds had stage parts still reads.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import type { Report, RoundRecord } from "../../src/report/types.js";
import { readReport } from "../../src/report/write-report.js";
import { reportOf, scenarioReport } from "../gate/gate-fixtures.js";

const STATS = { count: 40, mean: 10, p50: 10, p90: 12, p95: 13, p99: 14, p999: 15 };
const PART = { duration_ms: 1000, ok: 40, failed: 0, responses: 40, stats: { latency: STATS } };
const ROUND: RoundRecord = {
  side: "target",
  index: 0,
  pair: 0,
  t_ms: 0,
  ...PART,
  stages: { hold: PART },
};

let dir: string;
let report: Report;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-round-stages-"));
  report = reportOf([await scenarioReport({ latencyMs: [10, 11, 12] })]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `report` with its scenario's one round replaced by `round`, written and read back. */
async function readWithRound(name: string, round: unknown): Promise<unknown> {
  const path = join(dir, name);
  const scenario = { ...report.scenarios[0], rounds: [round] };
  await writeFile(path, JSON.stringify({ ...report, scenarios: [scenario] }));
  return readReport(path).catch((e: unknown) => e);
}

describe("rounds[].stages of a report read back", () => {
  it("reads sound stage parts back as written, and rounds without them (older reports)", async () => {
    const read = (await readWithRound("sound.json", ROUND)) as Report;
    expect(read.scenarios[0]?.rounds).toEqual([ROUND]);
    const { stages: _s, ...older } = ROUND;
    const old = (await readWithRound("older.json", older)) as Report;
    expect(old.scenarios[0]?.rounds).toEqual([older]);
  });

  it("refuses a stage part without stats at its field (it would pair the stage on the round's latency)", async () => {
    const { stats: _stats, ...cut } = PART;
    const err = await readWithRound("cut.json", { ...ROUND, stages: { hold: cut } });
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toContain("rounds[0].stages.hold.stats");
  });

  it("refuses a stage part whose ok count is not a count", async () => {
    const err = await readWithRound("bad.json", { ...ROUND, stages: { hold: { ...PART, ok: -3 } } });
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toContain("rounds[0].stages.hold.ok");
  });
});
