// Scale and CPU steps of `npm run bench` (bench/bench.mjs runs them; see its header).
//  workers: `perf-gate run` with `load.workers: 2` vs `autocannon -w 2`, same connections and
//           duration, same target, alternating A B A B (each run its own process): req/s ratio.
//  cpu:     CPU per request (user + sys) of perf-gate's engine, autocannon and wrk, one thread each,
//           same target and connections, alternating perf-gate, autocannon, wrk: µs per request.
//           perf-gate and autocannon count their process's CPU during the run alone
//           (process.cpuUsage around it, all threads); wrk is a native binary and counts whole
//           (bash's `times` for its child), a start-up of a few milliseconds.
import { median, runJson, runWrk, startFastTarget } from "./targets.mjs";

const fmt = (n) => n.toFixed(0).padStart(7);
const usPerRequest = (run) => run.cpuUs / run.total;

/** perf-gate with 2 worker threads vs autocannon -w 2. */
export async function workers({ pairs, connections, durationSec, target: choice }) {
  const target = await startFastTarget(choice);
  console.log(
    `\n## Workers: closed model, 2 worker threads, ${connections} connections, ${durationSec} s per run, target ${target.kind}`,
  );
  const rows = [];
  try {
    for (let i = 0; i < pairs; i++) {
      const pg = await runJson("run-perf-gate-cli.mjs", [target.url, connections, durationSec, 2]);
      const ac = await runJson("run-autocannon.mjs", [target.url, connections, durationSec, 2]);
      if (pg.errors > 0 || ac.errors > 0 || pg.workers !== 2)
        throw new Error(
          `bad run: perf-gate ${pg.errors} errors on ${pg.workers} workers, autocannon ${ac.errors} errors`,
        );
      const ratio = pg.reqPerSec / ac.reqPerSec;
      rows.push({ perfGate: pg, autocannon: ac, ratio });
      console.log(
        `pair ${i + 1}: perf-gate -w 2 ${fmt(pg.reqPerSec)} req/s (${usPerRequest(pg).toFixed(1)} µs CPU/req)` +
          `  autocannon -w 2 ${fmt(ac.reqPerSec)} req/s (${usPerRequest(ac).toFixed(1)} µs CPU/req)  ratio ${ratio.toFixed(2)}`,
      );
    }
    const ratio = median(rows.map((r) => r.ratio));
    console.log(
      `median ratio perf-gate/autocannon with 2 workers: ${ratio.toFixed(2)} (want >= 1.00: ${ratio >= 1 ? "ok" : "MISS"})`,
    );
    return { target: target.kind, connections, durationSec, rows, medianRatio: ratio, pass: ratio >= 1 };
  } finally {
    target.stop();
  }
}

/** CPU per request of perf-gate's engine, autocannon and wrk, one thread each. */
export async function cpu({ pairs, connections, durationSec, target: choice }) {
  const target = await startFastTarget(choice);
  console.log(
    `\n## CPU per request: closed model, one thread, ${connections} connections, ${durationSec} s per run, target ${target.kind}`,
  );
  const rows = [];
  try {
    for (let i = 0; i < pairs; i++) {
      const pg = await runJson("run-perf-gate.mjs", [target.url, connections, durationSec]);
      const ac = await runJson("run-autocannon.mjs", [target.url, connections, durationSec]);
      const wrk = runWrk(target.url, connections, durationSec);
      if (pg.errors > 0 || ac.errors > 0)
        throw new Error(`errors during the run: perf-gate ${pg.errors}, autocannon ${ac.errors}`);
      const row = {
        perfGateUs: usPerRequest(pg),
        autocannonUs: usPerRequest(ac),
        wrkUs: wrk === null ? null : usPerRequest(wrk),
        perfGate: pg,
        autocannon: ac,
        wrk,
      };
      row.ratio = row.perfGateUs / row.autocannonUs;
      rows.push(row);
      console.log(
        `round ${i + 1}: perf-gate ${row.perfGateUs.toFixed(1)} µs/req (${fmt(pg.reqPerSec)} req/s)` +
          `  autocannon ${row.autocannonUs.toFixed(1)} µs/req (${fmt(ac.reqPerSec)} req/s)` +
          `  wrk ${wrk === null ? "not installed" : `${row.wrkUs.toFixed(1)} µs/req (${fmt(wrk.reqPerSec)} req/s)`}` +
          `  perf-gate/autocannon ${row.ratio.toFixed(2)}`,
      );
    }
    const ratio = median(rows.map((r) => r.ratio));
    const med = (key) => {
      const xs = rows.map((r) => r[key]).filter((x) => x !== null);
      return xs.length === 0 ? null : median(xs);
    };
    const summary = { perfGateUs: med("perfGateUs"), autocannonUs: med("autocannonUs"), wrkUs: med("wrkUs") };
    console.log(
      `median CPU per request: perf-gate ${summary.perfGateUs.toFixed(1)} µs, autocannon ${summary.autocannonUs.toFixed(1)} µs` +
        `${summary.wrkUs === null ? "" : `, wrk ${summary.wrkUs.toFixed(1)} µs`}; ` +
        `median ratio perf-gate/autocannon ${ratio.toFixed(2)} (want <= 0.80: ${ratio <= 0.8 ? "ok" : "MISS"})`,
    );
    return {
      target: target.kind,
      connections,
      durationSec,
      rows,
      ...summary,
      medianRatio: ratio,
      pass: ratio <= 0.8,
    };
  } finally {
    target.stop();
  }
}
