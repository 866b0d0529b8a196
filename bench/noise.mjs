// `npm run bench:noise`: false alarms and detection of the regression gate against a server whose
// speed drifts with wall-clock time (issue 10 §3). Every trial runs `perf-gate run` (lib/cli.js, its
// own process) against drift servers (test/fixtures/drift-server.ts, each its own process, run by
// Node's type stripping) that this script starts on 127.0.0.1 and stops; trials run `--concurrency`
// at a time (the servers sleep, the closed-model load is light), each with a fresh random phase.
//
//   seq      today's method: a base run, then a head run with `--baseline base.json`, one budget
//            file and one URL (the gate compares nothing else); the server restarts on the same
//            port in between with a new random phase: another runner at another time. Runs are
//            `--seq-duration` (10 s: half the drift's period; a run of whole periods averages the
//            sine out and would hide the drift a real runner has).
//   sbs      side by side: `--baseline-target A --target B`, A and B with one phase; B unchanged
//            (false alarms) and B slowed by `--sbs-slowdown` (20 %: detection), `--sbs-duration` s.
//            Rounds: the budget's default unless `--round S` (`load.round`). The default once was
//            5 s: with ~1 s re-warm per round, A B B A then repeated every ~24 s, near the
//            fixture's 20 s period, and the sine landed on one side in every pair (up to ±20 %
//            bias with almost no spread between pairs, computed); `--round 5` shows what is left.
//   sweep    per duration of `--sweep-durations` (20,30,60 s side by side): false alarms with B
//            unchanged, then the `--slowdowns` ascending until one is caught in >= 90 % of
//            trials; stops there. Rule `--sweep-rule` % (a +10 % rule cannot flag a 5 % slowdown).
//   history  `--history-runs` (5) sequential baselines, each its own phase, then an unchanged head
//            with one `--baseline` per file: regression / within_noise / inconclusive / pass.
//
// An alarm is a trial whose gate said `regression` for any rule (latency.p50 and latency.p95, the
// statuses read from the `--markdown` summary, the verdict from report.json). Runs use
// `untrusted: warn` so a lagging generator (2 shared cores) still yields a verdict; how many runs
// were untrusted is printed beside every figure, with the load average.
//
// Options: --only seq,sbs,sweep,history (all) --trials N (10) --concurrency N (5) --connections N (4)
//   --warmup S (1) --rule PCT (10) --seq-duration S (10) --sbs-duration S (20) --sbs-slowdown PCT (20)
//   --round S (budget default) --sweep-durations 20,30,60 --slowdowns 5,7.5,10,15,20 --sweep-rule PCT (2.5)
//   --history-runs N (5) --history-duration S (10) --base-ms 20 --amplitude 0.15 --period 20 --jitter 0.1
// Smoke version (~1.5 minutes; checks the plumbing, its counts mean little): npm run bench:noise -- --smoke
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
// PERF_GATE_CLI: another build to measure (a checkout of the base branch, a candidate branch).
const cli = process.env.PERF_GATE_CLI ?? join(here, "..", "lib", "cli.js");
const driftServer = join(here, "..", "test", "fixtures", "drift-server.ts");

/** Every option of the noise bench, with its default. */
export const NOISE_DEFAULTS = {
  only: "seq,sbs,sweep,history",
  trials: 10,
  concurrency: 5,
  connections: 4,
  warmup: 1,
  rule: 10,
  seqDuration: 10,
  sbsDuration: 20,
  sbsSlowdown: 20,
  round: "",
  sweepDurations: "20,30,60",
  slowdowns: "5,7.5,10,15,20",
  sweepRule: 2.5,
  historyRuns: 5,
  historyDuration: 10,
  baseMs: 20,
  amplitude: 0.15,
  period: 20,
  jitter: 0.1,
};

/** What `--smoke` changes: every section once, 2 trials, short runs (about 1.5 minutes on 2 cores). */
const SMOKE = {
  trials: 2,
  warmup: 0.5,
  seqDuration: 3,
  sbsDuration: 4,
  sweepDurations: "4",
  slowdowns: "20",
  historyRuns: 2,
  historyDuration: 2,
};

