/**
 * `npm run admin -- <command>`: organizations and API keys, straight against the database the
 * gateway uses (DATABASE_URL, or the embedded PGlite in DATA_DIR — stop the gateway first then,
 * PGlite serves one process at a time).
 *
 *   org:create NAME                     create an organization
 *   org:list                            list organizations
 *   apikey:create ORG [--role R] [--name N]   create a key (printed once); R = admin | operator | read_only
 *   apikey:list ORG                     list keys (prefixes only)
 *   apikey:revoke KEY_ID|KEY_PREFIX     revoke a key
 *   tesla:register                      Tesla partner registration in every region (no database)
 *
 * ORG is an organization's name or id.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { openBus } from '../bus/open-bus.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { ApiKeyRole } from '../db/tables.js';
import { OrganizationService } from './organization-service.js';

const ROLES: ApiKeyRole[] = ['admin', 'operator', 'read_only'];

class UsageError extends Error {}

async function findOrganization(service: OrganizationService, nameOrId: string) {
  const org = (await service.listOrganizations()).find((o) => o.name === nameOrId || o.id === nameOrId);
  if (!org) throw new UsageError(`no organization ${nameOrId}`);
  return org;
}

export async function runAdminCommand(argv: string[], service: OrganizationService, print: (line: string) => void): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string', default: 'admin' }, name: { type: 'string', default: 'cli' } },
  });
  const [command, arg] = positionals;
  switch (command) {
    case 'org:create': {
      if (!arg) throw new UsageError('usage: org:create NAME');
      const org = await service.createOrganization(arg).catch((error: unknown) => {
        throw new UsageError(String((error as Error).message).includes('unique') ? `organization ${arg} already exists` : (error as Error).message);
      });
      return print(`organization ${org.name} ${org.id}`);
    }
    case 'org:list':
      for (const org of await service.listOrganizations()) print(`${org.id}  ${org.name}`);
      return;
    case 'apikey:create': {
      if (!arg) throw new UsageError('usage: apikey:create ORG [--role admin|operator|read_only] [--name NAME]');
      const role = values.role as ApiKeyRole;
      if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      const org = await findOrganization(service, arg);
      const { id, apiKey } = await service.createApiKey(org.id, { role, name: values.name });
      print(`API key ${id} (${role}) for ${org.name} — shown once, store it now:`);
      return print(apiKey);
    }
    case 'apikey:list': {
      if (!arg) throw new UsageError('usage: apikey:list ORG');
      const org = await findOrganization(service, arg);
      for (const key of await service.listApiKeys(org.id)) print(`${key.id}  ${key.key_prefix}…  ${key.role}  ${key.name}${key.revoked_at ? '  revoked' : ''}`);
      return;
    }
    case 'apikey:revoke': {
      if (!arg) throw new UsageError('usage: apikey:revoke KEY_ID|KEY_PREFIX');
      const revoked = await service.revokeApiKey(arg).catch((error: unknown) => {
        throw new UsageError((error as Error).message);
      });
      return print(`revoked ${revoked.id} (${revoked.key_prefix}…)`);
    }
    default:
      throw new UsageError('commands: org:create NAME | org:list | apikey:create ORG [--role R] [--name N] | apikey:list ORG | apikey:revoke KEY_ID|PREFIX | tesla:register');
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === 'tesla:register') {
    const config = loadConfig(process.env, { storesTokens: false });
    // Loaded only here: the Tesla client stack is heavy, and the other commands need the database alone.
    const { runTeslaRegister } = await import('../connections/tesla-register-command.js');
    const ok = await runTeslaRegister(config, (line) => process.stdout.write(`${line}\n`));
    process.exitCode = ok ? 0 : 1;
    return;
  }
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // With Redis, a revocation reaches running instances at once (they close the key's WebSockets).
  const bus = config.redisUrl ? openBus(config.redisUrl) : undefined;
  try {
    await migrateToLatest(database.db);
    await runAdminCommand(process.argv.slice(2), new OrganizationService(database.db, bus), (line) => process.stdout.write(`${line}\n`));
  } finally {
    await bus?.close();
    await database.close();
  }
}

if (process.argv[1]?.endsWith('admin-cli.ts')) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof UsageError || error instanceof ConfigError ? error.message : String((error as Error).stack ?? error)}\n`);
    process.exit(error instanceof UsageError || error instanceof ConfigError ? 2 : 1);
  });
}
