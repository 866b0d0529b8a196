/**
 * `${VAR}` interpolation: every string scalar of the budget (keys excluded) may name environment
 * variables; `$${` writes a literal `${`. Values that came from the environment are secrets, so
 * they are collected here for redaction at every output edge.
 */
import type { KeyPath } from "./yaml-source.js";

/** A problem found while interpolating, located by key path (the value holding the reference). */
export interface InterpolationProblem {
  readonly path: KeyPath;
  readonly message: string;
}

/** A `${NAME}` left as written because the value is not used and NAME is not set. */
export interface Unresolved {
  readonly path: KeyPath;
  readonly name: string;
}

/** The budget data with variables substituted, the secrets that went in, and what went wrong. */
export interface Interpolated {
  readonly value: unknown;
  /** Non-empty substituted values, each once, in order of first use. */
  readonly secrets: readonly string[];
  /** Each secret → the name of the first variable that supplied it (for warnings that name it). */
  readonly secretNames: ReadonlyMap<string, string>;
  readonly problems: readonly InterpolationProblem[];
  /** Unset variables of values that are not used (see `isUsed`), in order. */
  readonly unresolved: readonly Unresolved[];
}

type Env = Readonly<Record<string, string | undefined>>;

const REFERENCE_RE = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Substitutes `${VAR}` in every string of `value` from `env`; never throws.
 * @param isUsed whether the value at a path is used: an unset variable is a problem only there;
 *   elsewhere the reference stays as written and is listed in `unresolved`
 */
export function interpolateEnv(
  value: unknown,
  env: Env,
  isUsed: (path: KeyPath) => boolean = () => true,
): Interpolated {
  const secrets = new Map<string, string>();
  const problems: InterpolationProblem[] = [];
  const unresolved: Unresolved[] = [];
  const literalForms = new Set<string>();
  const walk = (node: unknown, path: KeyPath): unknown => {
    if (typeof node === "string") {
      const sink = isUsed(path) ? undefined : unresolved;
      const literal = isTemplated(path) ? literalForms : undefined;
      return substitute(node, path, env, secrets, problems, sink, literal);
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, [...path, k])]));
    }
    return node;
  };
  const result = walk(value, []);
  const all = [...secrets.keys(), ...[...literalForms].filter((form) => !secrets.has(form))];
  return { value: result, secrets: all, secretNames: secrets, problems, unresolved };
}

/**
 * Strings a request template is compiled from: a request's path, header values, body and json
 * (of a scenario, a step or a setup), and `defaults.headers`.
 */
function isTemplated(path: KeyPath): boolean {
  if (path[0] === "defaults") return path[1] === "headers";
  if (path[0] !== "scenarios") return false;
  const at = path.indexOf("request");
  const part = at === -1 ? undefined : path[at + 1];
  return part === "path" || part === "headers" || part === "body" || part === "json";
}

/**
 * An environment value is sent as it is, never read as a template: in a templated string its
 * `{{` is written as the template of a literal `{{`. Without this a token holding `{{ seq }}`
 * was sent with the number in its place, and one holding a lone `{{` was a template problem
 * quoting the rest of the secret.
 */
function literalInTemplate(value: string): string {
  return value.replaceAll("{{", '{{ "{{" }}');
}

function substitute(
  text: string,
  path: KeyPath,
  env: Env,
  secrets: Map<string, string>,
  problems: InterpolationProblem[],
  unused: Unresolved[] | undefined,
  /** Set for a templated string: values are made literal there, and each such form is kept. */
  literalForms?: Set<string>,
) {
  if (!text.includes("${")) return text;
  return text.replace(REFERENCE_RE, (match: string, name: string | undefined) => {
    if (match === "$${") return "${";
    if (name === undefined) {
      problems.push({ path, message: `unterminated "\${": write \${NAME}, or $\${ for a literal "\${"` });
      return "";
    }
    if (!NAME_RE.test(name)) {
      // Show only the name as written: it is source text, never an environment value.
      problems.push({
        path,
        message: `expected \${NAME} with letters, digits and _ (or $\${ for a literal "\${"), got "\${${name}}"`,
      });
      return "";
    }
    const found = env[name];
    if (found === undefined && unused) {
      // Not a secret and never sent: the command does not use this value.
      unused.push({ path, name });
      return match;
    }
    if (found === undefined) {
      problems.push({ path, message: `environment variable ${name} is not set` });
      return "";
    }
    if (found !== "" && !secrets.has(found)) secrets.set(found, name);
    if (literalForms === undefined || !found.includes("{{")) return found;
    // The form that lands in the budget data is a secret too: a path shown as written has it.
    const literal = literalInTemplate(found);
    literalForms.add(literal);
    return literal;
  });
}
