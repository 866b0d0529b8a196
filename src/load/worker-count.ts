/**
 * How many worker threads a scenario runs in: `load.workers` (or `--workers`) resolved against
 * the machine and the target. `auto` is the cores this process may use
 * (`os.availableParallelism()`), one fewer when the target is on this machine's loopback (the
 * API under test needs a core of its own), never fewer than 1 and, in the closed model, never
 * more than the connections (each worker needs one).
 */
import { availableParallelism } from "node:os";
import type { LoadSpec, WorkerCount } from "../budget/types.js";

/** True when `hostname` (a URL's, IPv6 in brackets) is this machine's loopback. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return (
    host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}

/** What `auto` means for a target on `hostname`, given `cores` available. */
export function autoWorkers(hostname: string, cores: number = availableParallelism()): number {
  return Math.max(1, isLoopback(hostname) ? cores - 1 : cores);
}

/**
 * The number of workers to run `load` against `target` in. `asked` absent: 1. `auto` is capped
 * by the connections (each worker needs one, in either model); an explicit count is returned as asked (the caller checks it).
 */
export function resolveWorkers(
  asked: WorkerCount | undefined,
  target: URL,
  load: LoadSpec,
  cores: number = availableParallelism(),
): number {
  if (asked === undefined) return 1;
  if (asked !== "auto") return asked;
  const auto = autoWorkers(target.hostname, cores);
  // Each worker needs one of the connections (the open model's pool cap too: one each would exceed it).
  return Math.min(auto, load.connections);
}
