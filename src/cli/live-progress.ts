/**
 * The live line while scenarios run. On a terminal one line is rewritten in place every time the
 * engine reports (about once a second); in CI logs, where `\r` would leave a mess of partial
 * lines, a plain line is printed when a scenario starts reporting and then every few seconds.
 */
import type { LiveProgress } from "../load/types.js";
import { renderProgressLine } from "../render/progress-line.js";

/** How often a plain (non-TTY) progress line is printed per scenario. */
export const PLAIN_PROGRESS_INTERVAL_MS = 5000;

/** Moves to the start of the line and erases it (ANSI CSI 2K). */
const CLEAR_LINE = "\r\x1b[2K";

/** Receives the engine's progress snapshots and prints them; `finish` leaves a clean line. */
export interface ProgressPrinter {
  readonly update: (progress: LiveProgress) => void;
  /** Prints a whole line of text (ending in `\n`) without mangling the live line. */
  readonly note: (text: string) => void;
  readonly finish: () => void;
}

/**
 * A printer writing through `write` (stderr, so stdout stays the report alone).
 * `tty` picks the rewritten line; `nowMs` is a monotonic clock, injectable for tests.
 */
export function createProgressPrinter(options: {
  readonly write: (text: string) => void;
  readonly tty: boolean;
  readonly nowMs?: () => number;
}): ProgressPrinter {
  const { write, tty } = options;
  const nowMs = options.nowMs ?? (() => performance.now());
  let lineOpen = false;
  let current: string | undefined;
  let lastPrintedMs = Number.NEGATIVE_INFINITY;

  const finish = (): void => {
    // The final report follows; a half-updated live line above it would only confuse.
    if (lineOpen) write(CLEAR_LINE);
    lineOpen = false;
  };
  return {
    update(progress) {
      const line = renderProgressLine(progress);
      if (tty) {
        write(`${CLEAR_LINE}${line}`);
        lineOpen = true;
        return;
      }
      const now = nowMs();
      if (progress.name !== current || now - lastPrintedMs >= PLAIN_PROGRESS_INTERVAL_MS) {
        current = progress.name;
        lastPrintedMs = now;
        write(`${line}\n`);
      }
    },
    note(text) {
      // Erase the live line first, else the note would be glued to its end; the next update
      // starts a fresh live line below the note.
      finish();
      write(text);
    },
    finish,
  };
}
