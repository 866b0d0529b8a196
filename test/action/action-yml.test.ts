import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { INPUT_DEFAULTS, INPUT_NAMES } from "../../src/action/inputs.js";

interface ActionYml {
  runs: { using: string; main: string };
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
}

const actionYml = async (): Promise<ActionYml> =>
  parse(await readFile(new URL("../../action.yml", import.meta.url), "utf8")) as ActionYml;

describe("action.yml", () => {
  it("runs the committed bundle on node24", async () => {
    const yml = await actionYml();
    expect(yml.runs).toEqual({ using: "node24", main: "dist/index.js" });
    expect(yml.branding.icon).toBeTruthy();
  });

  it("declares exactly the inputs the action parses, each described, with the same defaults", async () => {
    const { inputs } = await actionYml();
    expect(Object.keys(inputs).sort()).toEqual(Object.values(INPUT_NAMES).sort());
    for (const [field, name] of Object.entries(INPUT_NAMES)) {
      expect(inputs[name]?.description, name).toBeTruthy();
      const fallback = (INPUT_DEFAULTS as Record<string, string>)[field];
      if (fallback !== undefined) expect(inputs[name]?.default, name).toBe(fallback);
    }
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression the runner expands, not JS
    expect(inputs["github-token"]?.default).toBe("${{ github.token }}");
  });

  it("declares the fixed outputs, each described", async () => {
    const { outputs } = await actionYml();
    expect(Object.keys(outputs)).toEqual([
      "verdict",
      "verdict-reason",
      "report",
      "markdown",
      "failed-checks",
      "regressions",
    ]);
    for (const [name, output] of Object.entries(outputs)) expect(output.description, name).toBeTruthy();
  });
});
