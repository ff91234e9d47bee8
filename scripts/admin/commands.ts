// The admin commands: each reads what it needs, then writes its rows and their audit rows in one D1 batch
// (audit rows first), extending the tenant's hash chain exactly as the Worker does (src/lib/audit chainRows).
// A Worker write that extends the same chain meanwhile makes UNIQUE(tenant, seq) refuse the whole batch;
// the command then reads again and retries.
import { randomBytes } from "node:crypto";
import { hashPassword } from "../../src/auth/password";
import { hashApiKey } from "../../src/commcare/auth/credentials";
import { chainRows, type AuditContext, type AuditEntry, type ChainHead } from "../../src/lib/audit/chain";
import { D1Error, execute, insertSql, sqlLiteral, type D1Target, type Row } from "./d1";

export type Args = Record<string, string | undefined>;

export interface Plan {
  ctx: AuditContext;
  statements: string[];
  entries: AuditEntry[];
  /** What to print once written (generated secrets are shown here and nowhere else). */
  output: Record<string, unknown>;
}

export class UsageError extends Error {}

const ROLES = { admin: { roleId: 2, edcRoleId: 1 }, api: { roleId: 2, edcRoleId: 9 } } as const;
const ALL_PERMISSIONS = ["access_api", "edit_data", "edit_commcare_users", "edit_locations"];
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const EDC_NAME = /^[a-z_][a-z0-9_]*$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

function need(args: Args, key: string): string {
  const v = args[key]?.trim();
  if (!v) throw new UsageError(`--${key} is required`);
  return v;
}

