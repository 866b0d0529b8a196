import type * as z from "zod";
import { problemsFromIssues } from "../../src/budget/issues.js";
import { formatPath, locate, parseYaml, type YamlSource } from "../../src/budget/yaml-source.js";

/** A budget piece parsed by `schema` on its own: its output, or its problems as `line:col path: message`. */
export function parsePiece<T>(
  schema: z.ZodType<T>,
  text: string,
): { source: YamlSource; data?: T; problems: string[] } {
  const source = parseYaml(text);
  const raw: unknown = source.doc.toJS();
  const result = schema.safeParse(raw);
  if (result.success) return { source, data: result.data, problems: [] };
  const problems = problemsFromIssues(result.error.issues, raw, schema, []).map((p) => {
    const at = locate(source, p.path, p.anchor);
    return `${at.line}:${at.col} ${formatPath(p.path)}: ${p.message}`;
  });
  return { source, problems };
}
