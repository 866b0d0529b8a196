/**
 * The CLI's view of the outside world, injected so tests can run `main` in-process with captured
 * output, their own environment and no real signals.
 */
import { redactSecrets } from "../budget/secrets.js";

/** The signals that interrupt a run. */
export type StopSignal = "SIGINT" | "SIGTERM";

/** Everything `main` reads from or writes to the process. */
export interface CliIo {
  /** Writes text as is (no newline added). */
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout / stderr are terminals: colour and the rewritten live line depend on it. */
  readonly isTTY: { readonly stdout: boolean; readonly stderr: boolean };
  /** Subscribes to SIGINT / SIGTERM; returns the unsubscribe function. Absent: no signals. */
  readonly onSignal?: (handler: (signal: StopSignal) => void) => () => void;
  /** Width of the stderr terminal, read each time (it can be resized). Absent: 80 columns. */
  readonly columns?: () => number | undefined;
  /** Ends the process at once (a second signal). Absent in tests that never send two. */
  readonly exit?: (code: number) => void;
}

/** Exit code of a run stopped by a signal: 128 + the signal number, as shells report it. */
export const SIGNAL_EXIT_CODE: Readonly<Record<StopSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Output that masks secrets: every line goes through `redactSecrets`. Secrets are known only once
 * the budget is loaded, so they are set later with `setSecrets`.
 */
export class RedactingOutput {
  private secrets: readonly string[] = [];

  constructor(private readonly io: CliIo) {}

  /** The secrets masked now. */
  get secretsInUse(): readonly string[] {
    return this.secrets;
  }

  /** Secrets to mask from now on (the budget's `secrets`). */
  setSecrets(secrets: readonly string[]): void {
    this.secrets = secrets;
  }

  /** Writes `text` to stdout with secrets masked. */
  out(text: string): void {
    this.io.stdout(redactSecrets(text, this.secrets));
  }

  /** Writes `text` to stderr with secrets masked. */
  err(text: string): void {
    this.io.stderr(redactSecrets(text, this.secrets));
  }
}