function positiveInt(args: Args, key: string): number {
  const n = Number(need(args, key));
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${key} must be a positive integer`);
  return n;
}

const one = (target: D1Target, sql: string) => execute(target, [sql])[0]!;
const nextId = (rows: Row[]) => Number(rows[0]?.next ?? 1);
const maxPlusOne = (table: string) => `SELECT coalesce(max(id), 0) + 1 AS next FROM ${table}`;

function adminCtx(tenant: string, customerId: number | null, reason: string | undefined): AuditContext {
  const who = process.env.USER || process.env.LOGNAME || "unknown";
  return { tenant, customerId, actor: `admin:${who}`, requestId: null, reason: reason?.slice(0, 1000) || "admin command" };
}

async function createCustomer(target: D1Target, args: Args): Promise<Plan> {
  const name = need(args, "name");
  let features: Record<string, unknown> = {};
  if (args.features) {
    try {
      features = JSON.parse(args.features);
    } catch {
      throw new UsageError("--features must be a JSON object");
    }
    if (!features || typeof features !== "object" || Array.isArray(features)) throw new UsageError("--features must be a JSON object");
  }
  const [taken, ids] = execute(target, [`SELECT id FROM customers WHERE name = ${sqlLiteral(name)}`, maxPlusOne("customers")]);
  if (taken!.length) throw new UsageError(`a customer named ${JSON.stringify(name)} exists (id ${taken![0]!.id})`);
  const id = nextId(ids!);
  const row = { id, name, features: JSON.stringify(features), date_created: new Date().toISOString() };
  return {
    ctx: adminCtx(`customer:${id}`, id, args.reason),
    statements: [insertSql("customers", row)],
    entries: [{ action: "customer.create", entity: "customer", entityId: id, after: row }],
    output: { customer_id: id, name },
  };
}

async function createUser(target: D1Target, args: Args): Promise<Plan> {
  const customerId = positiveInt(args, "customer");
  const email = need(args, "email").toLowerCase();
  if (!EMAIL.test(email)) throw new UsageError("--email is not an email address");
  const role = (args.role ?? "api") as keyof typeof ROLES;
  if (!Object.hasOwn(ROLES, role)) throw new UsageError(`--role must be one of ${Object.keys(ROLES).join(", ")}`);
  const [customers, taken, ids] = execute(target, [
    `SELECT name FROM customers WHERE id = ${sqlLiteral(customerId)}`,
    `SELECT id FROM users WHERE email = ${sqlLiteral(email)}`,
    maxPlusOne("users"),
  ]);
  const customer = customers![0];
  if (!customer) throw new UsageError(`no customer ${customerId}`);
  if (taken!.length) throw new UsageError(`a user with email ${email} exists`);
  const generated = args.password === undefined;
  const password = args.password ?? randomBytes(18).toString("base64url");
  if (password.length < 12) throw new UsageError("--password must have at least 12 characters");
  const id = nextId(ids!);
  const row = {
    id,
    customer_id: customerId,
    email,
    first_name: args["first-name"] ?? "",
    last_name: args["last-name"] ?? "",
    role_id: ROLES[role].roleId,
    edc_role_id: ROLES[role].edcRoleId,
    edc_username: args["edc-username"] ?? null,
    company_name: String(customer.name),
    status: "active",
    date_created: new Date().toISOString(),
  };
  return {
    ctx: adminCtx(`customer:${customerId}`, customerId, args.reason),
    statements: [insertSql("users", { ...row, password_hash: await hashPassword(password) })],
    entries: [{ action: "user.create", entity: "user", entityId: id, after: row }],
    output: { user_id: id, email, role, ...(generated ? { password } : {}) },
  };
}

async function addEdc(target: D1Target, args: Args, registry: Record<string, unknown>): Promise<Plan> {
  const customerId = positiveInt(args, "customer");
  const dbname = need(args, "dbname");
  if (!EDC_NAME.test(dbname)) throw new UsageError("--dbname must be a lower-case identifier");
  if (!Object.hasOwn(registry, dbname)) {
    throw new UsageError(`${dbname} is not in EDC_REGISTRY of this environment (wrangler.toml): add it there and deploy first`);
  }
  const protocol = need(args, "protocol");
  const [customers, taken, ids] = execute(target, [
    `SELECT id FROM customers WHERE id = ${sqlLiteral(customerId)}`,
    `SELECT id FROM studies WHERE customer_id = ${sqlLiteral(customerId)} AND unique_protocolid = ${sqlLiteral(protocol)}`,
    maxPlusOne("studies"),
  ]);
  if (!customers![0]) throw new UsageError(`no customer ${customerId}`);
  if (taken!.length) throw new UsageError(`customer ${customerId} already has a study with protocol ${protocol} (id ${taken![0]!.id})`);
  const id = nextId(ids!);
  const title = args.title ?? protocol;
  const row = {
    id,
    customer_id: customerId,
    brief_title: title,
    official_title: title,
    unique_protocolid: protocol,
    dbname,
    status_id: 1,
    date_created: new Date().toISOString(),
  };
  return {
    ctx: adminCtx(`customer:${customerId}`, customerId, args.reason),
    statements: [insertSql("studies", row)],
    entries: [{ action: "study.create", entity: "study", entityId: id, after: row }],
    output: { study_id: id, protocol, dbname },
  };
}

async function createCommcareDomain(target: D1Target, args: Args): Promise<Plan> {
  const name = need(args, "name");
  if (!NAME.test(name)) throw new UsageError("--name must be lower-case letters, digits and dashes");
  const [taken, ids, roleIds] = execute(target, [
    `SELECT id FROM cc_domains WHERE name = ${sqlLiteral(name)}`,
    maxPlusOne("cc_domains"),
    maxPlusOne("cc_roles"),
  ]);
  if (taken!.length) throw new UsageError(`domain ${name} exists`);
  const id = nextId(ids!);
  const domain = { id, name, features: JSON.stringify(["API", "LOCATIONS"]), api_blacklisted: 0, created_at: new Date().toISOString() };
  const role = { id: nextId(roleIds!), domain_id: id, name: "Admin", permissions: JSON.stringify(ALL_PERMISSIONS) };
  return {
    ctx: adminCtx(`domain:${name}`, null, args.reason),
    statements: [insertSql("cc_domains", domain), insertSql("cc_roles", role)],
    entries: [
      { action: "domain.create", entity: "cc_domain", entityId: id, after: domain },
      { action: "role.create", entity: "cc_role", entityId: role.id, after: role },
    ],
    output: { domain_id: id, domain: name, admin_role_id: role.id },
  };
}

/** A key for a web user of the domain (created, with the domain's Admin role, when the username is new). */
async function createApiKey(target: D1Target, args: Args): Promise<Plan> {
  const domainName = need(args, "domain");
  const username = need(args, "username").toLowerCase();
  if (!EMAIL.test(username)) throw new UsageError("--username must be the web user's email address");
  const [domains, users, roles, ids] = execute(target, [
    `SELECT id FROM cc_domains WHERE name = ${sqlLiteral(domainName)}`,
    `SELECT id, domain_id, user_type FROM cc_users WHERE username = ${sqlLiteral(username)}`,
    `SELECT r.id FROM cc_roles r JOIN cc_domains d ON d.id = r.domain_id WHERE d.name = ${sqlLiteral(domainName)} AND r.name = 'Admin'`,
    `SELECT (SELECT coalesce(max(id), 0) + 1 FROM cc_users) AS user_id, (SELECT coalesce(max(id), 0) + 1 FROM cc_api_keys) AS key_id`,
  ]);
  const domainId = Number(domains![0]?.id ?? 0);
  if (!domainId) throw new UsageError(`no domain ${domainName} (create-commcare-domain first)`);
  const roleId = Number(roles![0]?.id ?? 0);
  if (!roleId) throw new UsageError(`domain ${domainName} has no Admin role`);
  const existing = users![0];
  if (existing && existing.user_type !== "web") throw new UsageError(`${username} is a mobile worker; keys belong to web users`);
  const now = new Date().toISOString();
  const statements: string[] = [];
  const entries: AuditEntry[] = [];
  const userId = existing ? Number(existing.id) : Number(ids![0]!.user_id);
  if (!existing) {
    const user = {
      id: userId,
      user_uuid: randomBytes(16).toString("hex"),
      domain_id: null,
      user_type: "web",
      username,
      email: username,
      created_at: now,
    };
    statements.push(insertSql("cc_users", user), insertSql("cc_memberships", { user_id: userId, domain_id: domainId, role_id: roleId }));
    entries.push({ action: "user.create", entity: "cc_user", entityId: userId, after: user });
    entries.push({
      action: "membership.create",
      entity: "cc_membership",
      entityId: `${userId}:${domainId}`,
      after: { user_id: userId, domain_id: domainId, role_id: roleId },
    });
  }
  const generated = args.key === undefined;
  const key = args.key ?? randomBytes(20).toString("hex");
  if (key.length < 20) throw new UsageError("--key must have at least 20 characters");
  const keyId = Number(ids![0]!.key_id);
  const keyRow = { id: keyId, user_id: userId, name: args.name ?? "admin command", domain_id: domainId, is_active: 1, created_at: now };
  statements.push(insertSql("cc_api_keys", { ...keyRow, key_hash: await hashApiKey(key) }));
  entries.push({ action: "api_key.create", entity: "cc_api_key", entityId: keyId, after: keyRow });
  return {
    ctx: adminCtx(`domain:${domainName}`, null, args.reason),
    statements,
    entries,
    output: {
      api_key_id: keyId,
      username,
      domain: domainName,
      ...(generated ? { key } : {}),
      authorization: generated ? `ApiKey ${username}:${key}` : undefined,
    },
  };
}

export const COMMANDS = {
  "create-customer": createCustomer,
  "create-user": createUser,
  "add-edc": addEdc,
  "create-commcare-domain": createCommcareDomain,
  "create-api-key": createApiKey,
} as const;
export type CommandName = keyof typeof COMMANDS;

const MAX_ATTEMPTS = 5;

/** Plans the command, then writes its audit rows and its rows in one batch; retries when the chain moved meanwhile. */
export async function run(target: D1Target, name: CommandName, args: Args, registry: Record<string, unknown>) {
  for (let attempt = 1; ; attempt++) {
    const plan = await COMMANDS[name](target, args, registry);
    const headRow = one(
      target,
      `SELECT seq, hash FROM audit_trail WHERE tenant = ${sqlLiteral(plan.ctx.tenant)} ORDER BY seq DESC LIMIT 1`,
    )[0];
    const head: ChainHead | undefined = headRow ? { seq: Number(headRow.seq), hash: String(headRow.hash) } : undefined;
    const rows = await chainRows(head, plan.ctx, plan.entries);
    const audit = rows.map((r) =>
      insertSql("audit_trail", {
        tenant: r.tenant,
        customer_id: r.customerId,
        seq: r.seq,
        date_created: r.dateCreated,
        actor: r.actor,
        action: r.action,
        entity: r.entity,
        entity_id: r.entityId,
        before_json: r.beforeJson,
        after_json: r.afterJson,
        request_id: r.requestId,
        reason: r.reason,
        prev_hash: r.prevHash,
        hash: r.hash,
      }),
    );
    try {
      execute(target, [...audit, ...plan.statements]);
      return plan.output;
    } catch (err) {
      const raced = err instanceof D1Error && /UNIQUE constraint failed: (audit_trail\.tenant|\w+\.id\b)/.test(err.message);
      if (!raced || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}
