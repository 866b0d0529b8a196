/**
 * A `proxy-authorization` header written in the budget is sent to the TARGET with every request,
 * never to the proxy (undici's proxy agent refuses to send one itself, and without a proxy it goes
 * out as written): over http:// the proxy's credentials would cross the network in the clear to a
 * server that has no business with them. Refused wherever request headers are written, and no
 * message ever echoes the header's value.
 */
import type { PathProblem } from "./issues.js";
import { asMap, type PlainMap } from "./plain-map.js";
import type { KeyPath } from "./yaml-source.js";

/** What to do instead (the header's value is a credential: "found" names the header, not it). */
export const PROXY_AUTH_HEADER_FIX =
  "expected no proxy-authorization header (found one: it would be sent to the target, not the proxy, leaking the proxy's credentials): put them in the proxy URL (proxy: http://user:password@host:port) or in the environment's HTTPS_PROXY / HTTP_PROXY";

/**
 * Every `proxy-authorization` header (any case) in the raw budget data: `defaults.headers`, and
 * each scenario's request, steps and setup request.
 */
export function checkProxyAuthHeaders(root: PlainMap): PathProblem[] {
  const problems = headerProblems(asMap(root.defaults)?.headers, ["defaults", "headers"]);
  const scenarios = Array.isArray(root.scenarios) ? root.scenarios : [];
  scenarios.forEach((item, i) => {
    const scenario = asMap(item);
    const at = (...path: KeyPath): KeyPath => ["scenarios", i, ...path];
    problems.push(...headerProblems(asMap(scenario?.request)?.headers, at("request", "headers")));
    problems.push(
      ...headerProblems(asMap(asMap(scenario?.setup)?.request)?.headers, at("setup", "request", "headers")),
    );
    const steps = Array.isArray(scenario?.steps) ? scenario.steps : [];
    steps.forEach((step, j) => {
      const headers = asMap(asMap(step)?.request)?.headers;
      problems.push(...headerProblems(headers, at("steps", j, "request", "headers")));
    });
  });
  return problems;
}

function headerProblems(headers: unknown, path: KeyPath): PathProblem[] {
  return Object.keys(asMap(headers) ?? {})
    .filter((name) => name.toLowerCase() === "proxy-authorization")
    .map((name) => ({ path: [...path, name], anchor: "key" as const, message: PROXY_AUTH_HEADER_FIX }));
}
