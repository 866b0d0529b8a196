// Soak: does perf-gate's memory stay flat while it reads streamed responses for minutes?
// The built CLI (`perf-gate run`, lib/cli.js) runs in its own process, open model at a moderate
// rate, against bench/sse-target-server.mjs (fixed timings, its own process). Every 5 s the CLI's
// resident set is read from /proc/<pid>/status (VmRSS). At the end: the run's ttft/itl/tpot p50
// against the server's set timings, and the flat-memory verdict.
//
// Flat-memory criterion: the mean RSS of the last 30 s is at most the mean of 30-60 s plus
// max(10 %, 20 MB). The first 30 s are left out on purpose: V8 grows its heap, JIT-compiles and
// allocates the histograms then, and that one-off growth is not a leak. The margin is set by
// what a healthy run does: RSS creeps ~1 MB a minute between major GCs, then one GC hands back
// ~20-25 MB at once (measured at this rate, 2-core machine), so a window that catches a GC and
// one that does not differ by about that much. 20 MB over the ~65 s between the two windows'
// midpoints is ~0.3 MB/s: a leak that keeps every response's bytes (~24 events of ~150 B at
// 50 req/s, ~175 kB/s, plus a Buffer per read) is at that edge; the slope of RSS after 30 s is
// printed beside the verdict to tell a sawtooth (about 0 or negative) from a leak (steadily up).
// Per-request leaks of a few hundred bytes are below what 2 minutes of RSS can show.
//
// Endless mode (`--endless`): a server in this process streams content chunks without end (as fast
// as the socket takes them) for the whole run over 2 connections, closed model, 60 s, no warm-up:
// two requests that never finish until the run does. Before the per-slot gap buffer was bounded,
// every inter-token gap of a request was kept until it ended and RSS grew 207 → 494 MB in 20 s.
// RSS is sampled every 2 s and judged by the same flat-memory rule on windows scaled to the run
// (mean of 20-40 s against the mean of the last 20 s).
//
// Run alone: `npm run bench:soak [-- --rate N --duration S --leak-kbps N]` (--leak-kbps makes
// the CLI leak N kB/s on purpose: the criterion must then FAIL), or as part of `npm run bench`
// (`npm run bench -- --only soak`). npm puts the devDependency's Node 24 first on the PATH; a
// plain `node bench/soak.mjs` needs Node >= 22.19. Loopback only; stops by itself.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "..", "lib", "cli.js");
/** The server's set timings: the truth the measured p50s are compared with. */
const TRUTH = { ttftMs: 50, tokenMs: 5, tokens: 20 };
const SAMPLE_EVERY_MS = 5_000;
const WARMUP_SEC = 5;

