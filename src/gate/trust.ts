/**
 * Whether a scenario's numbers describe the load that was asked for. A gate that passes a run
 * which could not load the target is worse than no gate: it promises something nobody measured.
 * Decided from the recorded counters only, so `compare` reaches the same answer from the file.
 */
import type { Arrival } from "../budget/types.js";
import type { MeasuredScenario, TrustRecord } from "../report/types.js";

/** Below this share of the asked-for arrivals started, an open-model run did not produce its load. */
export const MIN_ARRIVAL_SHARE = 0.95;

/** One-sided 99.9 % normal quantile: how far below its mean a Poisson count may fall by chance. */
const POISSON_Z = 3.09;

/**
 * True when `started` arrivals of the `asked` (the rate's mean count) say the generator did not
 * produce its load: fewer than `MIN_ARRIVAL_SHARE` of them, and for Poisson arrivals also further
 * below than the schedule's own draw can fall (z·√asked under the share): a seeded Poisson
 * schedule draws a random count, and one in six 400-arrival runs draws under 95 % by chance.
 */
export function startedTooFew(started: number, asked: number, arrival: Arrival | undefined): boolean {
  const slack = arrival === "poisson" ? POISSON_Z * Math.sqrt(asked) : 0;
  return asked >= 1 && started < MIN_ARRIVAL_SHARE * asked - slack;
}

/** What each transport error kind is called when it is all a run got. */
const NOTHING_ANSWERED_WORDS: Readonly<Record<string, string>> = {
  connect: "connection errors",
  timeout: "timeouts",
  reset: "connections reset",
  client_error: "errors of the generator itself",
  body: "broken response bodies",
  other: "errors",
};

/** `61201` → `61,201`: counts in messages read the way a person writes them. */
function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** The kind with the most failures, and how many. */
function dominantError(errors: Readonly<Record<string, number>>): [string, number] | undefined {
  let best: [string, number] | undefined;
  for (const [kind, n] of Object.entries(errors)) if (best === undefined || n > best[1]) best = [kind, n];
  return best;
}

/** The errno / undici code of the first sample of `kind`, as ` (ECONNREFUSED)`, or nothing. */
function sampleCode(scenario: MeasuredScenario, kind: string): string {
  const code = scenario.error_samples?.find((s) => s.kind === kind && s.code !== undefined)?.code;
  return code === undefined ? "" : ` (${code})`;
}

/** Complete HTTP responses of any status (the status map counts exactly those). */
function responseCount(scenario: MeasuredScenario): number {
  return Object.values(scenario.status).reduce((a, n) => a + n, 0);
}

/** `404 ×36,908, 500 ×12`: the statuses of a run that got no ok response, most frequent first. */
function statusList(status: Readonly<Record<string, number>>): string {
  const entries = Object.entries(status).sort((a, b) => b[1] - a[1]);
  const shown = entries.slice(0, 3).map(([code, n]) => `${code} ×${count(n)}`);
  return entries.length > 3 ? `${shown.join(", ")}, …` : shown.join(", ");
}

/** The one reason a run with no ok response gives, or null when some request was ok. */
function nothingMeasured(scenario: MeasuredScenario): string | null {
  if (scenario.requests.ok > 0) return null;
  const url = scenario.request.url;
  const responses = responseCount(scenario);
  if (responses > 0) {
    return `no ok response from ${url}: all ${count(responses)} responses failed (${statusList(scenario.status)}); check the path, the method and expect_status`;
  }
  const top = dominantError(scenario.errors);
  if (top === undefined) {
    return `no request completed against ${url} in the measured phase (${count(scenario.requests.total)} started): lengthen the duration or raise the load`;
  }
  const [kind, n] = top;
  const words = NOTHING_ANSWERED_WORDS[kind] ?? `${kind} errors`;
  return `nothing answered at ${url}: ${count(n)} ${words}${sampleCode(scenario, kind)}`;
}

