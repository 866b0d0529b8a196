/**
 * The first five minutes, as processes: `npx perf-gate` in a checkout right after `npm ci`, the
 * packed package installed into an empty folder, and a Node that is too old. Every npm call is
 * offline and local (a fresh npx cache, tarballs by integrity from the npm cache `npm ci` filled).
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findOldNode } from "./old-node.js";
import { installTarballOffline } from "./packed-install.js";

const ROOT = join(import.meta.dirname, "../..");
const USAGE_START = "perf-gate: a load test with a YAML performance budget";
const OLD_NODE = findOldNode(22);
const NEEDS_NODE =
  /^perf-gate needs Node\.js >= 22\.19 \(this is v\d+\.\d+\.\d+\): install Node 24 \(nvm install 24\), or run it as npx perf-gate from a checkout after npm ci, which uses the local Node 24\n$/;

interface Finished {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `file args` to its end; never throws on a non-zero exit. */
async function runProcess(
  file: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Finished> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      timeout: 90_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** The environment of a user's shell with a Node ≥ 22.19 first on PATH (the one running the tests). */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
    ...extra,
  };
}

let work: string;
let version: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "perf-gate-first-run-"));
  version = (JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
  // The tarball and the Node-version tests need lib/ as `npm ci` leaves it: built by the test
  // run's global setup (test/build-lib.ts).
}, 120_000);
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** A copy of the checkout as `git clone` + `npm ci --ignore-scripts` would leave it: no lib/. */
async function checkoutWithoutLib(name: string): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir);
  for (const entry of [
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "tsconfig.build.json",
    "bin",
    "src",
    "schema",
    "examples",
  ]) {
    await cp(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

describe("npx perf-gate in a checkout", () => {
  it("works at once where lib/ was never built (regression: npx cached the package without its bin, 'perf-gate: not found')", async () => {
    const checkout = await checkoutWithoutLib("checkout");
    // A fresh npx cache: the first `npx perf-gate` of a new user, which used to cache a bin-less install.
    const env = userEnv({ npm_config_cache: join(work, "npm-cache-checkout"), npm_config_offline: "true" });
    const first = await runProcess("npx", ["perf-gate", "--help"], { cwd: checkout, env });
    expect(first.stderr).not.toContain("not found");
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout.startsWith(USAGE_START)).toBe(true);
    const again = await runProcess("npx", ["perf-gate", "--version"], { cwd: checkout, env });
    expect(again).toMatchObject({ code: 0, stdout: `${version}\n` });
  }, 120_000);

  it("bin/perf-gate.js says in one line how to build when lib/ is missing, exit 2", async () => {
    const checkout = join(work, "bare");
    await mkdir(checkout);
    await cp(join(ROOT, "bin"), join(checkout, "bin"), { recursive: true });
    const res = await runProcess(process.execPath, [join(checkout, "bin/perf-gate.js"), "--help"], {
      cwd: checkout,
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^perf-gate: lib\/ is not built .*run `npm run build`.*\n$/);
  });
});

describe("the packed package, installed into an empty folder", () => {
  let app: string;

  beforeAll(async () => {
    app = join(work, "app");
    await mkdir(app);
    // --ignore-scripts: prepare would rebuild lib/, which the top-level beforeAll just did.
    const packed = await runProcess(
      "npm",
      ["pack", "--ignore-scripts", "--silent", "--pack-destination", app],
      {
        cwd: ROOT,
        env: userEnv(),
      },
    );
    expect(packed.code, packed.stderr).toBe(0);
    await installTarballOffline(ROOT, join(app, packed.stdout.trim()), app, userEnv());
  }, 180_000);

  it("ships bin/perf-gate.js and lib/cli.js, and `npx perf-gate --help` works at once", async () => {
    const pkg = join(app, "node_modules/perf-gate");
    await expect(readFile(join(pkg, "bin/perf-gate.js"), "utf8")).resolves.toMatch(
      /^#!\/usr\/bin\/env node\n/,
    );
    await expect(readFile(join(pkg, "lib/cli.js"), "utf8")).resolves.toContain("nodeVersionProblem");
    const help = await runProcess("npx", ["perf-gate", "--help"], {
      cwd: app,
      env: userEnv({ npm_config_offline: "true" }),
    });
    expect(help).toMatchObject({ code: 0 });
    expect(help.stdout.startsWith(USAGE_START)).toBe(true);
    const ver = await runProcess("npx", ["perf-gate", "--version"], {
      cwd: app,
      env: userEnv({ npm_config_offline: "true" }),
    });
    expect(ver).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it.skipIf(OLD_NODE === undefined)(
    "on an old Node the installed bin says which Node it needs, exit 2",
    async () => {
      const res = await runProcess(OLD_NODE ?? "", [join(app, "node_modules/.bin/perf-gate"), "--version"], {
        cwd: app,
      });
      expect(res).toMatchObject({ code: 2, stdout: "" });
      expect(res.stderr).toMatch(NEEDS_NODE);
    },
  );
});

describe.skipIf(OLD_NODE === undefined)(`a Node older than 22.19 (${OLD_NODE ?? "none found"})`, () => {
  it.each([["lib/cli.js"], ["bin/perf-gate.js"]])(
    "node %s --version prints which Node is needed in one line, exit 2 (regression: a stack trace from inside undici)",
    async (script) => {
      const res = await runProcess(OLD_NODE ?? "", [join(ROOT, script), "--version"], { cwd: work });
      expect(res).toMatchObject({ code: 2, stdout: "" });
      expect(res.stderr).toMatch(NEEDS_NODE);
      expect(res.stderr).not.toMatch(/undici|\n\s+at /);
    },
  );
});
