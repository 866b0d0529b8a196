import type { MeasuredReport } from "./types.js";

/**
 * The warning every output carries when a scenario ran with `tls.insecure: true`: its https
 * connections accepted any certificate, so its numbers may come from someone else's server.
 * One line naming every such scenario; none when there is none.
 */
export function transportWarnings(report: Pick<MeasuredReport, "scenarios">): string[] {
  const names = report.scenarios.filter((s) => s.transport?.tls === "not verified").map((s) => s.name);
  if (names.length === 0) return [];
  const which = names.length === 1 ? `scenario ${names[0]}` : `scenarios ${names.join(", ")}`;
  return [
    `${which}: TLS certificates are NOT verified (tls.insecure: true): a man-in-the-middle would go unnoticed; use tls.ca for a trusted run`,
  ];
}
