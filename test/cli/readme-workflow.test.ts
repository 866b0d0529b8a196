/**
 * The README's "GitHub Action" section, run rather than read: the wait for the API must fail the
 * step when nothing ever answers (the old `for … && break; done` loop exited 0), and the schema
 * paths it tells users to put in a copied budget must exist in what a release ships.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = join(import.meta.dirname, "../..");
let section: string;

beforeAll(async () => {
  const readme = await readFile(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("\n## The GitHub Action\n");
  section = readme.slice(start, readme.indexOf("\n## ", start + 5));
});

/** The `run:` script of the README workflow's step that waits for the API. */
function waitScript(): string {
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error("no yaml block in the GitHub Action section");
  const workflow = parse(block) as { jobs: Record<string, { steps: { run?: string }[] }> };
  const step = Object.values(workflow.jobs)
    .flatMap((job) => job.steps)
    .find((s) => s.run?.includes("curl"));
  if (!step?.run) throw new Error("no step runs curl");
  return step.run;
}

/** The README's wait command, pointed at `port` and with `retries` instead of 30 (to stay fast). */
function waitCommand(port: number, retries: number): string {
  const lines = waitScript().trim().split("\n");
  const last = lines.at(-1) ?? "";
  // The wait must be the script's last command: its exit status is the step's.
  expect(last).toMatch(/^curl /);
  expect(last).toContain("--retry 30");
  return last.replace("--retry 30", `--retry ${retries}`).replace("127.0.0.1:8080", `127.0.0.1:${port}`);
}

/** A loopback port with nothing listening on it (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function exitCodeOf(command: string): Promise<number> {
  try {
    await promisify(execFile)("bash", ["-e", "-c", command], { timeout: 20_000 });
    return 0;
  } catch (err) {
    return typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : -1;
  }
}

describe("the README workflow's wait for the API", () => {
  it("fails the step when nothing ever listens (regression: the loop exited 0 and the job went on)", async () => {
    const started = performance.now();
    const code = await exitCodeOf(waitCommand(await closedPort(), 2));
    expect(code).not.toBe(0);
    // 2 retries 1 s apart: it gives up after about 2 s, not at once and not never.
    expect(performance.now() - started).toBeGreaterThan(1_500);
  });

  it("succeeds once the API starts answering after a few refused connections (the control)", async () => {
    const port = await closedPort();
    let server: Server | undefined;
    const late = setTimeout(() => {
      server = createServer((_req, res) => res.end("ok")).listen(port, "127.0.0.1");
    }, 1_200);
    try {
      expect(await exitCodeOf(waitCommand(port, 5))).toBe(0);
    } finally {
      clearTimeout(late);
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    }
  });
});

describe("the schema path the README gives for a copied budget", () => {
  it("the raw GitHub URL of a release names a file the repository has at that path", () => {
    const url = /\$schema=https:\/\/raw\.githubusercontent\.com\/<owner>\/perf-gate\/v1\/(\S+)/.exec(
      section,
    )?.[1];
    expect(url).toBe("schema/perf-budget.schema.json");
    expect(existsSync(join(ROOT, url ?? ""))).toBe(true);
  });

  it("the node_modules path names a file the package ships (package.json files)", async () => {
    const path = /\$schema=\.\/node_modules\/perf-gate\/(\S+?)`/.exec(section)?.[1] ?? "";
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { files: string[] };
    expect(existsSync(join(ROOT, path))).toBe(true);
    expect(pkg.files).toContain(path.split("/")[0]);
  });

  it("the example's own relative $schema is why: it resolves from examples/ only", async () => {
    const example = await readFile(join(ROOT, "examples/perf-budget.yml"), "utf8");
    const relative = /\$schema=(\S+)/.exec(example)?.[1] ?? "";
    expect(existsSync(join(ROOT, "examples", relative))).toBe(true);
    expect(existsSync(join(dirname(join(ROOT, "examples")), relative))).toBe(false);
  });
});

describe("every perf-gate step the README shows", () => {
  it("uses only inputs action.yml declares, and each workflow is valid YAML", async () => {
    const readme = await readFile(join(ROOT, "README.md"), "utf8");
    const action = parse(await readFile(join(ROOT, "action.yml"), "utf8")) as {
      inputs: Record<string, unknown>;
    };
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
    const steps = blocks
      .filter((block) => block.includes("perf-gate@v1"))
      // A snippet of steps only (no `jobs:`) is parsed as the list it is.
      .flatMap((block) => {
        const doc = parse(block) as { jobs?: Record<string, { steps: unknown[] }> } | unknown[];
        return Array.isArray(doc) ? doc : Object.values(doc.jobs ?? {}).flatMap((job) => job.steps);
      }) as { uses?: string; with?: Record<string, unknown> }[];
    const ours = steps.filter((s) => s.uses?.includes("perf-gate@"));
    // The first-run workflow, side by side, two deployments.
    expect(ours.length).toBeGreaterThanOrEqual(3);
    for (const step of ours) {
      for (const key of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(key);
    }
    expect(ours.some((s) => s.with?.["baseline-target"] !== undefined)).toBe(true);
  });
});
