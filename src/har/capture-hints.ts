/**
 * Hints for flows: a recorded `GET /items/41` after a `POST /items` that answered `{"id": 41}`
 * replays item 41 on every iteration, which a fresh server may not even have. When a path holds
 * a value an earlier step's JSON response returned, the budget gets a comment saying where it
 * came from and how to capture it; the user decides (the recorded value keeps working as it is).
 */
import type { HarEntry } from "./parse-har.js";

/** A value in a step's path that an earlier step's response returned. */
export interface CaptureHint {
  /** Index of the step whose path holds the value. */
  readonly step: number;
  /** Index of the earlier step whose response held it. */
  readonly fromStep: number;
  /** The value as it appears in the path. */
  readonly value: string;
  /** Where it is in that response, in the JSONPath subset captures use (`$.id`, `$.items[0].id`). */
  readonly jsonPath: string;
  /** A variable name for it (the last key: `id`). */
  readonly varName: string;
}

/** Nodes visited per response at most: a hint is not worth walking a huge body. */
const MAX_NODES = 10_000;

/**
 * Finds, for each step, the path segments and query values that hold a digit (ids, UUIDs,
 * hashes: plain words would match by chance) and appear as a scalar in the JSON response of an
 * earlier step (the latest such step, at its shallowest place). At most one hint per value.
 * @param entries the kept entries, one per step, in step order
 * @param paths each step's written path (secrets already replaced: a `${VAR}` is never a hint)
 */
export function findCaptureHints(entries: readonly HarEntry[], paths: readonly string[]): CaptureHint[] {
  const hints: CaptureHint[] = [];
  paths.forEach((path, step) => {
    for (const value of new Set(candidates(path))) {
      for (let from = step - 1; from >= 0; from--) {
        const jsonPath = findScalar(parseJson(entries[from]?.responseJson), value);
        if (jsonPath === undefined) continue;
        hints.push({ step, fromStep: from, value, jsonPath, varName: varNameOf(jsonPath) });
        break;
      }
    }
  });
  return hints;
}

function candidates(path: string): string[] {
  const [pathname = "", query = ""] = path.split("?");
  const values = [
    ...pathname.split("/"),
    ...query.split("&").map((pair) => pair.slice(pair.indexOf("=") + 1)),
  ];
  return values.map(decode).filter((v) => /\d/.test(v) && !v.includes("${") && v.length <= 200);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Breadth-first, so the shallowest place wins: `$.id` before `$.owner.id`. */
function findScalar(root: unknown, value: string): string | undefined {
  const queue: [unknown, string][] = [[root, "$"]];
  for (let visited = 0; visited < queue.length && visited < MAX_NODES; visited++) {
    const [node, path] = queue[visited] as [unknown, string];
    if ((typeof node === "string" || typeof node === "number") && String(node) === value) return path;
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) queue.push([item, `${path}[${i}]`]);
    } else if (node !== null && typeof node === "object") {
      for (const [key, item] of Object.entries(node)) {
        queue.push([
          item,
          /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`,
        ]);
      }
    }
  }
  return undefined;
}

function varNameOf(jsonPath: string): string {
  const last = /\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(jsonPath)?.[1];
  return last ?? "value";
}
