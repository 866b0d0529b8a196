// One perf-gate engine run in its own process (built lib/), closed or open model; prints a JSON line.
// cpuUs: user + sys CPU of this process during the run alone (process.cpuUsage), start-up excluded.
import { runScenario } from "../lib/load/run-scenario.js";
import { summarizeHistogram } from "../lib/report/summarize-histogram.js";

const [url, connections, durationSec, ratePerSec] = process.argv.slice(2);
const runStartUs = Number(process.hrtime.bigint() / 1000n);
const cpuBefore = process.cpuUsage();
const result = await runScenario({
  name: "bench",
  url: new URL(url),
  request: { method: "GET", path: new URL(url).pathname, headers: {}, timeoutMs: 10_000, expectStatus: [] },
  load: {
    connections: Number(connections),
    ratePerSec: ratePerSec ? Number(ratePerSec) : undefined,
    arrival: "constant",
    seed: 1,
    durationMs: Number(durationSec) * 1000,
    warmupMs: 0,
  },
});
const cpu = process.cpuUsage(cpuBefore);
const runEndUs = Number(process.hrtime.bigint() / 1000n);
const completed = result.requests.ok + result.requests.failed;
const latency = summarizeHistogram(result.latency);
for (const h of [result.latency, result.latencyUncorrected, result.queueTime, result.latencyFailed])
  h.destroy();
console.log(
  JSON.stringify({
    reqPerSec: completed / (result.measuredDurationMs / 1000),
    total: completed,
    errors: result.requests.failed,
    dropped: result.requests.dropped,
    durationSec: result.measuredDurationMs / 1000,
    p50Ms: latency.p50,
    p99Ms: latency.p99,
    eventLoopP99Ms: result.generator.eventLoopDelayP99Ms,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    cpuUs: cpu.user + cpu.system,
    // The run's bounds on the monotonic clock, in µs: a --cpu-prof profile's timestamps use it.
    runStartUs,
    runEndUs,
  }),
);
