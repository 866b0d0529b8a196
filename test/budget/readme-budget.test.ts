/**
 * The README's budget reference ("The budget file (version 1)") is a budget that parses: every key
 * it shows exists and is written as the parser wants it, flows included.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { parseBudget } from "../../src/budget/index.js";

const README = fileURLToPath(new URL("../../README.md", import.meta.url));

test("the README's budget reference parses, its flow scenario included", async () => {
  const readme = await readFile(README, "utf8");
  const section = readme.slice(readme.indexOf("## The budget file (version 1)"));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  expect(yaml).toContain("steps:");
  const budget = parseBudget(yaml, {
    file: "README.md",
    env: { API_KEY: "k-0123456789", CLIENT_ID: "client-0123456789" },
    readData: (file) =>
      file === "users.csv"
        ? "id,name\n1,ann\n2,bob\n"
        : file === "certs/ca.pem"
          ? "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
          : "",
  });
  expect(budget.scenarios[0]?.thresholds.find((t) => t.metric === "error_rate")).toMatchObject({
    limit: 0.01,
    abort: true,
  });
  // The top-level transport keys reach every scenario.
  expect(budget.scenarios[0]?.transport).toMatchObject({ http2: true, proxy: { kind: "url" } });
  expect(budget.scenarios[0]?.transport?.tls?.ca).toContain("BEGIN CERTIFICATE");
  const flow = budget.scenarios.find((s) => s.name === "flow");
  expect(flow?.steps?.map((s) => s.name)).toEqual(["upload", "read"]);
  expect(flow?.setup?.capture.map((c) => c.name)).toEqual(["token"]);
  expect(flow?.data?.rows).toHaveLength(2);
  expect(flow?.thresholds.map((t) => t.metric)).toEqual([
    "steps.read.latency.p95",
    "iteration.p95",
    "checks.upload.status.pass_rate",
  ]);
});
