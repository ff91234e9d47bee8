import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerResource, type OpDoc } from "../pipeline/register";
import type { ResourceDef } from "../pipeline/resource";
import { receive } from "./handlers";
import { OPENROSA_FAILURE_XML, OPENROSA_SUCCESS_XML, SUBMISSION_BODY } from "./schema";

export const receiverResource: ResourceDef = {
  name: "receiver",
  prefix: "",
  paths: ["receiver/"],
  permission: "edit_data",
  needsLocations: false,
  requiresApi: false,
  listMethods: ["POST"],
  detailMethods: ["POST"],
  detailParam: "app_id",
};

const submission = (action: string, summary: string): OpDoc => ({
  summary,
  action,
  description:
    "Send `X-OpenRosa-Version` to mark a phone submission (`is_phone_submission`). The body is read by the handler, not by a schema validator, so a bad submission answers the reason below.",
  body: SUBMISSION_BODY,
  status: 201,
  success: { description: "Stored (or already stored).", content: { "text/xml": OPENROSA_SUCCESS_XML } },
  responses: { 400: { description: "Not stored: an OpenRosaResponse with the reason.", content: { "text/xml": OPENROSA_FAILURE_XML } } },
});

export function registerReceiver(router: OpenAPIHono<AppEnv>) {
  registerResource(
    router,
    receiverResource,
    { list: { POST: receive }, detail: { POST: receive } },
    {
      list: { POST: submission("Submit", "OpenRosa form submission; applies its CaseXML v2 blocks. 201 OpenRosaResponse.") },
      detail: {
        POST: submission("SubmitForApp", "OpenRosa form submission for an application (or build) id; the form is linked to that app."),
      },
    },
  );
}