/**
 * Starts one drift server process; resolves when it listens. `port` restarts a target on the
 * same URL (the gate compares only runs of one target). `stop()` resolves once the process exited.
 */
function startDrift(cfg, { phaseSec, slowdown = 1, port = 0 }) {
  const args = ["--phase", phaseSec, "--slowdown", slowdown, "--base-ms", cfg.baseMs, "--port", port];
  args.push("--amplitude", cfg.amplitude, "--period", cfg.period, "--jitter", cfg.jitter);
  const child = spawn(process.execPath, [driftServer, ...args.map(String)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`drift server exited ${code} before listening`)));
    child.stdout.once("data", (d) => {
      const listening = Number(String(d).trim());
      resolve({
        url: `http://127.0.0.1:${listening}`,
        port: listening,
        stop: () => {
          child.kill("SIGTERM");
          return exited;
        },
      });
    });
  });
}

function budgetYaml({ target, durationSec, warmupSec, connections, roundSec, rulePct }) {
  return `version: 1
target: ${target}
scenarios:
  - name: drift
    request: { method: GET, path: / }
    load:
      connections: ${connections}
      duration: ${durationSec}s
      warmup: ${warmupSec}s
      untrusted: warn
${roundSec === undefined ? "" : `      round: ${roundSec}s\n`}    regression:
      latency.p50: +${rulePct}%
      latency.p95: +${rulePct}%
`;
}

const STATUS_WORDS = [
  ["regression", "regression"],
  ["within noise", "within_noise"],
  ["inconclusive", "inconclusive"],
  ["not compared", "not_compared"],
  ["pass", "pass"],
];

