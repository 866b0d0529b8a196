// One `perf-gate run` (the built CLI, in this process) of a closed-model budget written to a temp
// file: `run-perf-gate-cli.mjs <url> <connections> <seconds> <workers>`. No warm-up, so its measured
// window is the whole run, as autocannon's is. Prints a JSON line {reqPerSec, total, errors,
// durationSec, workers, cpuUs}: rates from the report, cpuUs the user + sys CPU of this process and
// its worker threads (process.cpuUsage) from the command's start to its end (budget, report included).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../lib/cli/main.js";

const [url, connections, durationSec, workers] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), "perf-gate-bench-"));
const budget = join(dir, "bench-budget.yml");
const out = join(dir, "report.json");
const target = new URL(url);
writeFileSync(
  budget,
  [
    "version: 1",
    `target: ${target.origin}`,
    "scenarios:",
    "  - name: bench",
    `    request: { path: ${target.pathname} }`,
    `    load: { connections: ${connections}, duration: ${durationSec}s, warmup: 0s, workers: ${workers} }`,
    "",
  ].join("\n"),
);
const quiet = () => {};
const cpuBefore = process.cpuUsage();
const code = await main(["run", budget, "--out", out], {
  stdout: quiet,
  stderr: quiet,
  env: {},
  isTTY: { stdout: false, stderr: false },
});
const cpu = process.cpuUsage(cpuBefore);
const report = JSON.parse(readFileSync(out, "utf8"));
rmSync(dir, { recursive: true, force: true });
const scenario = report.scenarios[0];
console.log(
  JSON.stringify({
    exitCode: code,
    reqPerSec: scenario.rps,
    total: scenario.requests.total,
    errors: scenario.requests.failed,
    durationSec: scenario.duration_ms / 1000,
    workers: scenario.load.workers ?? 1,
    cpuUs: cpu.user + cpu.system,
  }),
);
