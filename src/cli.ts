#!/usr/bin/env node
/**
 * The `perf-gate` executable (package bin, compiled to lib/cli.js): wires `main` to the real
 * process. Everything else lives in src/cli/ so it can be tested in-process.
 */
import type { CliIo, StopSignal } from "./cli/io.js";
import { main } from "./cli/main.js";

const io: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  isTTY: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
  columns: () => process.stderr.columns,
  onSignal(handler) {
    const signals: StopSignal[] = ["SIGINT", "SIGTERM"];
    const listeners = signals.map((sig) => [sig, () => handler(sig)] as const);
    for (const [sig, listener] of listeners) process.on(sig, listener);
    return () => {
      for (const [sig, listener] of listeners) process.off(sig, listener);
    };
  },
  exit: (code) => process.exit(code),
};

// exitCode rather than process.exit(): lets stdout drain when it is a pipe.
process.exitCode = await main(process.argv.slice(2), io);
