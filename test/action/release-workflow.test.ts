/**
 * .github/workflows/release.yml cannot run here (no GitHub): its structure is checked as parsed
 * YAML, and the two scripts that decide something (the tag check, moving the major tag) are run
 * with bash against a local git repository standing in for GitHub's.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = join(import.meta.dirname, "../..");
const run = promisify(execFile);

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Workflow {
  readonly on: { readonly push: { readonly tags?: string[]; readonly branches?: string[] } };
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, { readonly steps: readonly Step[] }>;
}

let workflow: Workflow;
let steps: readonly Step[];
let work: string;

beforeAll(async () => {
  workflow = parse(await readFile(join(ROOT, ".github/workflows/release.yml"), "utf8")) as Workflow;
  steps = workflow.jobs.release?.steps ?? [];
  work = await mkdtemp(join(tmpdir(), "perf-gate-release-"));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

function script(name: string): string {
  const step = steps.find((s) => s.name?.startsWith(name));
  if (!step?.run) throw new Error(`release.yml has no step "${name}…" with a script`);
  return step.run;
}

/** Runs `text` as GitHub runs a `run:` script on ubuntu (bash -e), in `cwd`, for the pushed tag. */
async function runScript(text: string, cwd: string, tag: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run("bash", ["-e", "-c", text], {
      cwd,
      env: { ...process.env, GITHUB_REF_NAME: tag },
    });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, out: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

const git = (cwd: string, ...args: string[]) =>
  run("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd });

describe("release.yml", () => {
  it("runs on a pushed vX.Y.Z tag only, with contents: write and nothing more", () => {
    expect(workflow.on).toEqual({ push: { tags: ["v[0-9]+.[0-9]+.[0-9]+"] } });
    expect(workflow.permissions).toEqual({ contents: "write" });
    expect(Object.keys(workflow.jobs)).toEqual(["release"]);
  });

  it("installs, checks the tag and dist/, and only then moves the major tag and creates the release", () => {
    const order = steps.map((s) => s.uses?.replace(/@.*/, "") ?? s.run?.split("\n")[0] ?? "");
    expect(order[0]).toBe("actions/checkout");
    expect(order[1]).toBe("actions/setup-node");
    expect(steps[1]?.with?.["node-version"]).toBe(24);
    const index = (text: string) => steps.findIndex((s) => s.run?.includes(text));
    expect(index("npm ci")).toBe(2);
    const checks = [index('GITHUB_REF_NAME" =~'), index("npm run check:dist")];
    const move = index('git push --force origin "refs/tags/$major"');
    const release = index("gh release create");
    expect(Math.min(...checks)).toBeGreaterThan(2);
    expect(move).toBeGreaterThan(Math.max(...checks));
    expect(release).toBeGreaterThan(move);
    expect(steps[release]?.run).toContain("--verify-tag");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression the runner expands, not JS
    expect(steps[release]?.env?.GH_TOKEN).toBe("${{ github.token }}");
  });

  it.each([
    ["v0.1.0", 0],
    ["v0.1.1", 1],
    ["v0.1.0-rc.1", 1],
    ["v1", 1],
  ])("the tag check lets %s through with exit %i (package.json says 0.1.0)", async (tag, code) => {
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(pkg.version, "the table assumes this version").toBe("0.1.0");
    const res = await runScript(script("The tag is a plain vX.Y.Z"), ROOT, tag);
    expect(res.code, res.out).toBe(code);
  });

  it("moves v1 to the newest v1.x.y, and never back to an older one", async () => {
    const origin = join(work, "origin.git");
    const clone = join(work, "clone");
    await run("git", ["init", "--bare", "-q", origin]);
    await run("git", ["clone", "-q", origin, clone]);
    const commitTagged = async (tag: string) => {
      await git(clone, "commit", "-q", "--allow-empty", "-m", tag);
      await git(clone, "tag", "-a", tag, "-m", tag); // annotated, as `git tag -a` releases are
      await git(clone, "push", "-q", "origin", "HEAD:refs/heads/main", `refs/tags/${tag}`);
    };
    const v1 = async () => (await git(origin, "rev-parse", "v1^{commit}")).stdout.trim();
    const commitOf = async (tag: string) => (await git(clone, "rev-parse", `${tag}^{commit}`)).stdout.trim();
    const move = script("Move the major tag");

    await commitTagged("v1.0.0");
    expect((await runScript(move, clone, "v1.0.0")).code).toBe(0);
    expect(await v1()).toBe(await commitOf("v1.0.0"));

    await commitTagged("v1.2.0");
    expect((await runScript(move, clone, "v1.2.0")).code).toBe(0);
    expect(await v1()).toBe(await commitOf("v1.2.0"));

    await commitTagged("v1.0.1"); // a fix for the older minor, released later
    const older = await runScript(move, clone, "v1.0.1");
    expect(older.code).toBe(0);
    expect(older.out).toContain("v1.0.1 is older than v1.2.0: v1 stays on v1.2.0");
    expect(await v1()).toBe(await commitOf("v1.2.0"));
  });
});
