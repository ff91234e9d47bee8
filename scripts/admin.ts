// `npm run admin -- <command> [--flag value ...] [--remote] [--env staging|production] [--persist-to DIR] [--reason TEXT]`
// Creates what a deployment needs before its first call: customers, users, EDC studies, CommCare domains, API keys.
// Without --remote it writes the local state `npm start` uses (.wrangler/state, or --persist-to); with --remote
// it writes the D1 database of --env through wrangler (`wrangler login` or CLOUDFLARE_API_TOKEN first).
// Every row is audited in its tenant's hash chain, as the Worker's own writes are. Prints one JSON object.
import { readFileSync } from "node:fs";
import { COMMANDS, run, UsageError, type Args, type CommandName } from "./admin/commands";

const USAGE = `usage: npm run admin -- <command> [options] [--remote] [--env NAME] [--persist-to DIR] [--reason TEXT]
  create-customer         --name NAME [--features JSON]
  create-user             --customer ID --email EMAIL [--role api|admin] [--password P] [--first-name F] [--last-name L] [--edc-username U]
  add-edc                 --customer ID --dbname NAME --protocol PROTOCOL [--title TITLE]   (a study on EDC database NAME)
  create-commcare-domain  --name NAME
  create-api-key          --domain NAME --username EMAIL [--key KEY] [--name LABEL]
A password or key left out is generated and printed once.`;

const BOOLEAN_FLAGS = new Set(["remote"]);

function parse(argv: string[]) {
  const [command, ...rest] = argv;
  const args: Args = {};
  const flags = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (!a.startsWith("--")) throw new UsageError(`unexpected argument ${a}`);
    const key = a.slice(2);
    if (BOOLEAN_FLAGS.has(key)) {
      flags.add(key);
      continue;
    }
    const v = rest[++i];
    if (v === undefined) throw new UsageError(`${a} needs a value`);
    args[key] = v;
  }
  return { command, args, remote: flags.has("remote") };
}

/** EDC_REGISTRY of the chosen environment in wrangler.toml (the top level without --env). */
function edcRegistry(env: string | undefined): Record<string, unknown> {
  const toml = readFileSync("wrangler.toml", "utf8");
  const header = env ? `^\\[env\\.${env}\\.vars\\]\\s*$` : "^\\[vars\\]\\s*$";
  const section = toml.split(new RegExp(header, "m"))[1];
  if (section === undefined) throw new UsageError(`wrangler.toml has no [${env ? `env.${env}.` : ""}vars]`);
  const m = /^EDC_REGISTRY = '(.*)'$/m.exec(section.split(/^\[(?!\[)/m)[0]!);
  return m ? (JSON.parse(m[1]!) as Record<string, unknown>) : {};
}

try {
  const { command, args, remote } = parse(process.argv.slice(2));
  if (!command || !Object.hasOwn(COMMANDS, command)) throw new UsageError(command ? `unknown command ${command}` : "no command");
  const env = args.env;
  if (env !== undefined && !/^[a-z][a-z0-9_-]*$/.test(env)) throw new UsageError("--env must name an environment of wrangler.toml");
  const target = { remote, env, persistTo: args["persist-to"] };
  const { env: _e, "persist-to": _p, ...commandArgs } = args;
  const out = await run(target, command as CommandName, commandArgs, edcRegistry(env));
  console.log(JSON.stringify({ ok: true, command, ...(remote ? { remote: true, env: env ?? null } : {}), ...out }));
} catch (err) {
  if (err instanceof UsageError) {
    console.error(`admin: ${err.message}\n${USAGE}`);
    process.exit(2);
  }
  console.error(`admin: ${(err as Error).message}`);
  process.exit(1);
}
