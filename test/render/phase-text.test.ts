import { beforeAll, describe, expect, it } from "vitest";
import { phaseText } from "../../src/render/phase-text.js";
import { buildScenarioReport } from "../../src/report/build-report.js";
import type { ScenarioReport } from "../../src/report/types.js";
import { recorded } from "../gate/gate-fixtures.js";
import { makeResult, makeScenario } from "../report/fixtures.js";

let plain: ScenarioReport;
let tls: ScenarioReport;
let old: ScenarioReport;

beforeAll(async () => {
  const phases = { ttfbMs: [100, 101, 102], bodyMs: [150, 151, 152], connectMs: [0.25] };
  plain = recorded(
    buildScenarioReport(
      await makeResult({ latencyMs: [250, 252, 254], phases }),
      makeScenario(),
      "http://a/",
    ),
  );
  tls = recorded(
    buildScenarioReport(
      await makeResult({ latencyMs: [250], phases: { ...phases, connectMs: [0.3, 0.3], tlsMs: [4, 4] } }),
      makeScenario(),
      "https://a/",
    ),
  );
  old = recorded(buildScenarioReport(await makeResult({ latencyMs: [250] }), makeScenario(), "http://a/"));
});

describe("phaseText", () => {
  // Values are the HDR buckets' tops at 3 significant digits (101 ms reads 101.1).
  it("one line of p50 / p95 per phase, connect with its connection count", () => {
    expect(phaseText(plain)).toBe("connect 0.250 / 0.250 (1 conn) · ttfb 101.1 / 102.0 · body 151.0 / 152.0");
  });

  it("adds tls for a TLS run, and styles the names when asked (markdown code)", () => {
    expect(phaseText(tls, (t) => `\`${t}\``)).toBe(
      "`connect` 0.300 / 0.300 (2 conns) · `tls` 4.00 / 4.00 · `ttfb` 101.1 / 102.0 · `body` 151.0 / 152.0",
    );
  });

  it("is null for a report written before phase timings", () => {
    expect(phaseText(old)).toBeNull();
  });
});
