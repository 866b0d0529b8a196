// `npm run bench`: perf-gate's speed and honesty, measured side by side on this machine.
//  1. Throughput: perf-gate's closed model vs autocannon, same target, connections and duration,
//     alternating A B A B (each run in its own process), then wrk's figure as the machine's ceiling.
//  2. Accuracy: a 20 ms fixed-delay server under the open model at 300 req/s.
//  3. Soak: `perf-gate run` reads SSE streams at 50 req/s for 2 minutes; its RSS must stay flat
//     (bench/soak.mjs says how that is judged).
//  4. Templates: the closed model with a templated JSON body (5 values filled per request) vs the
//     same-shaped fixed body, alternating fixed, templated, … against the node target; the median
//     ratio must be at least 0.90.
//  5. Workers: `perf-gate run` with 2 worker threads vs `autocannon -w 2` (bench/scale.mjs).
//  6. CPU per request of perf-gate, autocannon and wrk, one thread each (bench/scale.mjs).
//  7. Profile: perf-gate's CPU per request charged to perf-gate, hdr-histogram-js, undici and Node
//     (bench/profile.mjs).
//  8. Noise: false alarms of today's sequential comparison and of the side-by-side gate, and how
//     often it catches a 20 % slowdown, against drift servers (bench/noise.mjs; its sweep over
//     durations and its history mode run with `npm run bench:noise`).
// Options: --pairs N (3) --duration S (10) --connections N (50) --target nginx|node (nginx when installed)
//          --only throughput,accuracy,templates,workers,cpu,profile,soak,noise (all) --soak-rate N (50) --soak-duration S (120)
//          --noise-trials N (10)
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { noise } from "./noise.mjs";
import { profile } from "./profile.mjs";
import { cpu, workers } from "./scale.mjs";
import { soak } from "./soak.mjs";
import { has, median, runJson, runWrk, startFastTarget, startNodeTarget } from "./targets.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const { values: opts } = parseArgs({
  options: {
    pairs: { type: "string", default: "3" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    target: { type: "string" },
    only: { type: "string", default: "throughput,accuracy,templates,workers,cpu,profile,soak,noise" },
    "noise-trials": { type: "string", default: "10" },
    "soak-rate": { type: "string", default: "50" },
    "soak-duration": { type: "string", default: "120" },
  },
});
const steps = new Set(opts.only.split(","));
const pairs = Number(opts.pairs);
const durationSec = Number(opts.duration);
const connections = Number(opts.connections);

const fmt = (n) => n.toFixed(0).padStart(7);

async function throughput() {
  const target = await startFastTarget(opts.target);
  console.log(
    `\n## Throughput: closed model, ${connections} connections, ${durationSec} s per run, target ${target.kind}`,
  );
  const rows = [];
  try {
    for (let i = 0; i < pairs; i++) {
      const pg = await runJson("run-perf-gate.mjs", [target.url, connections, durationSec]);
      const ac = await runJson("run-autocannon.mjs", [target.url, connections, durationSec]);
      if (pg.errors > 0 || ac.errors > 0)
        throw new Error(`errors during the run: perf-gate ${pg.errors}, autocannon ${ac.errors}`);
      rows.push({ perfGate: pg, autocannon: ac, ratio: pg.reqPerSec / ac.reqPerSec });
      console.log(
        `pair ${i + 1}: perf-gate ${fmt(pg.reqPerSec)} req/s (rss ${pg.maxRssMb.toFixed(0)} MB, errors ${pg.errors})` +
          `  autocannon ${fmt(ac.reqPerSec)} req/s (rss ${ac.maxRssMb.toFixed(0)} MB)  ratio ${(pg.reqPerSec / ac.reqPerSec).toFixed(2)}`,
      );
    }
    const wrk = has("wrk") ? (runWrk(target.url, connections, durationSec)?.reqPerSec ?? null) : null;
    console.log(
      wrk === null
        ? "wrk: not installed"
        : `wrk -t1 -c${connections}: ${fmt(wrk)} req/s (the machine's ceiling)`,
    );
    const ratio = median(rows.map((r) => r.ratio));
    const peakRssMb = Math.max(...rows.map((r) => r.perfGate.maxRssMb));
    console.log(
      `median ratio perf-gate/autocannon: ${ratio.toFixed(2)} (floor 1.00, target 1.20); perf-gate peak RSS ${peakRssMb.toFixed(0)} MB`,
    );
    return { target: target.kind, connections, durationSec, rows, wrk, medianRatio: ratio, peakRssMb };
  } finally {
    target.stop();
  }
}

