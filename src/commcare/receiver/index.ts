import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerResource } from "../pipeline/register";
import type { ResourceDef } from "../pipeline/resource";
import { receive } from "./handlers";

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

const BODY = {
  type: "string",
  description: "The XForm instance: raw XML, or multipart/form-data with the `xml_submission_file` part.",
};

export function registerReceiver(router: OpenAPIHono<AppEnv>) {
  registerResource(router, receiverResource, { list: { POST: receive }, detail: { POST: receive } }, {
    list: { POST: { summary: "OpenRosa form submission; applies its CaseXML v2 blocks. 201 OpenRosaResponse.", status: 201 } },
    detail: { POST: { summary: "OpenRosa form submission for an application (or build) id.", status: 201 } },
  });
  void BODY;
}
