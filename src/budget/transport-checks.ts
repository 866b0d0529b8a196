/**
 * The `tls:` rules the schema cannot hold: its files are read (relative to the budget's folder)
 * and must be PEM of the right kind, `cert` and `key` go together, and `ca` and `insecure` do not.
 * Runs on the interpolated data even when the schema failed, so every problem is listed at once.
 */
import type { ReadDataFile } from "./flow-checks.js";
import type { PathProblem } from "./issues.js";
import { asMap } from "./plain-map.js";
import { readBudgetFile } from "./read-error.js";
import type { KeyPath } from "./yaml-source.js";

/** The PEM texts read, by the key path of the file's key (see `tlsFileKey`). */
export type TlsFiles = ReadonlyMap<string, string>;

/** What the rules found: their problems, and every file read that is usable. */
export interface TransportChecks {
  readonly problems: PathProblem[];
  readonly files: TlsFiles;
}

/** The `files` key of the file named at `path` (e.g. `["scenarios", 0, "tls", "ca"]`). */
export function tlsFileKey(path: KeyPath): string {
  return path.join(".");
}

const KINDS = {
  ca: { label: "CERTIFICATE", what: "a PEM certificate file (-----BEGIN CERTIFICATE-----)" },
  cert: { label: "CERTIFICATE", what: "a PEM certificate file (-----BEGIN CERTIFICATE-----)" },
  key: { label: "PRIVATE KEY", what: "a PEM private key file (-----BEGIN PRIVATE KEY-----)" },
} as const;

/** The `tls:` rules at the top level and in every scenario. */
export function checkTransport(data: unknown, readData: ReadDataFile | undefined): TransportChecks {
  const problems: PathProblem[] = [];
  const files = new Map<string, string>();
  const root = asMap(data);
  const levels: KeyPath[] = [[]];
  const scenarios = Array.isArray(root?.scenarios) ? root.scenarios : [];
  for (let i = 0; i < scenarios.length; i++) levels.push(["scenarios", i]);
  for (const at of levels) {
    const level = at.length === 0 ? root : asMap(scenarios[at[1] as number]);
    const tls = asMap(level?.tls);
    if (tls === undefined) continue;
    const path: KeyPath = [...at, "tls"];
    problems.push(...pairProblems(tls, path));
    for (const name of ["ca", "cert", "key"] as const) {
      const file = tls[name];
      if (typeof file !== "string" || file === "") continue;
      const text = readPem(file, name, [...path, name], readData, problems);
      if (text !== undefined) files.set(tlsFileKey([...path, name]), text);
    }
  }
  return { problems, files };
}

/** `cert` with `key`, and not `ca` with `insecure: true`. */
function pairProblems(tls: Record<string, unknown>, path: KeyPath): PathProblem[] {
  const problems: PathProblem[] = [];
  const has = (key: string) => tls[key] !== undefined;
  if (has("cert") && !has("key"))
    problems.push({
      path: [...path, "cert"],
      anchor: "key",
      message:
        "expected tls.key beside tls.cert, got a client certificate without its private key: add key: <file.pem>",
    });
  if (has("key") && !has("cert"))
    problems.push({
      path: [...path, "key"],
      anchor: "key",
      message:
        "expected tls.cert beside tls.key, got a private key without its client certificate: add cert: <file.pem>",
    });
  if (has("ca") && tls.insecure === true)
    problems.push({
      path: [...path, "insecure"],
      anchor: "key",
      message:
        "expected tls.ca (verify against that CA) or tls.insecure: true (verify nothing), got both: keep ca for a trusted run",
    });
  return problems;
}

function readPem(
  file: string,
  name: keyof typeof KINDS,
  path: KeyPath,
  readData: ReadDataFile | undefined,
  problems: PathProblem[],
): string | undefined {
  const problem = (message: string): undefined => {
    problems.push({ path, anchor: "value", message });
    return undefined;
  };
  const kind = KINDS[name];
  const read = readBudgetFile(file, readData, {
    noFolder: `expected ${kind.what}, got ${file}: this budget was not read from a file, so the file has no folder to be found in`,
    unreadable: (why) =>
      `expected ${kind.what}, got ${file}, which cannot be read (${why}): a TLS file's path is relative to the budget file's folder`,
  });
  if ("problem" in read) return problem(read.problem);
  const text = read.text;
  // "-----BEGIN PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN EC PRIVATE KEY-----".
  const begin = new RegExp(`-----BEGIN (?:[A-Z0-9]+ )*${kind.label}-----`);
  if (!begin.test(text)) {
    const fix =
      name === "key"
        ? `convert it, e.g. openssl pkey -in ${file} -out key.pem`
        : `convert it, e.g. openssl x509 -inform der -in ${file} -out cert.pem`;
    return problem(`expected ${kind.what}, got ${file} without one: ${fix}`);
  }
  if (name === "key" && /ENCRYPTED/.test(text))
    return problem(
      `expected an unencrypted private key, got ${file}, which is encrypted (perf-gate asks for no passphrase): decrypt it, e.g. openssl pkey -in ${file} -out key.pem`,
    );
  return text;
}
