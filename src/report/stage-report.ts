import type { Scenario } from "../budget/types.js";
import type { ScenarioResult } from "../metrics/types.js";
import type { StageReport } from "./types.js";
import { type MeasureBlock, partBlock } from "./workload-report.js";

/**
 * The `stages` blocks of a load shape: each stage's result measured by the scenario's own code
 * (`measure`), minus what only the scenario has, with the stage as planned. Nothing for a
 * scenario without stages. Reads the stage results' histograms, never destroys them.
 */
export function stageBlocks(
  result: ScenarioResult,
  scenario: Scenario,
  url: string,
  measure: MeasureBlock,
): { readonly stages?: readonly StageReport[] } {
  const specs = scenario.load.stages;
  if (result.stages === undefined || specs === undefined) return {};
  const stages = result.stages.map((stage, i): StageReport => {
    const spec = specs[i];
    const named = { ...scenario, name: spec?.name ?? stage.name, steps: undefined, slo: undefined };
    const block = partBlock(
      measure(stage, { ...named, load: { ...scenario.load, durationMs: spec?.durationMs ?? 0 } }, url),
    );
    return {
      ...block,
      planned: {
        duration_ms: spec?.durationMs ?? 0,
        ...(spec?.ratePerSec === undefined ? {} : { rate: spec.ratePerSec }),
        ...(spec?.connections === undefined ? {} : { connections: spec.connections }),
      },
    };
  });
  return { stages };
}
