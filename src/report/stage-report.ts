import type { Scenario } from "../budget/types.js";
import type { ScenarioResult } from "../metrics/types.js";
import type { StageReport } from "./types.js";
import { type MeasureBlock, partBlock } from "./workload-report.js";

/**
 * The `stages` blocks of a load shape: each stage's result measured by the scenario's own code
 * (`measure`), minus what only the scenario has, with the stage as planned. Like a step's block,
 * a streamed scenario's stage carries `stream`, its distributions (ttft …) and `output_tps`, and
 * a scenario with an `slo` its `slo` echo and `goodput` (good requests due in the stage that
 * completed in the window, per second of the stage). Nothing for a scenario without stages.
 * Reads the stage results' histograms, never destroys them.
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
    // The slo stays: a stage's goodput counts its own good requests against the same objectives.
    const named = { ...scenario, name: spec?.name ?? stage.name, steps: undefined };
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
