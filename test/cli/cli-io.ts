/**
 * Captured I/O for running `main` in-process: output collected as strings, a given environment,
 * no terminal, and signals the test delivers itself.
 */
import type { CliIo, StopSignal } from "../../src/cli/io.js";

/** A `CliIo` whose output the test reads back, with `sendSignal` in place of real signals. */
export interface CapturedIo {
  readonly io: CliIo;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly sendSignal: (signal: StopSignal) => void;
  /** Codes passed to `io.exit` (a second signal). */
  readonly exits: number[];
}

/** Creates captured I/O with `env` as the whole environment. */
export function captureIo(
  env: Record<string, string> = {},
  tty = { stdout: false, stderr: false },
): CapturedIo {
  let out = "";
  let err = "";
  const handlers = new Set<(signal: StopSignal) => void>();
  const exits: number[] = [];
  return {
    io: {
      stdout: (text) => {
        out += text;
      },
      stderr: (text) => {
        err += text;
      },
      env,
      isTTY: tty,
      onSignal: (handler) => {
        handlers.add(handler);
        return () => handlers.delete(handler);
      },
      exit: (code) => {
        exits.push(code);
      },
    },
    stdout: () => out,
    stderr: () => err,
    sendSignal: (signal) => {
      for (const h of handlers) h(signal);
    },
    exits,
  };
}
