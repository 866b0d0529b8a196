/**
 * Seeded randomness: request N's values depend only on (seed, N).
 */
import { describe, expect, test } from "vitest";
import { compileString, randomUuid, requestContext, requestRandom } from "../../src/template/index.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TEMPLATE = compileString(
  "{{ randomInt(1, 1000000) }} {{ randomString(12) }} {{ uuid }} {{ pick([1, 2, 3]) }}",
).template;
const renderAt = (seed: number, seq: number) => TEMPLATE.render(requestContext({ seed, seq }));

describe("requestRandom", () => {
  test("the same seed and seq give the same values, in any order of requests", () => {
    const forward = Array.from({ length: 200 }, (_, seq) => renderAt(42, seq));
    const backward = Array.from({ length: 200 }, (_, i) => renderAt(42, 199 - i)).reverse();
    expect(backward).toEqual(forward);
  });

  test("another seed gives different values for every request", () => {
    for (let seq = 0; seq < 200; seq++) expect(renderAt(43, seq)).not.toBe(renderAt(42, seq));
  });

  test("neighbouring requests differ: 20,000 uuids are distinct", () => {
    const seen = new Set<string>();
    for (let seq = 0; seq < 20_000; seq++) seen.add(randomUuid(requestRandom(1, seq)));
    expect(seen.size).toBe(20_000);
  });

  test.each([
    [0, 0],
    [-1, 5],
    [2 ** 40 + 3, 2 ** 33 + 1],
    [1.9, 1],
  ])("seed %d, seq %d: values in [0, 1), reproducible", (seed, seq) => {
    const a = requestRandom(seed, seq);
    const b = requestRandom(seed, seq);
    for (let i = 0; i < 100; i++) {
      const value = a();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      expect(b()).toBe(value);
    }
  });

  test("seeds that differ only above 32 bits give different streams", () => {
    expect(requestRandom(2 ** 32 + 5, 0)()).not.toBe(requestRandom(5, 0)());
    expect(requestRandom(5, 2 ** 32)()).not.toBe(requestRandom(5, 0)());
  });
});

describe("what the random functions draw", () => {
  const draws = (text: string, count = 10_000) =>
    Array.from({ length: count }, (_, seq) =>
      compileString(text).template.render(requestContext({ seed: 9, seq })),
    );

  test("randomInt(a, b) is inclusive at both ends and about uniform", () => {
    const counts = new Map<string, number>();
    for (const value of draws("{{ randomInt(1, 5) }}")) counts.set(value, (counts.get(value) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(["1", "2", "3", "4", "5"]);
    // Seeded, so not flaky: 10,000 draws put each value within 10 % of 2,000.
    for (const count of counts.values()) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  test("randomInt over a range wider than 2^32 reaches values a 32-bit draw would skip", () => {
    const values = draws("{{ randomInt(0, 9007199254740000) }}", 2000).map(Number);
    expect(
      values.every((value) => Number.isSafeInteger(value) && value >= 0 && value <= 9007199254740000),
    ).toBe(true);
    // A single 32-bit draw scaled up gives multiples of ~2^21; two draws fill the low bits too.
    expect(values.some((value) => value % 2 ** 21 !== 0)).toBe(true);
  });

  test("randomInt with negative bounds", () => {
    const values = new Set(draws("{{ randomInt(-2, 0) }}", 500));
    expect([...values].sort()).toEqual(["-1", "-2", "0"]);
  });

  test("randomString(n) is n characters of [A-Za-z0-9], all of them used", () => {
    const all = draws("{{ randomString(40) }}", 200);
    for (const value of all) expect(value).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(new Set(all.join("")).size).toBe(62);
  });

  test("uuid is a v4 UUID", () => {
    for (const value of draws("{{ uuid }}", 500)) expect(value).toMatch(UUID_V4);
  });

  test("pick picks each listed value", () => {
    expect(new Set(draws('{{ pick(["a", 2, true, null]) }}', 500))).toEqual(new Set(["a", "2", "true", ""]));
  });
});
