import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveBaseline } from "../../src/action/baseline.js";
import type { RunContext } from "../../src/action/run-context.js";
import { readActionVersion } from "../../src/action/tool-version.js";
import type { Report } from "../../src/report/types.js";
import { HDR_DAMAGE, withDamagedHdr } from "../cli/corrupt-reports.js";
import { sampleReport } from "../render/sample-report.js";

let dir: string;
let report: Report;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-baseline-"));
  report = await sampleReport();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The artifact name and `baseline-history: 1`, as before history existed. */
const ONE = { artifactName: "a", history: 1 };

const push: RunContext = {
  eventName: "push",
  owner: "o",
  repo: "r",
  apiUrl: "http://127.0.0.1:9",
  ref: "refs/heads/main",
  defaultBranch: "main",
  pullRequest: null,
  workflowFile: "ci.yml",
  runId: 1,
};

describe("resolveBaseline", () => {
  it("none: no baseline and nothing to warn about", async () => {
    expect(await resolveBaseline({ kind: "none" }, push, undefined, ONE)).toEqual({
      report: null,
      source: null,
      history: [],
      warnings: [],
    });
  });

  it("auto outside a pull request: none, silently (a push builds the baseline)", async () => {
    expect((await resolveBaseline({ kind: "auto" }, push, undefined, ONE)).warnings).toEqual([]);
  });

  it("auto on a PR without a token: a warning", async () => {
    const pr = { ...push, pullRequest: { number: 1, baseRef: "main" } };
    expect((await resolveBaseline({ kind: "auto" }, pr, undefined, ONE)).warnings[0]).toContain(
      "github-token",
    );
  });

  it("a path: that report, with the path as its source", async () => {
    const path = join(dir, "base.json");
    await writeFile(path, JSON.stringify(report));
    const found = await resolveBaseline({ kind: "path", path }, push, undefined, ONE);
    expect(found.report).toEqual(report);
    expect(found.source).toEqual({ description: path, path });
    expect(found.history).toEqual([]);
  });

  it("a path that is missing or foreign: a warning, not an exception", async () => {
    const missing = await resolveBaseline(
      { kind: "path", path: join(dir, "nope.json") },
      push,
      undefined,
      ONE,
    );
    expect(missing.report).toBeNull();
    expect(missing.warnings[0]).toContain("nope.json");
    const foreign = join(dir, "foreign.json");
    await writeFile(foreign, JSON.stringify({ version: 9 }));
    expect(
      (await resolveBaseline({ kind: "path", path: foreign }, push, undefined, ONE)).warnings[0],
    ).toContain("version 1");
  });
});

describe("a baseline path whose histograms are corrupt", () => {
  it.each(HDR_DAMAGE)(
    "(latency hdr %s) is a warning naming the file and the field, not an exception",
    async (what, damage) => {
      const path = join(dir, `corrupt-${what}.json`);
      await writeFile(path, JSON.stringify(withDamagedHdr(report, damage)));
      const found = await resolveBaseline({ kind: "path", path }, push, undefined, ONE);
      expect(found.report).toBeNull();
      expect(found.warnings[0]).toContain(`no baseline: ${path}: scenarios[0].latency.hdr `);
      expect(found.warnings[0]).toMatch(/; the thresholds still gate$/);
    },
  );
});

describe("readActionVersion", () => {
  it("finds perf-gate's package.json above the module, at any depth", async () => {
    const { version } = (await import("../../package.json", { with: { type: "json" } })).default;
    expect(await readActionVersion()).toBe(version);
    expect(await readActionVersion(new URL("../../dist/index.js", import.meta.url).href)).toBe(version);
  });

  it("says unknown rather than failing when there is none", async () => {
    expect(await readActionVersion("file:///nonexistent/dir/index.js")).toBe("unknown");
  });
});
