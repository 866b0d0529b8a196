/**
 * Inconclusive checks in words: which rules the run was too noisy to decide at their tolerance,
 * the gate's note on what would decide each (shown verbatim), and what that does to the verdict
 * under the run's `fail-on`. The gate decides; this only says what it decided.
 */
import type { GateResult, RegressionCheck } from "../gate/types.js";
import type { FailOn } from "../report/types.js";
import { code, formatChange, formatRuleSource, STATUS_TEXT } from "./markdown-values.js";

/** One inconclusive check and where it is: its scenario, and whether it is a creep rule. */
export interface InconclusiveItem {
  readonly scenario: string;
  readonly check: RegressionCheck;
  readonly creep: boolean;
}

/** Every inconclusive regression and creep check, in scenario order, regression rules first. */
export function inconclusiveChecks(gate: GateResult): InconclusiveItem[] {
  return gate.scenarios.flatMap((s) => [
    ...(s.comparison?.checks ?? [])
      .filter((c) => c.status === "inconclusive")
      .map((check) => ({ scenario: s.name, check, creep: false })),
    ...(s.comparison?.creep ?? [])
      .filter((c) => c.status === "inconclusive")
      .map((check) => ({ scenario: s.name, check, creep: true })),
  ]);
}

/**
 * What inconclusive checks do to the verdict under `failOn`: `fail-on: strict` makes them fail;
 * anything else lets them pass, and the words say which setting would change that.
 */
export function inconclusiveEffect(failOn: FailOn): string {
  return failOn === "strict"
    ? "fails the gate (`fail-on: strict`)"
    : `does not fail the gate (\`fail-on: ${failOn}\`; \`fail-on: strict\` would fail it)`;
}

/** The effect without markdown, for a terminal. */
export function inconclusiveEffectPlain(failOn: FailOn): string {
  return inconclusiveEffect(failOn).replace(/`/g, "");
}

/** The gate's note, or the interval when it wrote none, without a leading "inconclusive:". */
export function inconclusiveWhy(check: RegressionCheck): string {
  const why = check.note?.replace(/\r?\n/g, " ").trim();
  if (why) return why.replace(/^inconclusive\s*:\s*/i, "");
  return formatChange(check.metric, check.change, check.changeRelative, check.interval).replace("<br>", ", ");
}

/**
 * The markdown block of inconclusive checks (none when there are none), at most `max` lines:
 * `**❔ 1 inconclusive check** — does not fail the gate (…):`, then per check
 * `` - ❔ `chat` `latency.p95` (rule `+10 %`, line 18): 95 % CI … spans ±10 %; about 45 s per side would decide it ``.
 */
export function renderInconclusiveMarkdown(gate: GateResult, max = Number.POSITIVE_INFINITY): string[] {
  const items = inconclusiveChecks(gate);
  if (items.length === 0) return [];
  const mark = STATUS_TEXT.inconclusive.split(" ")[0];
  const head = `**${mark} ${items.length} inconclusive check${items.length === 1 ? "" : "s"}** (too noisy to decide at the rule's tolerance) — ${inconclusiveEffect(gate.failOn)}:`;
  const lines = items.slice(0, max).map(({ scenario, check, creep }) => {
    const rule = `${creep ? "creep rule" : "rule"} ${code(formatRuleSource(check.source))}, line ${check.line}`;
    return `- ${mark} ${code(scenario)} ${code(check.metric)} (${rule}): ${inconclusiveWhy(check)}`;
  });
  const more = items.length - lines.length;
  return [head, "", ...lines, ...(more > 0 ? [`- …and ${more} more (see the details below)`] : [])];
}
