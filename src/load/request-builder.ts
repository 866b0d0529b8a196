import type { Dispatcher } from "undici";
import type { RequestSpec } from "../budget/types.js";
import type { TemplateContext, TemplateValue } from "../template/types.js";
import { uniqueMarker, withUniquePrefix } from "../template/unique-prefix.js";
import { requestTarget } from "./request-url.js";

/**
 * Renders a request whose path, headers or body vary per iteration (`RequestSpec.template`,
 * `unique_prefix`): the constant parts (fixed headers, constant path, constant body) are prepared
 * once, and a request costs only its templates' evaluation, one join and one Buffer. undici's
 * own header/body timers are off (`0`), as for fixed requests: the engine times requests itself.
 */
export class RequestBuilder {
  private readonly method: Dispatcher.HttpMethod;
  private readonly fixedHeaders: string[];
  private readonly constantPath: string;
  private readonly pathPrefix: string;
  private readonly constantBody: Buffer | null;
  /** The constant `json:` body as a value, parsed once (unique prefix on a constant body). */
  private readonly constantValue: TemplateValue | undefined;

  /**
   * @param base the target's base URL (its path is a prefix of every request's path)
   * @param nonce unique to the run: the start of every `unique_prefix` marker
   */
  constructor(
    base: URL,
    private readonly request: RequestSpec,
    private readonly nonce: string,
  ) {
    this.method = request.method as Dispatcher.HttpMethod;
    const templated = new Set(request.template?.headers.map(([name]) => name) ?? []);
    const headers: string[] = [];
    for (const [name, value] of Object.entries(request.headers)) {
      if (!templated.has(name)) headers.push(name, value);
    }
    this.fixedHeaders = headers;
    this.constantPath = requestTarget(base, request.path);
    this.pathPrefix = base.pathname.replace(/\/+$/, "");
    this.constantBody = request.body === undefined ? null : Buffer.from(request.body);
    const json = request.template?.json === undefined && request.uniquePrefix === true;
    this.constantValue =
      json && request.body !== undefined ? (JSON.parse(request.body) as TemplateValue) : undefined;
  }

  /** True when every request of this spec is the same bytes (nothing to render). */
  static isConstant(request: RequestSpec): boolean {
    return request.template === undefined && request.uniquePrefix !== true;
  }

  /** The dispatch options of one request, rendered from `ctx`. */
  build(ctx: TemplateContext): Dispatcher.DispatchOptions {
    const template = this.request.template;
    let headers = this.fixedHeaders;
    if (template !== undefined && template.headers.length > 0) {
      const all = this.fixedHeaders.slice();
      for (const [name, value] of template.headers) all.push(name, value.render(ctx));
      headers = all;
    }
    const path =
      template?.path === undefined ? this.constantPath : this.pathPrefix + template.path.render(ctx);
    return {
      method: this.method,
      path,
      headers,
      body: this.body(ctx),
      headersTimeout: 0,
      bodyTimeout: 0,
    };
  }

  private body(ctx: TemplateContext): Buffer | null {
    const template = this.request.template;
    if (this.request.uniquePrefix === true) {
      const value = template?.json !== undefined ? template.json.value(ctx) : this.constantValue;
      if (value !== undefined) {
        const marker = uniqueMarker(this.nonce, ctx.seq);
        return Buffer.from(JSON.stringify(withUniquePrefix(value, marker)));
      }
    }
    if (template?.json !== undefined) return Buffer.from(template.json.render(ctx));
    if (template?.body !== undefined) return Buffer.from(template.body.render(ctx));
    return this.constantBody;
  }
}
