/**
 * Names in an imported budget: the scenario's from the page title, each step's from its method
 * and path. They end up in metric names (`steps.<name>.latency.p95`), so they are slugs: lower-case
 * letters, digits and `-`.
 */

const STEP_NAME_CHARS = 60;

/** `text` as a slug of at most `maxChars` characters (`Items app` → `items-app`); "" when nothing is left. */
export function slug(text: string, maxChars = STEP_NAME_CHARS): string {
  return text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxChars)
    .replace(/-+$/, "");
}

/**
 * A step's name from its method and path (query left out, the last segment's extension dropped):
 * `GET /index.html?x=1` → `get-index`, `POST /api/items` → `post-api-items`, `GET /` → `get-index`.
 */
export function stepName(method: string, path: string): string {
  const segments = (path.split("?")[0] ?? "").split("/").filter((s) => s !== "");
  const last = segments.at(-1);
  if (last !== undefined) segments[segments.length - 1] = last.replace(/\.[A-Za-z0-9]{1,5}$/, "");
  const rest = slug(segments.join("-"), STEP_NAME_CHARS - method.length - 1) || "index";
  return `${method.toLowerCase()}-${rest}`;
}

/** Returns a function that makes each name unique by suffixing `-2`, `-3` … to repeats. */
export function uniqueNames(): (name: string) => string {
  const seen = new Set<string>();
  return (name) => {
    let unique = name;
    for (let n = 2; seen.has(unique); n++) unique = `${name}-${n}`;
    seen.add(unique);
    return unique;
  };
}
