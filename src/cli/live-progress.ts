/**
 * The live line while scenarios run. On a terminal one line is rewritten in place every time the
 * engine reports (about once a second), cut to the terminal's width; in CI logs, where `\r` would
 * leave a mess of partial lines, a plain line is printed 1 s into a scenario and then every 5 s.
 * Each scenario ends with a one-line total, on a terminal and in CI alike.
 */
import type { LiveProgress } from "../load/types.js";
import { renderProgressLine, renderScenarioDoneLine } from "../render/progress-line.js";
import { createProgressSchedule } from "../render/progress-schedule.js";
import type { MeasuredScenario } from "../report/types.js";

export {
  createProgressSchedule,
  FIRST_PLAIN_PROGRESS_MS,
  PLAIN_PROGRESS_INTERVAL_MS,
} from "../render/progress-schedule.js";

/** Moves to the start of the line and erases it (ANSI CSI 2K). */
const CLEAR_LINE = "\r\x1b[2K";

/** Receives the engine's progress snapshots and prints them; `finish` leaves a clean line. */
export interface ProgressPrinter {
  readonly update: (progress: LiveProgress) => void;
  /** Prints a scenario's one-line total once its report is built (`chat: done — …`). */
  readonly done: (scenario: MeasuredScenario) => void;
  /** Prints a whole line of text (ending in `\n`) without mangling the live line. */
  readonly note: (text: string) => void;
  readonly finish: () => void;
}

/**
 * A printer writing through `write` (stderr, so stdout stays the report alone).
 * `tty` picks the rewritten line; `columns` is the terminal's width, or a function read at each
 * update so a resized terminal is followed (`() => process.stderr.columns`; absent or undefined:
 * not cut); `nowMs` is a monotonic clock, injectable for tests.
 */
export function createProgressPrinter(options: {
  readonly write: (text: string) => void;
  readonly tty: boolean;
  readonly columns?: number | (() => number | undefined) | undefined;
  readonly nowMs?: () => number;
}): ProgressPrinter {
  const { write, tty } = options;
  const due = createProgressSchedule({ nowMs: options.nowMs });
  const columns = (): number | undefined =>
    typeof options.columns === "function" ? options.columns() : options.columns;
  let lineOpen = false;

  const finish = (): void => {
    // The final report follows; a half-updated live line above it would only confuse.
    if (lineOpen) write(CLEAR_LINE);
    lineOpen = false;
  };
  const note = (text: string): void => {
    // Erase the live line first, else the note would be glued to its end; the next update
    // starts a fresh live line below the note.
    finish();
    write(text);
  };
  return {
    update(progress) {
      if (tty) {
        write(`${CLEAR_LINE}${renderProgressLine(progress, columns())}`);
        lineOpen = true;
        return;
      }
      if (due(progress.name)) write(`${renderProgressLine(progress)}\n`);
    },
    done(scenario) {
      note(`${renderScenarioDoneLine(scenario)}\n`);
    },
    note,
    finish,
  };
}
