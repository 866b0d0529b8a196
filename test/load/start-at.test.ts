/**
 * `--start-at`: which instants parse, which the clock refuses, and that the wait ends at the
 * instant (the truth: the wall clock read right after it, within a busy machine's few ms).
 */
import { describe, expect, it } from "vitest";
import {
  checkStartAt,
  parseStartAt,
  START_AT_LATE_MS,
  START_AT_MAX_AHEAD_MS,
  waitForStart,
} from "../../src/load/start-at.js";
import { wallNowMs } from "../../src/load/wall-clock.js";

const NOW = Date.UTC(2026, 11, 1, 21, 0, 0);

describe("parseStartAt", () => {
  it.each([
    ["2026-12-01T21:30:00Z", Date.UTC(2026, 11, 1, 21, 30)],
    ["2026-12-01T21:30Z", Date.UTC(2026, 11, 1, 21, 30)],
    ["2026-12-01T21:30:00.250Z", Date.UTC(2026, 11, 1, 21, 30, 0, 250)],
    ["2026-12-01t21:30:00z", Date.UTC(2026, 11, 1, 21, 30)],
    ["2026-12-01T22:30:00+01:00", Date.UTC(2026, 11, 1, 21, 30)],
    ["2026-12-01T16:30:00-0500", Date.UTC(2026, 11, 1, 21, 30)],
    ["1796160600000", 1796160600000],
    [" 1796160600000 ", 1796160600000],
    // RFC 3339's space for the T: what `date -u --rfc-3339=seconds` prints.
    ["2026-12-01 21:30:00+00:00", Date.UTC(2026, 11, 1, 21, 30)],
    ["2026-12-01 21:30:00.5Z", Date.UTC(2026, 11, 1, 21, 30, 0, 500)],
  ])("reads %s as the instant it names", (value, ms) => {
    expect(parseStartAt(value, "--start-at")).toBe(ms);
  });

  it.each([
    ["2026-12-01T21:30:00", /: it has no zone, and each machine would read it in its own; add Z for UTC/],
    ["2026-12-01 21:30", /: it has no zone/],
    ["2026-02-30T21:30:00Z", /: there is no such date or time$/],
    [
      "2026-12-01T24:00:00Z",
      /: there is no such date or time \(24:00 is the end of the day: write 00:00 of the next day\)$/,
    ],
    [
      "2016-12-31T23:59:60Z",
      /: there is no such date or time \(a leap second :60 has no epoch millisecond: write the next second\)$/,
    ],
    ["2026-12-01T21:30:00+25:00", /: there is no such date or time$/],
    ["2026-12-01 21:30:00", /: it has no zone/],
    ["tomorrow", /; got "tomorrow"$/],
    ["-5000", /; got "-5000"$/],
    ["", /; got ""$/],
  ])("refuses %s in one line naming the flag and what it expects", (value, message) => {
    const parse = () => parseStartAt(value, "--start-at");
    expect(parse).toThrow(
      /^--start-at: expected the instant every shard starts at, ISO 8601 with its zone \(2026-12-01T21:30:00Z\) or epoch milliseconds/,
    );
    expect(parse).toThrow(message);
  });
});

describe("an epoch too large for a date", () => {
  it("a 16-digit epoch past the last date a clock can hold is a one-line InputError, not a RangeError with a stack", () => {
    for (const value of ["9999999999999999", "8640000000000001"]) {
      const parse = () => parseStartAt(value, "--start-at");
      expect(parse).toThrow(
        expect.objectContaining({
          code: "E_INPUT",
          message: expect.stringMatching(
            /: that is past the last instant a date can hold \(8640000000000000\); epoch milliseconds now have 13 digits$/,
          ),
        }),
      );
    }
    // The largest a date holds still parses, and its check names it (never an Invalid Date).
    const last = parseStartAt("8640000000000000", "--start-at");
    expect(() => checkStartAt(last, "--start-at", NOW)).toThrow(
      /^--start-at \+275760-09-13T00:00:00\.000Z: that instant is /,
    );
  });

  it("says epoch microseconds when a 16-digit number reads as microseconds", () => {
    expect(() => checkStartAt(parseStartAt("1796160600000000", "--start-at"), "--start-at", NOW)).toThrow(
      /\(1796160600000000 reads as epoch microseconds\? --start-at takes milliseconds\)/,
    );
  });
});

describe("checkStartAt", () => {
  it("accepts an instant up to 1 s past and up to 1 h ahead", () => {
    expect(() => checkStartAt(NOW - START_AT_LATE_MS, "--start-at", NOW)).not.toThrow();
    expect(() => checkStartAt(NOW + START_AT_MAX_AHEAD_MS, "--start-at", NOW)).not.toThrow();
  });

  it("refuses an instant more than 1 s past, saying by how much and what to give", () => {
    expect(() => checkStartAt(NOW - 12_300, "--start-at", NOW)).toThrow(
      "--start-at 2026-12-01T20:59:47.700Z: that instant passed 12.3 s ago (now 2026-12-01T21:00:00.000Z); expected one every shard reaches before it: give them all the same instant, far enough ahead for each to get ready (a minute, say)",
    );
  });

  it("says epoch seconds when the number reads as seconds", () => {
    expect(() => checkStartAt(1796160600, "--start-at", NOW)).toThrow(
      /\(1796160600 reads as epoch seconds\? --start-at takes milliseconds\)/,
    );
  });

  it("refuses an instant more than 1 h ahead as a typo or a time zone slip", () => {
    expect(() => checkStartAt(NOW + 5 * 3_600_000, "--start-at", NOW)).toThrow(
      "--start-at 2026-12-02T02:00:00.000Z: that instant is 5.0 h ahead (now 2026-12-01T21:00:00.000Z); expected one within 1 h, the longest a shard waits: a typo or a time zone slip? write it in UTC with Z",
    );
  });
});

describe("waitForStart", () => {
  it("returns at the instant, not before (300 ms ahead), with the instant as the engine's t0", async () => {
    const at = wallNowMs() + 300;
    const t0 = await waitForStart({ atMs: at, label: "--start-at" });
    const now = wallNowMs();
    expect(now).toBeGreaterThanOrEqual(at);
    expect(now - at).toBeLessThan(50);
    expect(t0 + performance.timeOrigin).toBeCloseTo(at, 3);
  });

  it("starts at once from now when the instant passed by less than 1 s (no burst of already-due arrivals)", async () => {
    const at = wallNowMs() - 400;
    const before = performance.now();
    const t0 = await waitForStart({ atMs: at, label: "--start-at" });
    expect(t0).toBeGreaterThanOrEqual(before);
  });

  it("is an error when the instant passed by more than 1 s while the shard got ready", async () => {
    await expect(waitForStart({ atMs: wallNowMs() - 5000, label: "--start-at" })).rejects.toThrow(
      /^--start-at .*: that instant passed 5\.0 s ago while this shard got ready \(budget, data files, setup requests\)/,
    );
  });

  it("stops waiting when the run is interrupted", async () => {
    const stop = new AbortController();
    const started = wallNowMs();
    setTimeout(() => stop.abort(), 100);
    await waitForStart({ atMs: wallNowMs() + 30_000, label: "--start-at" }, stop.signal);
    expect(wallNowMs() - started).toBeLessThan(5000);
  });
});
