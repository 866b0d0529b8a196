/**
 * Ctrl-C and SIGTERM during a run. The first signal aborts the run through an AbortController, so
 * the engine stops, what was measured is kept and the report is still written (marked incomplete).
 * A second signal means "stop now": the process exits at once without waiting for the report.
 */
import { type CliIo, SIGNAL_EXIT_CODE, type StopSignal } from "./io.js";

/** Interrupt handling for one run. Call `dispose` when the run is over. */
export interface Interrupt {
  /** Aborted by the first signal. */
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  readonly received: () => StopSignal | undefined;
  readonly dispose: () => void;
}

/** Listens for SIGINT / SIGTERM through `io.onSignal`; `notify` prints the one-line notice. */
export function listenForInterrupt(io: CliIo, notify: (text: string) => void): Interrupt {
  const controller = new AbortController();
  let first: StopSignal | undefined;
  const unsubscribe = io.onSignal?.((sig) => {
    if (first === undefined) {
      first = sig;
      notify(`perf-gate: ${sig} received, stopping and writing the report (send it again to exit now)\n`);
      controller.abort(new Error(`interrupted by ${sig}`));
      return;
    }
    notify(`perf-gate: ${sig} received again, exiting without a report\n`);
    io.exit?.(SIGNAL_EXIT_CODE[sig]);
  });
  return {
    signal: controller.signal,
    received: () => first,
    dispose: () => unsubscribe?.(),
  };
}
