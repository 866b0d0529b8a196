import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { MIN_NODE_RANGE, nodeVersionProblem } from "../../src/cli/node-version.js";

describe("nodeVersionProblem", () => {
  it.each([["v20.20.2"], ["v18.0.0"], ["v22.18.9"], ["v22.0.0"], ["v21.99.0"]])(
    "refuses %s in one line that names the Node needed, this one, and how to get it",
    (version) => {
      const problem = nodeVersionProblem(version);
      expect(problem).toBe(
        `perf-gate needs Node.js >= 22.19 (this is ${version}): install Node 24 (nvm install 24), or run it ` +
          "as npx perf-gate from a checkout after npm ci, which uses the local Node 24",
      );
      expect(problem).not.toContain("\n");
    },
  );

  it.each([["v22.19.0"], ["v22.20.1"], ["v23.0.0"], ["v24.21.0"], ["v100.0.0"], ["22.19.0"]])(
    "accepts %s",
    (version) => {
      expect(nodeVersionProblem(version)).toBeNull();
    },
  );

  it("lets a version it cannot read through rather than refusing to start", () => {
    expect(nodeVersionProblem("nightly")).toBeNull();
  });

  it("checks the range package.json declares in engines.node", async () => {
    const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as {
      engines: { node: string };
    };
    expect(pkg.engines.node).toBe(MIN_NODE_RANGE);
  });
});
