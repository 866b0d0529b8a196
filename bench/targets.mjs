// Bench targets and child runs shared by bench.mjs and scale.mjs: nginx (one worker, a fixed
// body from memory) or a node:http server in its own process, on a free loopback port.
import { execFile, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Whether `command` is on the PATH. */
export function has(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
}

/** Runs `bench/<script>` in its own Node process and resolves to the JSON of its last line. */
export function runJson(script, args) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(here, script), ...args.map(String)], (err, stdout, stderr) => {
      if (err) reject(new Error(`${script} failed: ${stderr || err.message}`));
      else resolve(JSON.parse(stdout.trim().split("\n").at(-1)));
    });
  });
}

/** bench/target-server.mjs in its own process, answering after `delayMs`. */
export async function startNodeTarget(delayMs) {
  const child = spawn(process.execPath, [join(here, "target-server.mjs")], {
    env: { ...process.env, DELAY_MS: String(delayMs) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise((resolve) =>
    child.stdout.once("data", (d) => resolve(Number(String(d).trim()))),
  );
  return {
    kind: `node:http (own process, ${delayMs} ms delay)`,
    url: `http://127.0.0.1:${port}/`,
    stop: () => child.kill(),
  };
}

/** nginx with bench/nginx.conf in a temp prefix, on a random loopback port. */
export async function startNginx() {
  const prefix = mkdtempSync(join(tmpdir(), "perf-gate-nginx-"));
  mkdirSync(join(prefix, "tmp"));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const conf = readFileSync(join(here, "nginx.conf"), "utf8").replaceAll("__PORT__", String(port));
  writeFileSync(join(prefix, "nginx.conf"), conf);
  const child = spawn("nginx", ["-p", prefix, "-c", join(prefix, "nginx.conf")], { stdio: "inherit" });
  await waitForPort(port);
  return { kind: "nginx (1 worker)", url: `http://127.0.0.1:${port}/`, stop: () => child.kill("SIGQUIT") };
}

/** nginx when it is installed (or asked for), the node target otherwise. */
export function startFastTarget(choice) {
  return (choice ?? (has("nginx") ? "nginx" : "node")) === "nginx" ? startNginx() : startNodeTarget(0);
}

async function waitForPort(port) {
  for (let i = 0; i < 50; i++) {
    const ok = await new Promise((resolve) => {
      const socket = connect(port, "127.0.0.1", () => resolve(socket.end() && true));
      socket.on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`bench target did not listen on 127.0.0.1:${port}`);
}

/**
 * wrk (one thread) against `url`: requests per second, completed requests, and the CPU it used
 * (user + sys of the wrk process, from bash's `times` for its children), or null without wrk.
 */
export function runWrk(url, connections, durationSec) {
  if (!has("wrk")) return null;
  const out = spawnSync(
    "bash",
    ["-c", `wrk -t1 -c${connections} -d${durationSec}s "$1"; times`, "wrk", url],
    {
      encoding: "utf8",
    },
  );
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(out.stdout ?? "");
  const total = /(\d+) requests in/.exec(out.stdout ?? "");
  // `times` prints the shell's own user/sys, then its children's: "0m0.325s 0m2.107s".
  const children = (out.stdout ?? "")
    .trim()
    .split("\n")
    .at(-1)
    ?.match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
  if (!rate || !total || !children) return null;
  const cpuSec =
    Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4]);
  return { reqPerSec: Number(rate[1]), total: Number(total[1]), cpuUs: cpuSec * 1e6 };
}

/** The middle value (upper middle for an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
