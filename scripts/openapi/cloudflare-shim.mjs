// Node resolve hook: `cloudflare:workers` exists only inside workerd. Building the OpenAPI document
// needs the route declarations, never a Durable Object, so an empty base class is enough here.
const SHIM = "export class DurableObject { constructor(ctx, env) { this.ctx = ctx; this.env = env; } }";

export async function resolve(specifier, context, next) {
  if (specifier === "cloudflare:workers") return { url: `data:text/javascript,${encodeURIComponent(SHIM)}`, shortCircuit: true };
  return next(specifier, context);
}
