import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { waitUntil, wsClients } from '../helpers/ws-client.js';

/**
 * Issue 11 items 1 and 2: admin keys manage API keys over GraphQL, and a revoked key stops at once,
 * everywhere — its HTTP requests fail and every instance closes its WebSockets with 4403.
 */

const CREATE = `mutation Create($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name role prefix createdAt lastUsedAt revokedAt } } }`;
const LIST = `query { apiKeys { id name role prefix lastUsedAt revokedAt } }`;
const REVOKE = `mutation Revoke($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { id revokedAt } } }`;
const WATCH = `subscription { fleetTelemetry { siteCount } }`;

interface Created {
  createApiKey: { secret: string; apiKey: { id: string; name: string; role: string; prefix: string; lastUsedAt: string | null; revokedAt: string | null } };
}
interface Listed {
  apiKeys: { id: string; name: string; role: string; prefix: string; lastUsedAt: string | null; revokedAt: string | null }[];
}

/** The close code a graphql-ws client saw, once its socket closed. */
function closeCode(errors: unknown[]): number | undefined {
  const closed = errors.find((e) => typeof (e as { code?: unknown }).code === 'number') as { code: number } | undefined;
  return closed?.code;
}

describe('API keys over GraphQL, and revocation', () => {
  let stack: TestStack;
  let org: Awaited<ReturnType<TestStack['demoOrganization']>>;
  const ws = wsClients();

  beforeAll(async () => {
    stack = await startTestStack({ env: { TELEMETRY_INTERVAL_S: '1' } });
    org = await stack.demoOrganization();
  });
  afterAll(async () => {
    await ws.disposeAll();
    await stack?.close();
  });

  const createKey = async (name: string, role: string) => {
    const created = await stack.execute<Created, unknown>(CREATE, { input: { name, role } }, org.apiKey);
    expect(created.errors).toBeUndefined();
    return created.data!.createApiKey;
  };

  it('creates a key whose secret is shown once and works, lists keys with their use, and keeps them to admins', async () => {
    const created = await createKey('wall screen', 'READ_ONLY');
    expect(created.secret).toMatch(/^dgw_[\w-]{40,}$/);
    expect(created.apiKey).toMatchObject({ name: 'wall screen', role: 'READ_ONLY', prefix: created.secret.slice(0, 12), lastUsedAt: null, revokedAt: null });

    const read = await stack.execute('{ sites(first: 1) { totalCount } }', {}, created.secret);
    expect(read.errors).toBeUndefined();
    // A read_only key neither lists nor creates keys.
    expect((await stack.execute(LIST, {}, created.secret)).errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await stack.execute(CREATE, { input: { name: 'x', role: 'ADMIN' } }, created.secret)).errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });

    await waitUntil(async () => {
      const listed = await stack.execute<Listed, unknown>(LIST, {}, org.apiKey);
      return listed.data!.apiKeys.find((k) => k.id === created.apiKey.id)?.lastUsedAt != null;
    }, 5_000, 'lastUsedAt of the new key');
    const listed = await stack.execute<Listed, unknown>(LIST, {}, org.apiKey);
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    const blank = await stack.execute(CREATE, { input: { name: '   ', role: 'OPERATOR' } }, org.apiKey);
    expect(blank.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
  });

  it('closes the WebSockets of a revoked key at once (4403) and refuses its HTTP requests', async () => {
    const created = await createKey('homeowner app', 'READ_ONLY');
    const sub = ws.subscribe(ws.client(stack.gatewayUrl, created.secret), WATCH);
    await waitUntil(() => sub.events.length > 0, 10_000, 'a first fleetTelemetry event');

    const revoked = await stack.execute<{ revokeApiKey: { apiKey: { revokedAt: string | null } } }, unknown>(REVOKE, { input: { id: created.apiKey.id } }, org.apiKey);
    expect(revoked.data!.revokeApiKey.apiKey.revokedAt).not.toBeNull();
    const revokedAt = Date.now();
    await waitUntil(() => closeCode(sub.errors) !== undefined, 2_000, 'the socket to close');
    expect(closeCode(sub.errors)).toBe(4403);
    expect(Date.now() - revokedAt).toBeLessThan(2_000);

    const refused = await stack.execute('{ sites(first: 1) { totalCount } }', {}, created.secret);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    // Revoked already, or another organization's key: not found, the same way.
    expect((await stack.execute(REVOKE, { input: { id: created.apiKey.id } }, org.apiKey)).errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const other = await stack.createOrganization();
    const foreign = await stack.execute<Created, unknown>(CREATE, { input: { name: 'theirs', role: 'OPERATOR' } }, other.apiKey);
    expect((await stack.execute(REVOKE, { input: { id: foreign.data!.createApiKey.apiKey.id } }, org.apiKey)).errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('closes the sockets of a key revoked behind its back (no bus message) within the periodic check', async () => {
    const created = await createKey('forgotten tablet', 'READ_ONLY');
    const sub = ws.subscribe(ws.client(stack.gatewayUrl, created.secret), WATCH);
    await waitUntil(() => sub.events.length > 0, 10_000, 'a first fleetTelemetry event');
    // As a CLI without REDIS_URL would: straight in the database.
    await stack.gateway.database.db.updateTable('api_keys').set({ revoked_at: new Date() }).where('key_prefix', '=', created.secret.slice(0, 12)).execute();
    await waitUntil(() => closeCode(sub.errors) !== undefined, 12_000, 'the socket to close');
    expect(closeCode(sub.errors)).toBe(4403);
  });

  it('records which key asked for a command and a dispatch (createdBy)', async () => {
    const operator = await createKey('dispatcher on shift', 'OPERATOR');
    const site = await stack.firstBatterySite(org.apiKey);
    const command = await stack.execute<{ setBackupReserve: { command: { id: string; createdBy: { id: string; name: string } | null } } }, unknown>(
      `mutation($input: SetBackupReserveInput!) { setBackupReserve(input: $input) { command { id createdBy { id name } } } }`,
      { input: { siteId: site.id, backupReservePercent: 30 } },
      operator.secret,
    );
    expect(command.errors).toBeUndefined();
    expect(command.data!.setBackupReserve.command.createdBy).toEqual({ id: operator.apiKey.id, name: 'dispatcher on shift' });

    const until = new Date(Date.now() + 30 * 60_000).toISOString();
    const dispatch = await stack.execute<{ dispatchBattery: { dispatch: { createdBy: { name: string } | null }; commands: { createdBy: { name: string } | null }[] } }, unknown>(
      `mutation($input: DispatchBatteryInput!) { dispatchBattery(input: $input) { dispatch { createdBy { name } } commands { createdBy { name } } } }`,
      { input: { siteIds: [site.id], mode: 'DISCHARGE', until, enableGridInteraction: true } },
      operator.secret,
    );
    expect(dispatch.errors).toBeUndefined();
    expect(dispatch.data!.dispatchBattery.dispatch.createdBy).toEqual({ name: 'dispatcher on shift' });
    expect(dispatch.data!.dispatchBattery.commands.map((c) => c.createdBy?.name)).toEqual(['dispatcher on shift']);
  });

  it.runIf(Boolean(process.env['DATABASE_URL'] && process.env['REDIS_URL']))('closes the key\'s sockets on every instance', async () => {
    const second = await stack.addGatewayInstance();
    const created = await createKey('control room B', 'READ_ONLY');
    const sub = ws.subscribe(ws.client(second.url, created.secret), WATCH);
    await waitUntil(() => sub.events.length > 0, 10_000, 'a first fleetTelemetry event on the second instance');
    await stack.execute(REVOKE, { input: { id: created.apiKey.id } }, org.apiKey);
    await waitUntil(() => closeCode(sub.errors) !== undefined, 2_000, 'the socket on the second instance to close');
    expect(closeCode(sub.errors)).toBe(4403);
  });
});