async function accuracy() {
  const target = await startNodeTarget(20);
  const ratePerSec = 300;
  console.log(`\n## Accuracy: open model ${ratePerSec} req/s for ${durationSec} s, server delay 20 ms fixed`);
  try {
    const r = await runJson("run-perf-gate.mjs", [target.url, 64, durationSec, ratePerSec]);
    const rateError = Math.abs(r.reqPerSec - ratePerSec) / ratePerSec;
    const p50Ok = r.p50Ms >= 20 && r.p50Ms <= 21.5;
    console.log(
      `p50 ${r.p50Ms.toFixed(3)} ms (want 20.0–21.5: ${p50Ok ? "ok" : "MISS"}), p99 ${r.p99Ms.toFixed(3)} ms, ` +
        `achieved ${r.reqPerSec.toFixed(1)} req/s (${(rateError * 100).toFixed(2)}% off, want < 3%: ${rateError < 0.03 ? "ok" : "MISS"}), ` +
        `dropped ${r.dropped}, event-loop p99 ${r.eventLoopP99Ms.toFixed(2)} ms`,
    );
    return { ratePerSec, ...r, rateError, pass: p50Ok && rateError < 0.03 };
  } finally {
    target.stop();
  }
}

async function templates() {
  const target = await startNodeTarget(0);
  console.log(
    `\n## Templates: closed model, ${connections} connections, ${durationSec} s per run, fixed vs templated JSON body`,
  );
  try {
    const rows = [];
    for (let i = 0; i < pairs; i++) {
      const fixed = await runJson("run-template.mjs", [target.url, connections, durationSec, "fixed"]);
      const templated = await runJson("run-template.mjs", [
        target.url,
        connections,
        durationSec,
        "templated",
      ]);
      const ratio = templated.reqPerSec / fixed.reqPerSec;
      rows.push({ fixed, templated, ratio });
      console.log(
        `pair ${i + 1}: fixed ${fmt(fixed.reqPerSec)} req/s  templated ${fmt(templated.reqPerSec)} req/s  ratio ${ratio.toFixed(2)}`,
      );
    }
    const ratio = median(rows.map((r) => r.ratio));
    console.log(
      `median ratio templated/fixed: ${ratio.toFixed(2)} (want >= 0.90: ${ratio >= 0.9 ? "ok" : "MISS"})`,
    );
    return { connections, durationSec, rows, medianRatio: ratio, pass: ratio >= 0.9 };
  } finally {
    target.stop();
  }
}

const scaleOptions = { pairs, connections, durationSec, target: opts.target };
const results = {
  at: new Date().toISOString(),
  node: process.version,
  throughput: steps.has("throughput") ? await throughput() : undefined,
  accuracy: steps.has("accuracy") ? await accuracy() : undefined,
  templates: steps.has("templates") ? await templates() : undefined,
  workers: steps.has("workers") ? await workers(scaleOptions) : undefined,
  cpu: steps.has("cpu") ? await cpu(scaleOptions) : undefined,
  profile: steps.has("profile") ? await profile(scaleOptions) : undefined,
  soak: steps.has("soak")
    ? await soak({ ratePerSec: Number(opts["soak-rate"]), durationSec: Number(opts["soak-duration"]) })
    : undefined,
  noise: steps.has("noise")
    ? await noise({ only: "seq,sbs", trials: Number(opts["noise-trials"]) })
    : undefined,
};
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log("\nresults written to bench/results/latest.json");
