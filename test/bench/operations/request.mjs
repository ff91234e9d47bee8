// Small builders for the request descriptors of the operation catalog: { method, path, headers, body }.

/** A JSON POST with a token (and the `EDC` header when given). */
export const postJson = (path, token, body, extraHeaders = {}) => ({
  method: "POST",
  path,
  headers: { ...(token ? { authorization: token } : {}), "content-type": "application/json", ...extraHeaders },
  body: JSON.stringify(body),
});

/** A CommCare request with the demo admin's API key. */
export const ccRequest = (fx, method, path, body, headers = {}) => ({
  method,
  path,
  headers: { authorization: fx.ccKey, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
  body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
});

/** The concrete path of a CommCare template: {domain} → demo, the id parameter → `id`. */
export const fillTemplate = (template, id) => template.replace("{domain}", "demo").replace(/\{[^}]+\}/, id ?? "");
