import { describe, expect, it } from "vitest";
import {
  createProgressPrinter,
  createProgressSchedule,
  FIRST_PLAIN_PROGRESS_MS,
  PLAIN_PROGRESS_INTERVAL_MS,
} from "../../src/cli/live-progress.js";
import type { LiveProgress } from "../../src/load/types.js";
import { sampleReport } from "../render/sample-report.js";

const CLEAR = "\r\x1b[2K";

function progress(name: string, elapsedMs: number, over: Partial<LiveProgress> = {}): LiveProgress {
  return {
    name,
    phase: "measure",
    elapsedMs,
    totalMs: 30_000,
    ok: 10,
    errors: 0,
    rps: 10,
    p95Ms: 12.5,
    ...over,
  };
}

describe("createProgressPrinter", () => {
  it("on a terminal rewrites one line in place each update, and clears it at the end", () => {
    const writes: string[] = [];
    const printer = createProgressPrinter({ write: (t) => writes.push(t), tty: true });
    printer.update(progress("chat", 1000));
    printer.update(progress("chat", 2000));
    printer.finish();
    expect(writes).toHaveLength(3);
    for (const w of writes.slice(0, 2)) {
      expect(w.startsWith(CLEAR)).toBe(true);
      expect(w).toContain("chat");
      expect(w).not.toContain("\n");
    }
    expect(writes[2]).toBe(CLEAR);
  });

  it("fits the live line to a 60-column terminal, so rewrites do not pile up", () => {
    // Issue 9: a line longer than the terminal wraps, and `\r` then rewrites only its last row.
    const writes: string[] = [];
    let columns = 60;
    const printer = createProgressPrinter({
      write: (t) => writes.push(t),
      tty: true,
      columns: () => columns,
    });
    const long = { ttftP95Ms: 219.13, errors: 1_234, rps: 4_567.8 };
    printer.update(progress("chat-completions-streaming", 12_000, long));
    columns = 40; // resized: followed at the next update
    printer.update(progress("chat-completions-streaming", 13_000, long));
    const [at60, at40] = writes.map((w) => w.slice(CLEAR.length));
    expect([...(at60 ?? "")].length).toBeLessThanOrEqual(59);
    expect([...(at40 ?? "")].length).toBeLessThanOrEqual(39);
    // Without the width the same line is longer than 60 columns: the cut is what keeps it on one row.
    const wide: string[] = [];
    createProgressPrinter({ write: (t) => wide.push(t), tty: true }).update(
      progress("chat-completions-streaming", 12_000, long),
    );
    expect((wide[0] ?? "").length - CLEAR.length).toBeGreaterThan(60);
  });

  it("in CI prints the first progress line after 1 s, not 5, then every 5 s", () => {
    // Issue 9: the first useful line came after 5 s.
    const writes: string[] = [];
    let now = 0;
    const printer = createProgressPrinter({ write: (t) => writes.push(t), tty: false, nowMs: () => now });
    // The engine reports at once, then about every second; timers may fire a little early.
    for (const t of [0, 998, 2000, 3000, 4000, 5000, 5995, 7000, 8000, 9000, 10_000, 11_000]) {
      now = t;
      printer.update(progress("chat", t));
    }
    now = 11_500;
    printer.update(progress("items", 0));
    now = 12_500;
    printer.update(progress("items", 1000));
    printer.finish();
    expect(FIRST_PLAIN_PROGRESS_MS).toBe(1000);
    expect(PLAIN_PROGRESS_INTERVAL_MS).toBe(5000);
    // chat at ~1 s, ~6 s, 11 s; items 1 s after its first update; nothing from finish().
    expect(writes.map((w) => w.match(/ (\d+\.\d)\//)?.[1])).toEqual(["1.0", "6.0", "11.0", "1.0"]);
    expect(writes[3]).toContain("items");
    for (const w of writes) {
      expect(w.endsWith("\n")).toBe(true);
      expect(w).not.toContain("\r");
      expect(w).not.toContain("\x1b");
    }
  });

  it("ends each scenario with a one-line total, on a terminal and in CI", async () => {
    const [chat] = (await sampleReport()).scenarios;
    if (!chat) throw new Error("sampleReport has chat");
    const expected = `chat: done — 102 requests in 4.0 s (25.5 req/s), 2 errors, p95 ${chat.latency.p95.toFixed(1)} ms\n`;
    const tty: string[] = [];
    const live = createProgressPrinter({ write: (t) => tty.push(t), tty: true });
    live.update(progress("chat", 1000));
    live.done(chat);
    // The live line is erased first, so the total is not glued to it.
    expect(tty.slice(1)).toEqual([CLEAR, expected]);
    const ci: string[] = [];
    createProgressPrinter({ write: (t) => ci.push(t), tty: false }).done(chat);
    expect(ci).toEqual([expected]);
  });
});

describe("createProgressSchedule", () => {
  it("answers per scenario: not at its first snapshot, at 1 s, then every 5 s", () => {
    let now = 0;
    const due = createProgressSchedule({ nowMs: () => now });
    const at = (t: number, name = "a") => {
      now = t;
      return due(name);
    };
    expect([at(0), at(500), at(1000), at(2000), at(5700), at(6000), at(10_700), at(11_000)]).toEqual([
      false,
      false,
      true,
      false,
      false,
      true,
      false,
      true,
    ]);
    // A new scenario starts its own clock.
    expect([at(11_100, "b"), at(12_100, "b")]).toEqual([false, true]);
  });
});

describe("ProgressPrinter.note", () => {
  it("erases an open live line before printing, so the note is not glued to it", () => {
    const writes: string[] = [];
    const printer = createProgressPrinter({ write: (t) => writes.push(t), tty: true });
    printer.update(progress("chat", 1000));
    printer.note("perf-gate: SIGINT received\n");
    printer.update(progress("chat", 2000));
    expect(writes.slice(1, 3)).toEqual([CLEAR, "perf-gate: SIGINT received\n"]);
    expect(writes[3]?.startsWith(`${CLEAR}chat`)).toBe(true);
  });
});
