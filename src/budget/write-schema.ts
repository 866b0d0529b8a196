/**
 * Writes `schema/perf-budget.schema.json` from the validator's schema. Run by `npm run schema`
 * (as `node lib/budget/write-schema.js` from the repository root) after changing the budget format.
 */
import { writeFile } from "node:fs/promises";
import { budgetJsonSchemaText, SCHEMA_PATH } from "./json-schema.js";

// Resolved from this module (lib/budget/ or src/budget/), so the working directory does not matter.
await writeFile(new URL(`../../${SCHEMA_PATH}`, import.meta.url), budgetJsonSchemaText());
console.log(`wrote ${SCHEMA_PATH}`);
