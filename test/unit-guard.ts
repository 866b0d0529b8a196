/**
 * Setup file of the "unit" test project (vitest.config.ts). Unit files run two at a time, so
 * they must be pure: no server, no socket, no child process, no worker thread. A file that needs
 * one belongs in the "load" project, which runs one file at a time with the machine to itself
 * (its timings are measured against servers sharing the same two cores). This guard makes a
 * misfiled test fail with the reason instead of flaking another file's timings now and then.
 * It cannot see timing assertions (performance.now, real timers): keep those files out of
 * UNIT_FILES by reading them.
 */
import childProcess from "node:child_process";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";
import workerThreads from "node:worker_threads";
import { afterAll } from "vitest";

const seen: string[] = [];

/** Records the forbidden call (a test may catch the throw) and throws. */
function refuse(what: string): never {
  const message =
    `unit project: this file ${what}, which a unit test must not do (unit files run in parallel). ` +
    "Fix: remove the file from UNIT_FILES in vitest.config.ts so it runs in the load project.";
  seen.push(what);
  throw new Error(message);
}

type Patchable = Record<string, unknown>;

function patch(target: object, name: string, what: string): void {
  (target as Patchable)[name] = () => refuse(what);
}

// Patched again for every file (a worker process may run several): the refusals must record into
// this file's `seen`, which its afterAll reads.
patch(net.Server.prototype, "listen", "opened a server (listen)");
patch(net.Socket.prototype, "connect", "opened a socket (connect)");
for (const name of ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"]) {
  patch(childProcess, name, `started a process (child_process.${name})`);
}
(workerThreads as unknown as Patchable).Worker = class {
  constructor() {
    refuse("started a worker thread");
  }
};
// Named ESM imports of builtins (`import { spawn } from "node:child_process"`) read these.
syncBuiltinESMExports();

afterAll(() => {
  if (seen.length > 0) {
    throw new Error(
      `unit project: this file ${[...new Set(seen)].join(", ")}. ` +
        "Fix: remove it from UNIT_FILES in vitest.config.ts so it runs in the load project.",
    );
  }
});
