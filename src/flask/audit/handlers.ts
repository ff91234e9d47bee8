import type { RouteHandler } from "@hono/zod-openapi";
import { customerTenant, ROLE } from "../../auth/caller";
import { callerOf } from "../../auth/middleware";
import { d1 } from "../../db/d1";
import type { AppEnv } from "../../env";
import { sealThroughSealer, verifyAuditChain } from "../../lib/audit";
import { forbidden, notFound } from "../../lib/problem";
import type * as routes from "./routes";

export const verifyChain: RouteHandler<typeof routes.verifyChain, AppEnv> = async (c) => {
  const caller = callerOf(c);
  const body = c.req.valid("json") as { customer_id?: number; seal?: boolean } | undefined;
  if (body?.customer_id !== undefined && body.customer_id !== caller.customerId)
    throw notFound("customer_not_found", `There is no customer ${body.customer_id} for you.`);
  if (caller.roleId !== ROLE.CUSTOMER_ADMIN)
    throw forbidden("role_forbidden", "Only customer administrators and API users may verify the audit trail.");
  const tenant = customerTenant(caller.customerId);
  if (body?.seal) await sealThroughSealer(c.env, tenant);
  return c.json(await verifyAuditChain(d1(c.env.DB), tenant), 200);
};