/** Per rule metric, its status in the markdown summary's table (`| \`latency.p95\` | … | ✅ pass |`). */
export function statusesFromMarkdown(markdown, metrics = ["latency.p50", "latency.p95"]) {
  const out = {};
  for (const line of markdown.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const metric = /^`([^`]+)`$/.exec(cells[1] ?? "")?.[1];
    if (metric === undefined || !metrics.includes(metric) || out[metric] !== undefined) continue;
    const last = cells.at(-2) ?? "";
    const found = STATUS_WORDS.find(([word]) => last.includes(word));
    if (found) out[metric] = found[1];
  }
  return out;
}

/** Runs `perf-gate run` in its own process; resolves with its exit code, report and rule statuses. */
function runGate(dir, name, budget, extraArgs) {
  // One budget path for every run of a trial: the gate compares only reports of one budget file.
  const budgetPath = join(dir, "perf-budget.yml");
  const out = join(dir, `${name}.json`);
  const md = join(dir, `${name}.md`);
  writeFileSync(budgetPath, budget);
  const args = [cli, "run", budgetPath, "--out", out, "--markdown", md, "--quiet", ...extraArgs];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      // 0 pass, 1 the gate failed: both wrote a report. Anything else: the run itself broke.
      if (code !== 0 && code !== 1) {
        reject(new Error(`perf-gate run ${name} exited ${code}: ${stderr.trim()}`));
        return;
      }
      const report = JSON.parse(readFileSync(out, "utf8"));
      let markdown = "";
      try {
        markdown = readFileSync(md, "utf8");
      } catch {
        // No summary: statuses stay empty and the trial counts from report.json alone.
      }
      resolve({ code, file: out, report, statuses: statusesFromMarkdown(markdown) });
    });
  });
}

/** The figures one gated run contributes to a trial. */
function outcome(run) {
  const s = run.report.scenarios[0];
  const statuses = Object.values(run.statuses);
  return {
    exit: run.code,
    verdict: run.report.verdict,
    statuses: run.statuses,
    alarm: statuses.includes("regression") || (run.report.gate?.regressions ?? 0) > 0,
    untrusted: s?.trust?.trusted === false,
    mode: run.report.gate?.baseline_mode,
    p50Ms: s?.latency?.p50,
    p95Ms: s?.latency?.p95,
    baselineP95Ms: run.report.side_by_side?.scenarios?.[0]?.latency?.p95,
    // Side by side: the generator's own lag while it measured each side (a lagged side A makes
    // the gate skip the comparison).
    lagP99Ms: s?.generator?.event_loop_delay_p99_ms,
    baselineLagP99Ms: run.report.side_by_side?.scenarios?.[0]?.generator?.event_loop_delay_p99_ms,
    baselineLagged: run.report.side_by_side?.scenarios?.[0]?.generator?.lagged,
    pairs: s?.rounds ? Math.floor(s.rounds.length / 2) : undefined,
  };
}

const randomPhase = (cfg) => Math.random() * cfg.period;

/**
 * Sequential: a base run, then a head run with `--baseline base.json`, one budget file and one
 * URL (the gate compares only those), the server restarted in between with a new random phase.
 */
async function seqTrial(cfg, dir) {
  const load = { durationSec: cfg.seqDuration, warmupSec: cfg.warmup, connections: cfg.connections };
  const runs = await sequentialRuns(cfg, dir, 2, load);
  const [base, head] = runs;
  return { ...outcome(head), baseUntrusted: outcome(base).untrusted };
}

/**
 * `count` runs of one budget on one URL, one after the other; before each the server restarts
 * with a fresh random phase: another runner at another time. Run i > 0 gets `--baseline` for
 * every earlier run, newest first.
 */
async function sequentialRuns(cfg, dir, count, load, { baselines = "previous" } = {}) {
  const runs = [];
  let port = 0;
  for (let i = 0; i < count; i++) {
    const server = await startDrift(cfg, { phaseSec: randomPhase(cfg), port });
    port = server.port;
    try {
      const earlier = baselines === "all" ? runs.slice().reverse() : runs.slice(-1);
      const args = i === count - 1 ? earlier.flatMap((r) => ["--baseline", r.file]) : [];
      const budget = budgetYaml({ target: server.url, ...load, rulePct: cfg.rule });
      runs.push(await runGate(dir, `run${i + 1}`, budget, args));
    } finally {
      await server.stop();
    }
  }
  return runs;
}

/** Side by side: A unchanged, B slowed by `slowdownPct`, one phase for both. */
async function sbsTrial(cfg, dir, { durationSec, slowdownPct, rulePct }) {
  const phaseSec = randomPhase(cfg);
  return withDrift(cfg, [{ phaseSec }, { phaseSec, slowdown: 1 + slowdownPct / 100 }], async ([a, b]) => {
    const budget = budgetYaml({
      target: b.url,
      durationSec,
      warmupSec: cfg.warmup,
      connections: cfg.connections,
      roundSec: cfg.round === "" ? undefined : Number(cfg.round),
      rulePct,
    });
    return outcome(await runGate(dir, "sbs", budget, ["--baseline-target", a.url]));
  });
}

/** History: `historyRuns` baselines, each after a restart with its own phase, then an unchanged head. */
async function historyTrial(cfg, dir) {
  const load = { durationSec: cfg.historyDuration, warmupSec: cfg.warmup, connections: cfg.connections };
  const runs = await sequentialRuns(cfg, dir, cfg.historyRuns + 1, load, { baselines: "all" });
  return outcome(runs.at(-1));
}

async function withDrift(cfg, specs, fn) {
  const servers = await Promise.all(specs.map((spec) => startDrift(cfg, spec)));
  try {
    return await fn(servers);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/** Runs `count` trials, `concurrency` at a time, each in its own temporary folder. */
async function trials(cfg, count, trial) {
  const results = new Array(count);
  let next = 0;
  // Workers start 0.5 s apart: 10 CLIs and 20 servers starting in one instant would make every
  // first run's generator lag (startup JIT on 2 shared cores) and bias the base runs.
  const worker = async (w) => {
    await new Promise((r) => setTimeout(r, w * 500));
    while (next < count) {
      const i = next++;
      const dir = mkdtempSync(join(tmpdir(), "perf-gate-noise-"));
      try {
        results[i] = await trial(dir);
      } catch (err) {
        results[i] = { error: err instanceof Error ? err.message : String(err) };
      } finally {
        if (!process.env.NOISE_KEEP) rmSync(dir, { recursive: true, force: true });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(cfg.concurrency, count) }, (_, w) => worker(w)));
  return results;
}

/** The counts of one set of trials, with the machine's load while it ran. */
function tally(label, results, startedMs) {
  const ok = results.filter((r) => r.error === undefined);
  const count = (status) => ok.filter((r) => Object.values(r.statuses).includes(status)).length;
  return {
    label,
    trials: results.length,
    errors: results.length - ok.length,
    errorSamples: results
      .filter((r) => r.error !== undefined)
      .map((r) => r.error)
      .slice(0, 3),
    alarms: ok.filter((r) => r.alarm).length,
    // Trials where no rule was compared (e.g. a side was untrusted, or no summary): not alarms,
    // and not evidence of a quiet gate either.
    notCompared: ok.filter((r) => !Object.values(r.statuses).some((s) => s !== "not_compared")).length,
    withinNoise: count("within_noise"),
    inconclusive: count("inconclusive"),
    allPass: ok.filter((r) => {
      const statuses = Object.values(r.statuses);
      return statuses.length > 0 && statuses.every((s) => s === "pass");
    }).length,
    untrusted: ok.filter((r) => r.untrusted || r.baseUntrusted).length,
    wallSec: (performance.now() - startedMs) / 1000,
    loadAvg1: Number(loadavg()[0].toFixed(2)),
    results,
  };
}

function line(t, extra = "") {
  const err = t.errors ? `, ${t.errors} errors (${t.errorSamples[0]})` : "";
  return (
    `${t.label.padEnd(46)} alarms ${String(t.alarms).padStart(2)}/${t.trials - t.errors}  ` +
    `noise ${t.withinNoise} inconcl ${t.inconclusive} pass ${t.allPass} n/c ${t.notCompared}  ` +
    `untrusted ${t.untrusted}${err}  ` +
    `${t.wallSec.toFixed(0)} s, load ${t.loadAvg1}${extra}`
  );
}

async function measure(cfg, label, trial, count = cfg.trials) {
  const startedMs = performance.now();
  const t = tally(label, await trials(cfg, count, trial), startedMs);
  console.log(line(t));
  return t;
}

/** Runs the selected sections; prints a line per measurement and returns every figure. */
export async function noise(options = {}) {
  const cfg = { ...NOISE_DEFAULTS, ...options };
  const only = new Set(String(cfg.only).split(","));
  const drift = `${cfg.baseMs} ms × (1 + ${cfg.amplitude}·sin(2π(t+φ)/${cfg.period} s)) × U(${1 - cfg.jitter}, ${1 + cfg.jitter})`;
  console.log(
    `\n## Noise: drift server ${drift}; closed model, ${cfg.connections} connections, ${cfg.warmup} s warm-up; ` +
      `${cfg.trials} trials, ${cfg.concurrency} at a time; rules latency.p50 and latency.p95`,
  );
  const out = { config: cfg, at: new Date().toISOString(), loadAvgStart: loadavg()[0] };
  if (only.has("seq")) {
    out.sequential = await measure(
      cfg,
      `sequential ${cfg.seqDuration} s runs, +${cfg.rule}% (false alarms)`,
      (dir) => seqTrial(cfg, dir),
    );
  }
  if (only.has("sbs")) {
    const run = (slowdownPct) => (dir) =>
      sbsTrial(cfg, dir, { durationSec: cfg.sbsDuration, slowdownPct, rulePct: cfg.rule });
    const round = cfg.round === "" ? "default rounds" : `round ${cfg.round} s`;
    const tag = `side by side ${cfg.sbsDuration} s/side, ${round}, +${cfg.rule}%`;
    out.sideBySide = {
      unchanged: await measure(cfg, `${tag}, B unchanged`, run(0)),
      slowed: await measure(cfg, `${tag}, B +${cfg.sbsSlowdown}%`, run(cfg.sbsSlowdown)),
    };
  }
  if (only.has("sweep")) out.sweep = await sweep(cfg);
  if (only.has("history")) {
    out.history = await measure(
      cfg,
      `history: ${cfg.historyRuns} baselines + head, ${cfg.historyDuration} s runs, +${cfg.rule}%`,
      (dir) => historyTrial(cfg, dir),
    );
  }
  printSummary(out);
  return out;
}

