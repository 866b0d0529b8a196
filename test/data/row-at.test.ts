/**
 * `rowAt`: sequential rows in file order; a shuffle uses every row once per pass, seeded.
 */
import { describe, expect, test } from "vitest";
import { type DataSet, rowAt, shuffledOrder } from "../../src/data/index.js";

const dataSet = (count: number, order: DataSet["order"], seed = 1): DataSet => ({
  file: "d.txt",
  format: "txt",
  order,
  seed,
  rows: Array.from({ length: count }, (_, i) => `row${i}`),
  fields: [],
});

const walk = (data: DataSet, from: number, count: number) =>
  Array.from({ length: count }, (_, i) => rowAt(data, from + i));

describe("sequential", () => {
  test("rows in file order, wrapping around", () => {
    expect(walk(dataSet(3, "sequential"), 0, 7)).toEqual([
      "row0",
      "row1",
      "row2",
      "row0",
      "row1",
      "row2",
      "row0",
    ]);
  });

  test("one row for every iteration", () => {
    expect(walk(dataSet(1, "sequential"), 0, 3)).toEqual(["row0", "row0", "row0"]);
  });
});

describe("shuffle", () => {
  test.each([1, 2, 7, 100, 1000])("%i rows: every row exactly once in each of four passes", (count) => {
    const data = dataSet(count, "shuffle", 5);
    const all = Array.from({ length: count }, (_, i) => `row${i}`);
    for (let pass = 0; pass < 4; pass++) {
      expect(walk(data, pass * count, count).sort()).toEqual([...all].sort());
    }
  });

  test("the order is not the file's, and changes from one pass to the next", () => {
    const data = dataSet(100, "shuffle", 5);
    const first = walk(data, 0, 100);
    const second = walk(data, 100, 100);
    expect(first).not.toEqual(dataSet(100, "sequential").rows);
    expect(second).not.toEqual(first);
  });

  test("the same seed gives the same order, another seed another", () => {
    expect(walk(dataSet(50, "shuffle", 5), 0, 150)).toEqual(walk(dataSet(50, "shuffle", 5), 0, 150));
    expect(walk(dataSet(50, "shuffle", 6), 0, 50)).not.toEqual(walk(dataSet(50, "shuffle", 5), 0, 50));
  });

  test("an iteration's row does not depend on the order of calls", () => {
    const data = dataSet(10, "shuffle", 3);
    const forward = walk(data, 0, 40);
    const fresh = dataSet(10, "shuffle", 3);
    const interleaved = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 39 - i / 2 : (i - 1) / 2));
    for (const seq of interleaved) expect(rowAt(fresh, seq)).toBe(forward[seq]);
  });

  test("shuffledOrder is a permutation", () => {
    const order = shuffledOrder(1000, 9, 4);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});
