// Child process of the engine tests: runs one closed-model scenario against the URL in argv[2]
// with argv[3] connections for argv[4] ms, and prints what it measured as one JSON line.
import { runScenario } from "../../../src/load/run-scenario.js";
import { initHistograms } from "../../../src/metrics/histogram.js";

const [url = "", connections = "1", durationMs = "500"] = process.argv.slice(2);
await initHistograms();
const r = await runScenario({
  name: "child",
  url: new URL("/", url),
  request: { method: "GET", path: "/", headers: {}, timeoutMs: 5000, expectStatus: [] },
  load: {
    connections: Number(connections),
    arrival: "constant",
    seed: 1,
    durationMs: Number(durationMs),
    warmupMs: 0,
    untrusted: "fail",
  },
});
console.log(JSON.stringify({ requests: r.requests, errors: r.errors, errorSamples: r.errorSamples }));
