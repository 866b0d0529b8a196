/**
 * The CLI's process entry (compiled to lib/cli.js, started by bin/perf-gate.js or `node
 * lib/cli.js`): checks the Node version first, then wires `main` to the real process. Everything
 * else lives in src/cli/ so it can be tested in-process.
 *
 * Only the version check is imported statically: `main` pulls in undici, which throws at import
 * time on Node < 22 (ES modules evaluate every static import before the importing module's body),
 * so it is loaded with `import()` once the version is known to be good.
 */
import type { CliIo, StopSignal } from "./cli/io.js";
import { nodeVersionProblem } from "./cli/node-version.js";

/** Exit code of an unusable environment, like invalid input. */
const EXIT_UNSUPPORTED_NODE = 2;

const problem = nodeVersionProblem(process.version);
if (problem !== null) {
  process.stderr.write(`${problem}\n`);
  process.exitCode = EXIT_UNSUPPORTED_NODE;
} else {
  const { main } = await import("./cli/main.js");
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
}
