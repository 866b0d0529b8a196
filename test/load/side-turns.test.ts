import { describe, expect, it } from "vitest";
import type { LoadSpec } from "../../src/budget/types.js";
import { planRounds } from "../../src/load/rounds.js";
import { SideTurnstile, sideOrder } from "../../src/load/side-turns.js";
import type { Side } from "../../src/report/types.js";

const letter = (side: Side) => (side === "baseline" ? "A" : "B");

function take(seed: number, n: number): string {
  const order = sideOrder(seed);
  return Array.from({ length: n }, () => letter(order.next().value as Side)).join("");
}

describe("sideOrder", () => {
  it("draws the same blocks as planRounds for the same seed (ABBA / BAAB)", () => {
    for (const seed of [0, 1, 7, 12345, 2 ** 32 - 1]) {
      const load: LoadSpec = {
        connections: 1,
        arrival: "constant",
        seed,
        durationMs: 40_000,
        warmupMs: 0,
        untrusted: "fail",
        roundMs: 2000,
      };
      const rounds = planRounds(load)
        .rounds.map((r) => letter(r.side))
        .join("");
      expect(take(seed, rounds.length)).toBe(rounds);
    }
  });

  it("alternates in blocks of four, each A B B A or B A A B", () => {
    const order = take(3, 40);
    for (let i = 0; i < 40; i += 4) expect(["ABBA", "BAAB"]).toContain(order.slice(i, i + 4));
  });
});

/** Two fake searches of `steps.baseline` and `steps.target` steps, each step 1-3 ms of "load". */
async function runBoth(seed: number, steps: Readonly<Record<Side, number>>) {
  const turnstile = new SideTurnstile(sideOrder(seed));
  const ran: Side[] = [];
  let inFlight = 0;
  let overlap = false;
  const search = async (side: Side) => {
    for (let i = 0; i < steps[side]; i++) {
      await turnstile.turn(side, async () => {
        inFlight++;
        if (inFlight > 1) overlap = true;
        ran.push(side);
        await new Promise((r) => setTimeout(r, 1 + (i % 3)));
        inFlight--;
      });
      // The search's own work between steps (picking the next rate) takes a tick.
      await Promise.resolve();
    }
    turnstile.finish(side);
  };
  await Promise.all([search("baseline"), search("target")]);
  return { order: ran.map(letter).join(""), overlap };
}

describe("SideTurnstile", () => {
  it("runs the two sides' steps one at a time, in the drawn order", async () => {
    const { order, overlap } = await runBoth(7, { baseline: 8, target: 8 });
    expect(overlap).toBe(false);
    expect(order).toBe(take(7, 16));
  });

  it("lets the other side go on alone once one has finished (3 steps against 7)", async () => {
    const { order, overlap } = await runBoth(11, { baseline: 3, target: 7 });
    expect(overlap).toBe(false);
    // The plan's order with the baseline's turns after its third step skipped.
    let left = 3;
    const expected = take(11, 40)
      .split("")
      .filter((s) => s === "B" || left-- > 0)
      .join("")
      .slice(0, 10);
    expect(order).toBe(expected);
    expect(expected.split("A").length - 1).toBe(3);
  });

  it("does not stall when a side finishes on its own turn without taking it", async () => {
    const { order } = await runBoth(5, { baseline: 0, target: 4 });
    expect(order).toBe("BBBB");
  });
});