/**
 * Arrivals the open model's rate asked for in the measured phase. A load shape's `rate` is its
 * peak, so a ramp asks for the area under its stages' planned curve instead, from the shape's
 * `start_rate` (absent in reports from before it was recorded: 0, which can only under-count,
 * never a false untrusted).
 */
function askedArrivals(scenario: MeasuredScenario, rate: number): number {
  const stages = scenario.stages;
  if (stages === undefined || stages.some((s) => s.planned.rate === undefined)) {
    return (rate * scenario.duration_ms) / 1000;
  }
  let from = scenario.load.start_rate ?? 0;
  let asked = 0;
  for (const { planned } of stages) {
    const to = planned.rate ?? 0;
    asked += ((from + to) / 2) * (planned.duration_ms / 1000);
    from = to;
  }
  return asked;
}

/** Open model: the reasons the asked-for arrivals were not all started, or none. */
function loadNotProduced(scenario: MeasuredScenario): string[] {
  const { load, requests } = scenario;
  if (load.model !== "open" || load.rate === undefined || scenario.incomplete) return [];
  const reasons: string[] = [];
  const due = requests.due ?? requests.total + requests.dropped;
  const connections = load.connections;
  const queueFull = requests.dropped_queue_full ?? requests.dropped;
  const atEnd = requests.dropped_at_end ?? 0;
  if (queueFull > 0) {
    reasons.push(
      `${count(queueFull)} of ${count(due)} due arrivals were dropped because every connection was busy and the client queue was full: raise connections (${count(connections)}) or lower rate (${load.rate}/s)`,
    );
  }
  if (atEnd > 0) {
    reasons.push(
      `${count(atEnd)} of ${count(due)} due arrivals were still waiting for a free connection when the phase ended: raise connections (${count(connections)}) or lower rate (${load.rate}/s)`,
    );
  }
  // A shard (`load.part`) owns every count-th arrival of the schedule: its share is what it was asked for.
  const asked = askedArrivals(scenario, load.rate) / (load.part?.count ?? 1);
  if (reasons.length === 0 && startedTooFew(requests.total, asked, load.arrival)) {
    reasons.push(
      `the generator could only start ${count(requests.total)} of ${count(asked)} due requests (${((100 * requests.total) / asked).toFixed(1)} %): raise connections (${count(connections)}) or lower rate (${load.rate}/s)`,
    );
  }
  return reasons;
}

/**
 * The scenario's trust: untrusted when it got no ok response at all (nothing answered, or every
 * response failed), when an open-model run started fewer than 95 % of the arrivals its rate asked
 * for or dropped any, when the generator's own event loop lagged, or (a merge of shards) when a
 * shard could not produce its own share (`untrusted_shards`). Each reason is one line a user can
 * act on. The policy (`untrusted: fail | warn`) is the budget's, recorded in the load;
 * reports written before it existed read as `fail`.
 */
export function assessTrust(scenario: MeasuredScenario): TrustRecord {
  // A merge of shards: a shard that fell short of its share can hide in the sums, so its reasons
  // (judged on its share when merged) come first, naming it, as a side-by-side baseline's do.
  const reasons: string[] = (scenario.untrusted_shards ?? []).flatMap((s) =>
    s.reasons.map((r) => `shard ${s.index} of ${s.count}: ${r}`),
  );
  const nothing = nothingMeasured(scenario);
  if (nothing !== null) reasons.push(nothing);
  reasons.push(...loadNotProduced(scenario));
  const g = scenario.generator;
  if (g.lagged) {
    reasons.push(
      `the generator lagged (event-loop delay p99 ${g.event_loop_delay_p99_ms.toFixed(1)} ms, max ${g.event_loop_delay_max_ms.toFixed(1)} ms): its own delay is in the latencies; give it a core of its own or lower the load`,
    );
  }
  return { trusted: reasons.length === 0, reasons, policy: scenario.load.untrusted ?? "fail" };
}
