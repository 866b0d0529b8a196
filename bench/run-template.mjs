// One closed-model run of a POST with a JSON body, fixed or templated, in its own process (built
// lib/); prints a JSON line. The two bodies have the same shape and about the same size: the
// templated one fills five values per request (a typed number, a data row, a random string, a
// uuid and the sequence number), so the difference is the cost of rendering.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseBudget } from "../lib/budget/parse-budget.js";
import { runScenario } from "../lib/load/run-scenario.js";
import { planScenario } from "../lib/run-budget.js";

const [url, connections, durationSec, mode] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), "perf-gate-bench-"));
writeFileSync(
  join(dir, "prompts.jsonl"),
  ["red shoes under 50", "blue hat for winter", "green jacket, waterproof"]
    .map((q) => JSON.stringify({ q }))
    .join("\n"),
);
const json =
  mode === "templated"
    ? '{ model: m, max_tokens: "{{= randomInt(16, 256) }}", messages: [{ role: user, content: "{{ row.q }} {{ randomString(8) }}" }], user: "{{ uuid }}", n: "{{ seq }}" }'
    : '{ model: m, max_tokens: 128, messages: [{ role: user, content: "red shoes under 50 Xk3LmQ9z" }], user: "3f0c9e52-8b1d-4c6a-9e7f-2d5b8a1c4e60", n: "12345" }';
const budget = parseBudget(
  [
    "version: 1",
    `target: ${url}`,
    "scenarios:",
    "  - name: bench",
    ...(mode === "templated" ? ["    data: { file: prompts.jsonl }"] : []),
    `    request: { method: POST, path: /, json: ${json} }`,
    `    load: { connections: ${connections}, duration: ${durationSec}s }`,
    "",
  ].join("\n"),
  { file: join(dir, "bench.yml"), env: {}, readData: (f) => readFileSync(join(dir, f), "utf8") },
);
const scenario = budget.scenarios[0];
const result = await runScenario(planScenario(budget.target, scenario));
const completed = result.requests.ok + result.requests.failed;
for (const h of [result.latency, result.latencyUncorrected, result.queueTime, result.latencyFailed])
  h.destroy();
console.log(
  JSON.stringify({
    mode,
    reqPerSec: completed / (result.measuredDurationMs / 1000),
    total: completed,
    errors: result.requests.failed,
    bytesSentPerRequest: result.bytesSent / Math.max(1, completed),
  }),
);
