import type { Context } from "hono";
import type { AppEnv } from "../env";

/**
 * Where the Workers static assets binding serves swagger-ui-dist (`[assets]` in wrangler.toml; the files are
 * copied from node_modules by scripts/ensure-install.mjs): the page loads nothing from any other origin.
 */
export const SWAGGER_ASSETS = "/swagger-ui";

// The page is served by the Worker; its script and styles come from the assets above. The CSP makes the
// browser itself refuse anything from elsewhere (the validator badge is off for the same reason).
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join("; ");

export function swaggerPage(specUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>TrialEdge API</title>
  <link rel="icon" type="image/png" href="${SWAGGER_ASSETS}/favicon-32x32.png">
  <link rel="stylesheet" href="${SWAGGER_ASSETS}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${SWAGGER_ASSETS}/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: "#swagger-ui", deepLinking: true, validatorUrl: null });
  </script>
</body>
</html>`;
}

/** GET /swagger: Swagger UI for `specUrl`, served without any request leaving the origin. */
export const swaggerUi = (specUrl: string) => (c: Context<AppEnv>) => {
  c.header("Content-Security-Policy", CSP);
  return c.html(swaggerPage(specUrl));
};
