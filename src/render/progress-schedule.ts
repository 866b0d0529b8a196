/**
 * When a log that is not a terminal (CI, the action's log) gets a plain progress line: shared by
 * the CLI and the action so both print the first line after 1 s and then every 5 s.
 */

/** When a scenario's first plain (non-TTY) progress line is printed, after it starts. */
export const FIRST_PLAIN_PROGRESS_MS = 1000;
/** How often a plain (non-TTY) progress line is printed per scenario after the first. */
export const PLAIN_PROGRESS_INTERVAL_MS = 5000;

/**
 * Progress arrives on a 1 s timer, which may fire a little before the whole second by the
 * monotonic clock; without slack the line due at 1 s would slip to 2 s.
 */
const SCHEDULE_SLACK_MS = 200;

/**
 * A schedule of plain progress lines shared by the CLI and the action: call it with each
 * snapshot's scenario name, it answers whether to log that snapshot. A scenario's first line is
 * due `firstMs` (1 s) after its first snapshot (the first snapshot itself says nothing yet), then
 * one every `everyMs` (5 s). `nowMs` is a monotonic clock, injectable for tests.
 */
export function createProgressSchedule(
  options: { readonly nowMs?: () => number; readonly firstMs?: number; readonly everyMs?: number } = {},
): (name: string) => boolean {
  const nowMs = options.nowMs ?? (() => performance.now());
  const firstMs = options.firstMs ?? FIRST_PLAIN_PROGRESS_MS;
  const everyMs = options.everyMs ?? PLAIN_PROGRESS_INTERVAL_MS;
  let current: string | undefined;
  let startedMs = 0;
  let lastLoggedMs: number | null = null;
  return (name) => {
    const now = nowMs();
    if (name !== current) {
      current = name;
      startedMs = now;
      lastLoggedMs = null;
    }
    const due = lastLoggedMs === null ? startedMs + firstMs : lastLoggedMs + everyMs;
    if (now < due - SCHEDULE_SLACK_MS) return false;
    lastLoggedMs = now;
    return true;
  };
}