function startSseTarget() {
  const child = spawn(process.execPath, [join(here, "sse-target-server.mjs")], {
    env: {
      ...process.env,
      TTFT_MS: `${TRUTH.ttftMs}`,
      TOKEN_MS: `${TRUTH.tokenMs}`,
      TOKENS: `${TRUTH.tokens}`,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = new Promise((resolve) => child.stdout.once("data", (d) => resolve(Number(String(d).trim()))));
  return { port, stop: () => child.kill("SIGTERM") };
}

/**
 * The endless target: every request gets a 200 event stream of content chunks written as fast as
 * the socket drains, until `streamSec` after it arrived (then `[DONE]`): a stream without end for
 * the length of the run. Lives in the soak's process; the CLI under test has its own.
 */
function startEndlessTarget(streamSec) {
  const chunk = {
    id: "e",
    object: "chat.completion.chunk",
    choices: [{ index: 0, delta: { content: " tok" } }],
  };
  const batch = `data: ${JSON.stringify(chunk)}\n\n`.repeat(200);
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const endAtMs = performance.now() + streamSec * 1000;
    const pump = () => {
      while (performance.now() < endAtMs) {
        if (!res.write(batch)) {
          res.once("drain", pump);
          return;
        }
      }
      res.end("data: [DONE]\n\n");
    };
    pump();
  });
  const port = new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));
  return {
    port,
    stop: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

function endlessBudgetYaml(url, durationSec) {
  return `version: 1
target: ${url}
scenarios:
  - name: endless
    request:
      method: POST
      path: /v1/chat/completions
      json: { model: soak, stream: true, messages: [{ role: user, content: "soak" }] }
      stream: openai
      timeout: ${durationSec + 30}s
    load: { connections: 2, duration: ${durationSec}s }
`;
}

function budgetYaml(url, ratePerSec, durationSec) {
  return `version: 1
target: ${url}
scenarios:
  - name: soak
    request:
      method: POST
      path: /v1/chat/completions
      json: { model: soak, stream: true, messages: [{ role: user, content: "soak" }] }
      stream: openai
      timeout: 5s
    load: { rate: ${ratePerSec}, arrival: constant, connections: 64, duration: ${durationSec}s, warmup: ${WARMUP_SEC}s }
    slo: { ttft: 200ms, tpot: 20ms }
    thresholds:
      error_rate: 0.1%
`;
}

/** VmRSS of `pid` in MB, or undefined once the process is gone. */
function rssMb(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * NODE_OPTIONS that make the CLI leak `kbPerSec` of filled (so resident) memory: the soak's own
 * check that its criterion catches a known leak (`--leak-kbps`). Empty when 0.
 */
function leakOptions(kbPerSec) {
  if (!kbPerSec) return {};
  const code = `globalThis.kept=[];setInterval(()=>globalThis.kept.push(Buffer.alloc(${kbPerSec * 102},1)),100).unref()`;
  return { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(code)}` };
}

/** Runs `perf-gate run` and samples its RSS every `everyMs`; resolves with its exit code and the samples. */
function runSampled(budgetPath, outPath, leakKbPerSec, everyMs = SAMPLE_EVERY_MS) {
  const child = spawn(process.execPath, [cli, "run", budgetPath, "--out", outPath, "--quiet"], {
    env: { ...process.env, ...leakOptions(leakKbPerSec) },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const startedMs = performance.now();
  const samples = [];
  const timer = setInterval(() => {
    const mb = rssMb(child.pid);
    if (mb !== undefined) samples.push({ tSec: (performance.now() - startedMs) / 1000, mb });
  }, everyMs);
  return new Promise((resolve) => {
    child.once("exit", (code) => {
      clearInterval(timer);
      resolve({ code, samples });
    });
  });
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const meanIn = (samples, fromSec, toSec) =>
  mean(samples.filter((s) => s.tSec > fromSec && s.tSec <= toSec).map((s) => s.mb));

/** Least-squares slope of RSS over time, MB per minute, from `fromSec` on. */
function slopeMbPerMin(samples, fromSec) {
  const pts = samples.filter((s) => s.tSec > fromSec);
  const tBar = mean(pts.map((p) => p.tSec));
  const mBar = mean(pts.map((p) => p.mb));
  const num = pts.reduce((a, p) => a + (p.tSec - tBar) * (p.mb - mBar), 0);
  const den = pts.reduce((a, p) => a + (p.tSec - tBar) ** 2, 0);
  return (num / den) * 60;
}

/**
 * The flat-memory rule: the mean RSS of the last `windowSec` is at most the mean of
 * [settleSec, settleSec + windowSec] plus max(10 %, 20 MB). Defaults: 30-60 s against the last 30 s.
 */
function memoryVerdict(samples, settleSec = 30, windowSec = 30) {
  const endSec = samples.at(-1).tSec;
  const m = {
    firstMinuteMb: meanIn(samples, 0, 60),
    lastMinuteMb: meanIn(samples, endSec - 60, endSec),
    settledMb: meanIn(samples, settleSec, settleSec + windowSec),
    last30Mb: meanIn(samples, endSec - windowSec, endSec),
    slopeMbPerMin: slopeMbPerMin(samples, settleSec),
  };
  const allowedMb = Math.max(0.1 * m.settledMb, 20);
  return { ...m, growthMb: m.last30Mb - m.settledMb, allowedMb, pass: m.last30Mb - m.settledMb <= allowedMb };
}

/** The soak step: prints its figures and returns them (for bench/results/latest.json). */
export async function soak({ ratePerSec = 50, durationSec = 120, leakKbPerSec = 0 } = {}) {
  console.log(
    `\n## Soak: perf-gate run (own process), open model ${ratePerSec} req/s for ${WARMUP_SEC} + ${durationSec} s, ` +
      `SSE server: first token at ${TRUTH.ttftMs} ms, then ${TRUTH.tokens - 1} tokens every ${TRUTH.tokenMs} ms` +
      (leakKbPerSec ? `; injected leak ${leakKbPerSec} kB/s (must FAIL)` : ""),
  );
  const dir = mkdtempSync(join(tmpdir(), "perf-gate-soak-"));
  const target = startSseTarget();
  try {
    const budgetPath = join(dir, "soak.yml");
    writeFileSync(budgetPath, budgetYaml(`http://127.0.0.1:${await target.port}`, ratePerSec, durationSec));
    const { code, samples } = await runSampled(budgetPath, join(dir, "report.json"), leakKbPerSec);
    // Exit 0 or 1 (thresholds) writes the report; anything else means the run itself broke.
    if (code !== 0 && code !== 1) throw new Error(`perf-gate run exited ${code}: no report to read`);
    const s = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")).scenarios[0];
    const mem = memoryVerdict(samples);
    console.log(`RSS every 5 s (MB): ${samples.map((x) => x.mb.toFixed(0)).join(" ")}`);
    console.log(
      `RSS mean first minute ${mem.firstMinuteMb.toFixed(1)} MB, last minute ${mem.lastMinuteMb.toFixed(1)} MB; ` +
        `30-60 s ${mem.settledMb.toFixed(1)} MB vs last 30 s ${mem.last30Mb.toFixed(1)} MB: growth ` +
        `${mem.growthMb >= 0 ? "+" : ""}${mem.growthMb.toFixed(1)} MB (allowed ${mem.allowedMb.toFixed(1)}), ` +
        `slope after 30 s ${mem.slopeMbPerMin.toFixed(2)} MB/min: ${mem.pass ? "PASS" : "FAIL"}`,
    );
    const timing = {
      ttftP50Ms: s.ttft?.p50,
      itlP50Ms: s.itl?.p50,
      tpotP50Ms: s.tpot?.p50,
      outputTokensP50: s.output_tokens?.p50,
    };
    console.log(
      `p50 ttft ${timing.ttftP50Ms?.toFixed(2)} ms (set ${TRUTH.ttftMs}), itl ${timing.itlP50Ms?.toFixed(2)} ms ` +
        `(set ${TRUTH.tokenMs}), tpot ${timing.tpotP50Ms?.toFixed(2)} ms (set ${TRUTH.tokenMs}), output tokens ` +
        `${timing.outputTokensP50} (set ${TRUTH.tokens}); ${s.requests.ok} ok, ${s.requests.failed} failed, ` +
        `${s.requests.dropped} dropped, output_tps ${s.output_tps?.toFixed(0)}, goodput ${s.goodput?.toFixed(1)}, ` +
        `perf-gate exit ${code}`,
    );
    return { ratePerSec, durationSec, truth: TRUTH, samples, ...mem, ...timing, exitCode: code };
  } finally {
    target.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The endless-stream soak: 2 connections each reading one stream that floods content chunks for
 * the whole `durationSec`; RSS every 2 s; the flat-memory rule on 20-40 s against the last 20 s.
 */
export async function soakEndless({ durationSec = 60, leakKbPerSec = 0 } = {}) {
  console.log(
    `\n## Soak (endless): perf-gate run (own process), closed model, 2 connections for ${durationSec} s, ` +
      "each reading one SSE stream that floods content chunks without end" +
      (leakKbPerSec ? `; injected leak ${leakKbPerSec} kB/s (must FAIL)` : ""),
  );
  const dir = mkdtempSync(join(tmpdir(), "perf-gate-soak-"));
  const target = startEndlessTarget(durationSec + 5);
  try {
    const budgetPath = join(dir, "endless.yml");
    writeFileSync(budgetPath, endlessBudgetYaml(`http://127.0.0.1:${await target.port}`, durationSec));
    const { code, samples } = await runSampled(budgetPath, join(dir, "report.json"), leakKbPerSec, 2_000);
    if (code !== 0 && code !== 1) throw new Error(`perf-gate run exited ${code}: no report to read`);
    const s = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")).scenarios[0];
    const mem = memoryVerdict(samples, 20, 20);
    console.log(`RSS every 2 s (MB): ${samples.map((x) => x.mb.toFixed(0)).join(" ")}`);
    console.log(
      `RSS 20-40 s ${mem.settledMb.toFixed(1)} MB vs last 20 s ${mem.last30Mb.toFixed(1)} MB: growth ` +
        `${mem.growthMb >= 0 ? "+" : ""}${mem.growthMb.toFixed(1)} MB (allowed ${mem.allowedMb.toFixed(1)}), ` +
        `slope after 20 s ${mem.slopeMbPerMin.toFixed(2)} MB/min, peak ${Math.max(...samples.map((x) => x.mb)).toFixed(0)} MB: ` +
        `${mem.pass ? "PASS" : "FAIL"}`,
    );
    console.log(
      `${s.requests.ok} ok, ${s.requests.failed} failed; itl count ${s.itl?.count}, output tokens ` +
        `${s.output_tokens_total ?? s.stream?.output_tokens_total ?? "?"}; perf-gate exit ${code}`,
    );
    return { durationSec, samples, ...mem, exitCode: code };
  } finally {
    target.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      rate: { type: "string", default: "50" },
      duration: { type: "string", default: "120" },
      "leak-kbps": { type: "string", default: "0" },
      endless: { type: "boolean", default: false },
    },
  });
  if (values.endless) {
    const result = await soakEndless({
      durationSec: process.argv.includes("--duration") ? Number(values.duration) : 60,
      leakKbPerSec: Number(values["leak-kbps"]),
    });
    process.exit(result.pass ? 0 : 1);
  }
  const result = await soak({
    ratePerSec: Number(values.rate),
    durationSec: Number(values.duration),
    leakKbPerSec: Number(values["leak-kbps"]),
  });
  process.exitCode = result.pass && result.exitCode === 0 ? 0 : 1;
}
