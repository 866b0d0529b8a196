import type { GateResult } from "./types.js";

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Regression and creep checks the gate could not decide (its count, else counted here). */
function inconclusiveCount(gate: Omit<GateResult, "reason">): number {
  if (typeof gate.inconclusive === "number") return gate.inconclusive;
  return gate.scenarios
    .flatMap((s) => [...(s.comparison?.checks ?? []), ...(s.comparison?.creep ?? [])])
    .filter((c) => c.status === "inconclusive").length;
}

/**
 * `1 inconclusive (fails under fail-on: strict)`, or `… (does not fail; fail-on: strict would)`:
 * whether it counts against the verdict is the first thing a reader asks of an inconclusive.
 */
function inconclusivePart(gate: Omit<GateResult, "reason">): string | null {
  const n = inconclusiveCount(gate);
  if (n === 0) return null;
  return gate.failOn === "strict"
    ? `${n} inconclusive (fails under fail-on: strict)`
    : `${n} inconclusive (does not fail; fail-on: strict would)`;
}

/**
 * `: output_tokens.p50 had no data (none of the 40 ok responses carried usage …)` for the first
 * failed threshold that had no data: a fail on nothing must not read like a fail on a number.
 */
function noDataPart(gate: Omit<GateResult, "reason">): string {
  for (const s of gate.scenarios) {
    const check = s.thresholds.find((c) => !c.pass && c.actual === null);
    if (check !== undefined) {
      const where = gate.scenarios.length > 1 ? ` in "${s.name}"` : "";
      return `: ${check.metric}${where} had no data (${check.no_data ?? "nothing was recorded for it"})`;
    }
  }
  return "";
}

/** `2 of 5 thresholds failed, 1 regression`, or what held: the counts behind a fail or a pass. */
function countsLine(gate: Omit<GateResult, "reason">): string {
  const checks = gate.scenarios.reduce((n, s) => n + s.thresholds.length, 0);
  const rules = gate.scenarios.reduce(
    (n, s) => n + (s.comparison?.checks.length ?? 0) + (s.comparison?.creep?.length ?? 0),
    0,
  );
  const inconclusive = inconclusivePart(gate);
  const parts: string[] = [];
  if (gate.failedChecks > 0) {
    parts.push(`${gate.failedChecks} of ${plural(checks, "threshold")} failed${noDataPart(gate)}`);
  }
  if (gate.regressions > 0) parts.push(plural(gate.regressions, "regression"));
  // Under strict an inconclusive check is a cause of the fail, so it is named with the others.
  if (parts.length > 0 || (inconclusive && gate.failOn === "strict")) {
    return [...parts, ...(inconclusive ? [inconclusive] : [])].join(", ");
  }
  const held: string[] = [];
  if (checks > 0) held.push(`${checks} of ${plural(checks, "threshold")} held`);
  if (rules > 0) held.push(`no regression in ${plural(rules, "rule")}`);
  if (inconclusive) held.push(inconclusive);
  return held.length > 0 ? held.join(", ") : "no thresholds or regression rules to check";
}

/**
 * The one line that says why the gate reached its verdict, the same in every output:
 * - incomplete: `interrupted by SIGINT: 1 of 2 scenarios ran; "b" not run`
 * - untrusted: `"api" is untrusted: nothing answered at http://…: 61,201 connection errors (ECONNREFUSED)`
 * - fail: `2 of 5 thresholds failed, 1 regression` (under `fail-on: strict` also
 *   `1 inconclusive (fails under fail-on: strict)`)
 * - pass: `5 of 5 thresholds held, no regression in 3 rules`, with
 *   `1 inconclusive (does not fail; fail-on: strict would)` when a rule could not be decided
 */
export function verdictReason(gate: Omit<GateResult, "reason">, interruptedBy?: string): string {
  switch (gate.verdict) {
    case "incomplete": {
      const ran = gate.scenarios.length;
      const total = ran + gate.notRun.length;
      const by = interruptedBy ? `interrupted by ${interruptedBy}` : "interrupted";
      const notRun =
        gate.notRun.length === 0
          ? ""
          : `; ${gate.notRun
              .slice(0, 3)
              .map((s) => `"${s.name}"`)
              .join(", ")}${gate.notRun.length > 3 ? ", …" : ""} not run`;
      const cut = gate.scenarios.find((s) => s.verdict === "incomplete");
      const cutText = cut ? `, "${cut.name}" cut short` : "";
      return `${by}: ${ran} of ${plural(total, "scenario")} started${cutText}${notRun}`;
    }
    case "untrusted": {
      const untrusted = gate.scenarios.filter((s) => s.verdict === "untrusted");
      const first = untrusted[0];
      const reason = first?.trust.reasons[0] ?? "the run could not produce the asked-for load";
      const more = untrusted.length > 1 ? ` (and ${plural(untrusted.length - 1, "more scenario")})` : "";
      return `"${first?.name ?? "?"}" is untrusted: ${reason}${more}`;
    }
    case "fail": {
      const aborted = gate.scenarios.find((s) => s.aborted !== undefined);
      if (aborted?.aborted) return `${aborted.aborted.reason} (scenario "${aborted.name}")`;
      return gate.scenarios.length === 0 ? "no scenario ran: an empty run proves nothing" : countsLine(gate);
    }
    case "pass":
      return gate.failOn === "never" && (gate.failedChecks > 0 || gate.regressions > 0)
        ? `${countsLine(gate)} (fail-on: never)`
        : countsLine(gate);
  }
}
