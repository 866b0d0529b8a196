import { describe, expect, it } from "vitest";
import { createProgressPrinter, PLAIN_PROGRESS_INTERVAL_MS } from "../../src/cli/live-progress.js";
import type { LiveProgress } from "../../src/load/types.js";

function progress(name: string, elapsedMs: number): LiveProgress {
  return { name, phase: "measure", elapsedMs, totalMs: 30_000, ok: 10, errors: 0, rps: 10, p95Ms: 12.5 };
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
      expect(w.startsWith("\r\x1b[2K")).toBe(true);
      expect(w).toContain("chat");
      expect(w).not.toContain("\n");
    }
    expect(writes[2]).toBe("\r\x1b[2K");
  });

  it("without a terminal prints plain lines: at a scenario's first update, then every 5 s", () => {
    const writes: string[] = [];
    let now = 0;
    const printer = createProgressPrinter({ write: (t) => writes.push(t), tty: false, nowMs: () => now });
    for (let s = 1; s <= 11; s++) {
      now = s * 1000;
      printer.update(progress("chat", now));
    }
    now = 11_500;
    printer.update(progress("items", 500));
    printer.finish();
    // chat at 1 s, 6 s, 11 s; items at its first update; nothing from finish().
    expect(PLAIN_PROGRESS_INTERVAL_MS).toBe(5000);
    expect(writes).toHaveLength(4);
    for (const w of writes) {
      expect(w.endsWith("\n")).toBe(true);
      expect(w).not.toContain("\r");
      expect(w).not.toContain("\x1b");
    }
    expect(writes[3]).toContain("items");
  });
});

describe("ProgressPrinter.note", () => {
  it("erases an open live line before printing, so the note is not glued to it", () => {
    const writes: string[] = [];
    const printer = createProgressPrinter({ write: (t) => writes.push(t), tty: true });
    printer.update(progress("chat", 1000));
    printer.note("perf-gate: SIGINT received\n");
    printer.update(progress("chat", 2000));
    expect(writes.slice(1, 3)).toEqual(["\r\x1b[2K", "perf-gate: SIGINT received\n"]);
    expect(writes[3]?.startsWith("\r\x1b[2Kchat")).toBe(true);
  });
});
