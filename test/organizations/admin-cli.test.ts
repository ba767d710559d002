import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createGateway } from '../../src/gateway.js';
import { createLogger } from '../../src/observability/logger.js';
import { executeOperation } from '../helpers/graphql-client.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

// Each step spawns a CLI process on the embedded database: slow on a loaded 2-core machine.
describe('npm run admin', { timeout: 90_000 }, () => {
  let dataDir: string;
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'derms-admin-'));
    database = await createTestDatabase();
    env = { DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(database.url ? { DATABASE_URL: database.url } : {}) };
  });
  afterAll(async () => {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const admin = async (...args: string[]) => {
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/organizations/admin-cli.ts', ...args], {
        cwd: root,
        env: { PATH: process.env['PATH'], ...env },
      });
      return { code: 0, stdout };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout + e.stderr };
    }
  };

  /** The gateway on the same database, stopped again afterwards (PGlite serves one process). */
  const query = async (apiKey: string) => {
    const config = loadConfig({ ...env, PORT: '0', HOST: '127.0.0.1', TESLA_MODE: 'sandbox' });
    const gateway = await createGateway(config, { logger: createLogger('silent') });
    try {
      const { url } = await gateway.listen();
      return await executeOperation(url, '{ teslaAccounts { id } }', {}, apiKey);
    } finally {
      await gateway.close();
    }
  };

  it('creates an organization and an API key that opens the API, and revokes it', async () => {
    const org = await admin('org:create', 'Acme Co-op');
    expect(org.code).toBe(0);
    expect(org.stdout).toMatch(/organization Acme Co-op [0-9a-f-]{36}/);
    expect((await admin('org:create', 'Acme Co-op')).stdout).toContain('already exists');

    const created = await admin('apikey:create', 'Acme Co-op', '--role', 'operator');
    expect(created.code).toBe(0);
    const apiKey = created.stdout.trim().split('\n').at(-1)!;
    expect(apiKey).toMatch(/^dgw_[\w-]{40,}$/);

    const ok = await query(apiKey);
    expect(ok.errors).toBeUndefined();
    expect(ok.data).toEqual({ teslaAccounts: [] });

    const listed = await admin('apikey:list', 'Acme Co-op');
    expect(listed.stdout).toContain(`${apiKey.slice(0, 12)}…  operator`);
    expect(listed.stdout).not.toContain(apiKey);

    const revoked = await admin('apikey:revoke', apiKey.slice(0, 12));
    expect(revoked.code).toBe(0);
    const refused = await query(apiKey);
    expect(refused.errors![0]!.extensions!['code']).toBe('UNAUTHENTICATED');
  });

  it('explains bad usage with exit code 2', async () => {
    const bad = await admin('apikey:create', 'Acme Co-op', '--role', 'superuser');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('--role must be one of admin, operator, read_only');
    expect((await admin('frobnicate')).code).toBe(2);
    expect((await admin('apikey:create', 'Nobody')).stdout).toContain('no organization Nobody');
  });
});
