// Lets a child Node process run the engine's TypeScript sources as they are (no build): Node
// strips/transforms the types, and this hook maps the sources' `./x.js` imports to `./x.ts`.
// Used by tests that need a process of their own (a low file-descriptor limit).
import { existsSync } from "node:fs";
import { registerHooks } from "node:module";
import { fileURLToPath } from "node:url";

registerHooks({
  resolve(specifier, context, next) {
    if (specifier.startsWith(".") && specifier.endsWith(".js") && context.parentURL?.endsWith(".ts")) {
      const ts = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
      if (existsSync(fileURLToPath(ts))) return next(ts.href, context);
    }
    return next(specifier, context);
  },
});
