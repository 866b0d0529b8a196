/**
 * Why a file named in a budget (a data file, a TLS file) could not be read, in a few words:
 * `no such file`, the errno code (`EACCES`, `EISDIR`), or the error's own message.
 */
export function readErrorWhy(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === "ENOENT") return "no such file";
  return typeof code === "string" ? code : (error as Error).message;
}
