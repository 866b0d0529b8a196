/**
 * Joins the target and a request path the way users mean it: the target's path is a prefix, so
 * `http://h/api` + `/v1/x?q=1` is `http://h/api/v1/x?q=1`. (`new URL(path, target)` would drop
 * the `/api` prefix, because a path starting with `/` replaces the base's path.)
 */
export function resolveRequestUrl(target: string | URL, path: string): URL {
  const url = new URL(target);
  // Parse the path on a dummy origin so `//x` stays a path and the query is split off.
  const rel = new URL(`http://path.invalid${path.startsWith("/") ? "" : "/"}${path}`);
  url.pathname = url.pathname.replace(/\/+$/, "") + rel.pathname;
  url.search = rel.search;
  url.hash = "";
  return url;
}

/** The request target (path and query) undici writes for `path` against the base URL `base`. */
export function requestTarget(base: URL, path: string): string {
  const url = resolveRequestUrl(base, path);
  return `${url.pathname}${url.search}`;
}

/**
 * The URL a report shows for a request: the resolved URL, or for a templated path the target
 * joined to the path as written (`…/items/{{ vars.id }}`), which says more than its encoding.
 */
export function displayUrl(
  base: string | URL,
  request: { readonly path: string; readonly template?: { readonly path?: unknown } },
): string {
  if (request.template?.path === undefined) return resolveRequestUrl(base, request.path).href;
  return `${String(base).replace(/\/+$/, "")}${request.path}`;
}