const rate = (t) => (t === undefined ? "—" : `${t.alarms}/${t.trials - t.errors}`);

/** The compact table at the end: one line per figure of issue 10 §3, with its target. */
function printSummary(out) {
  console.log("\nfigure                                            measured   target");
  const row = (name, value, target) => console.log(`${name.padEnd(50)}${String(value).padEnd(11)}${target}`);
  if (out.sequential) row("sequential: false alarms", rate(out.sequential), "(today's method, reported)");
  if (out.sideBySide) {
    row("side by side: false alarms, B unchanged", rate(out.sideBySide.unchanged), "<= 1 in 10");
    row(`side by side: B slowed, caught`, rate(out.sideBySide.slowed), ">= 9 in 10");
  }
  for (const r of out.sweep ?? []) {
    const caught = r.smallestCaughtPct === null ? "none" : `+${r.smallestCaughtPct}%`;
    row(
      `sweep ${r.durationSec} s/side: smallest caught (FA ${rate(r.unchanged)})`,
      caught,
      ">= 9 in 10 at <= 1 FA",
    );
  }
  if (out.history) {
    const h = out.history;
    row(
      "history: unchanged head within_noise / regression",
      `${h.withinNoise} / ${h.alarms}`,
      "within_noise >= 9 in 10",
    );
    row("history: inconclusive / all pass", `${h.inconclusive} / ${h.allPass}`, "");
  }
}

