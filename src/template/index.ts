/**
 * Per-request templates: compiled once when the budget is read, rendered per request.
 * The rest of the pipeline imports from here.
 */

export { compileJson } from "./compile-json.js";
export { type CompileStringOptions, compileString } from "./compile-string.js";
export { type ContextParts, emptyContext, requestContext } from "./context.js";
export { MAX_RANDOM_STRING } from "./functions.js";
export { toChatMessages } from "./messages.js";
export { randomUuid, requestRandom } from "./random.js";
export { encodeForHeader, encodeForPath, type TemplateTextContext, urlencode } from "./text.js";
export type * from "./types.js";
export { hasPromptToPrefix, uniqueMarker, withUniquePrefix } from "./unique-prefix.js";
