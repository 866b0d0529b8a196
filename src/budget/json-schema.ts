/**
 * The JSON Schema of the budget file, generated from the zod schema the validator runs, so the
 * two cannot drift. Checked in at `schema/perf-budget.schema.json` (`npm run schema`).
 */
import * as z from "zod";
import { budgetSchema } from "./schema.js";

/** Where the checked-in schema lives, relative to the repository root. */
export const SCHEMA_PATH = "schema/perf-budget.schema.json";

/**
 * JSON Schema (draft 2020-12) of the budget file as a user writes it: durations and limits as
 * strings with their patterns, defaults and descriptions for editor completion.
 */
export function budgetJsonSchema(): Record<string, unknown> {
  // io "input": describe what the user writes ("250ms"), not what the transforms produce (250).
  const schema = z.toJSONSchema(budgetSchema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
  });
  return { ...schema, $id: "https://github.com/perf-gate/perf-gate/schema/perf-budget.schema.json" };
}

/** The schema file's exact content: two-space JSON and a final newline. */
export function budgetJsonSchemaText(): string {
  return `${JSON.stringify(budgetJsonSchema(), null, 2)}\n`;
}