/** Per duration: false alarms (B unchanged), then the smallest slowdown caught in >= 90 % of trials. */
async function sweep(cfg) {
  const rows = [];
  const slowdowns = String(cfg.slowdowns).split(",").map(Number);
  for (const durationSec of String(cfg.sweepDurations).split(",").map(Number)) {
    const run = (slowdownPct) => (dir) =>
      sbsTrial(cfg, dir, { durationSec, slowdownPct, rulePct: cfg.sweepRule });
    const tag = `sweep ${durationSec} s/side, +${cfg.sweepRule}%`;
    const unchanged = await measure(cfg, `${tag}, B unchanged`, run(0));
    const levels = [];
    let smallest = null;
    for (const pct of slowdowns) {
      const t = await measure(cfg, `${tag}, B +${pct}%`, run(pct));
      levels.push({ slowdownPct: pct, ...t });
      if (t.alarms >= Math.ceil(0.9 * (t.trials - t.errors)) && t.errors === 0) {
        smallest = pct;
        break;
      }
    }
    const falseAlarmsOk = unchanged.alarms <= Math.floor(0.1 * unchanged.trials);
    rows.push({ durationSec, unchanged, levels, smallestCaughtPct: falseAlarmsOk ? smallest : null });
  }
  console.log("\nduration/side  false alarms  smallest slowdown caught in >= 90 %");
  for (const r of rows) {
    const smallest = r.smallestCaughtPct === null ? "none of the levels tried" : `+${r.smallestCaughtPct}%`;
    console.log(
      `${`${r.durationSec} s`.padEnd(14)} ${`${r.unchanged.alarms}/${r.unchanged.trials}`.padEnd(13)} ${smallest}`,
    );
  }
  return rows;
}

/** Numbers out of the string options parseArgs gives (the lists stay strings). */
function fromArgs(values) {
  const cfg = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || key === "smoke") continue;
    const name = key.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    cfg[name] = typeof NOISE_DEFAULTS[name] === "number" ? Number(value) : value;
  }
  return values.smoke ? { ...SMOKE, ...cfg } : cfg;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = Object.fromEntries(
    Object.keys(NOISE_DEFAULTS).map((k) => [
      k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
      { type: "string" },
    ]),
  );
  const { values } = parseArgs({ options: { ...options, smoke: { type: "boolean" } } });
  const result = await noise(fromArgs(values));
  mkdirSync(join(here, "results"), { recursive: true });
  const file = join(here, "results", `noise-${result.at.slice(0, 19).replaceAll(":", "-")}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nresults written to ${file}`);
}
