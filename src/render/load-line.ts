import type { LoadReport } from "../report/types.js";

/**
 * The load as run, for the terminal and the summary: `open model · 25 req/s, constant arrivals,
 * up to 8 connections`, then who generated it: `· 2 worker threads` in one process, `· 4 threads
 * over 2 shards` for a merge of shards (several processes: their threads are not one process's).
 */
export function describeLoad(load: LoadReport): string {
  const threads = load.workers ?? 1;
  const who =
    load.shards !== undefined
      ? ` · ${threads} thread${threads === 1 ? "" : "s"} over ${load.shards} shards`
      : load.workers === undefined
        ? ""
        : ` · ${load.workers} worker threads`;
  if (load.model === "closed") return `closed model · ${load.connections} connections${who}`;
  const arrival = load.arrival === "poisson" ? `poisson arrivals (seed ${load.seed})` : "constant arrivals";
  return `open model · ${load.rate} req/s, ${arrival}, up to ${load.connections} connections${who}`;
}
