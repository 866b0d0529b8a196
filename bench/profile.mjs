// Profile step of `npm run bench` (`--only profile`): where perf-gate's CPU goes per request.
// One closed-model run of perf-gate's engine (bench/run-perf-gate.mjs) under `node --cpu-prof`
// against the fast target; each sample is charged to the code that caused it: the nearest frame,
// from the sampled function up its stack, that belongs to perf-gate (lib/), hdr-histogram-js or
// undici. What runs below that frame (Node's streams and sockets, the write/read system calls,
// llhttp's WebAssembly) is shown as that owner's "below" share. Samples with no owner on the
// stack are Node itself (timers, the event loop, GC). Only the run counts (start-up and the report
// after it are cut off by the run's bounds on the profile's clock); idle samples are left out.
// The shares of the non-idle samples are turned into µs per request with the run's measured CPU
// (process.cpuUsage). The profiler samples wall time, so a thread preempted inside a function is
// charged to it: read the split as proportions, not as exact microseconds.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFastTarget } from "./targets.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const lib = new URL("../lib/", import.meta.url).href;

/** Who a frame's code belongs to, or null for Node's own code, natives and WebAssembly. */
function ownerOf(url) {
  if (url.startsWith(lib)) return "perf-gate";
  if (url.includes("/node_modules/hdr-histogram-js/")) return "hdr-histogram-js";
  if (url.includes("/node_modules/pako/")) return "hdr-histogram-js";
  if (url.includes("/node_modules/undici/")) return "undici";
  return null;
}

/**
 * Self time of each sampled node between `fromUs` and `toUs` (the profile's monotonic clock),
 * charged to its owner: { charge: { owner: { self, below } }, busyUs } in µs.
 */
export function chargeProfile(profile, fromUs, toUs) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const timeOf = new Map();
  let atUs = profile.startTime;
  profile.samples.forEach((id, i) => {
    const deltaUs = profile.timeDeltas[i] ?? 0;
    atUs += deltaUs;
    if (atUs >= fromUs && atUs <= toUs) timeOf.set(id, (timeOf.get(id) ?? 0) + deltaUs);
  });
  const charge = {};
  let busy = 0;
  for (const [id, us] of timeOf) {
    const leaf = byId.get(id);
    const name = leaf.callFrame.functionName;
    if (name === "(idle)") continue;
    busy += us;
    let owner = null;
    let self = true;
    for (let at = id; at !== undefined && owner === null; at = parent.get(at)) {
      owner = ownerOf(byId.get(at).callFrame.url);
      if (owner === null) self = false;
    }
    const key = owner ?? (name === "(garbage collector)" ? "garbage collector" : "node (event loop, timers)");
    charge[key] ??= { self: 0, below: 0 };
    charge[key][owner !== null && self ? "self" : "below"] += us;
  }
  return { charge, busyUs: busy };
}

/** Runs the profiled engine and prints µs of CPU per request by owner. */
export async function profile({ connections, durationSec, target: choice }) {
  const target = await startFastTarget(choice);
  const dir = mkdtempSync(join(tmpdir(), "perf-gate-profile-"));
  console.log(
    `\n## Profile: where perf-gate's CPU goes, closed model, ${connections} connections, ${durationSec} s, target ${target.kind}`,
  );
  try {
    const run = await new Promise((resolve, reject) =>
      execFile(
        process.execPath,
        [
          "--cpu-prof",
          `--cpu-prof-dir=${dir}`,
          join(here, "run-perf-gate.mjs"),
          target.url,
          connections,
          durationSec,
        ],
        (err, stdout, stderr) =>
          err
            ? reject(new Error(stderr || err.message))
            : resolve(JSON.parse(stdout.trim().split("\n").at(-1))),
      ),
    );
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    const { charge, busyUs } = chargeProfile(
      JSON.parse(readFileSync(join(dir, file), "utf8")),
      run.runStartUs,
      run.runEndUs,
    );
    const perRequest = (us) => ((us / busyUs) * run.cpuUs) / run.total;
    const rows = Object.entries(charge)
      .map(([owner, t]) => ({ owner, selfUs: perRequest(t.self), belowUs: perRequest(t.below) }))
      .sort((a, b) => b.selfUs + b.belowUs - (a.selfUs + a.belowUs));
    console.log(`${run.total} requests, ${(run.cpuUs / run.total).toFixed(1)} µs CPU per request in all`);
    for (const r of rows)
      console.log(
        `${r.owner.padEnd(38)} ${(r.selfUs + r.belowUs).toFixed(1).padStart(5)} µs/req` +
          `  (its own code ${r.selfUs.toFixed(1)}, below it ${r.belowUs.toFixed(1)})`,
      );
    return { requests: run.total, cpuUsPerRequest: run.cpuUs / run.total, rows };
  } finally {
    target.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
