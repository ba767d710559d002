import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../../src/bus/bus.js';
import type { Gateway } from '../../src/gateway.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { waitUntil } from '../helpers/ws-client.js';

/**
 * Issue 12 item 1: a warm request reads neither the database (its API key, its site, the site's Tesla
 * connection) nor the bus (the shared upstream cache), because each instance keeps them in memory —
 * and that memory never serves another organization, never outlives a revocation, a settings change
 * or a connection that needs re-auth.
 */

const SITE = `query($id: ID!) { site(id: $id) { id name liveStatus { timestamp batteryPowerW } settings { backupReservePercent } } }`;
const REVOKE = `mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { id revokedAt } } }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`;
const SET_RESERVE = `mutation($input: SetBackupReserveInput!) { setBackupReserve(input: $input) { command { id } } }`;
const COMMAND = `query($id: ID!) { command(id: $id) { status reason } }`;
/** Needs a key (`{ __typename }` answers without one). */
const AUTHED = `{ sites(first: 1) { totalCount } }`;
const SITES = `{ sites(first: 100) { edges { node { id name } } } }`;
interface SitesList {
  sites: { edges: { node: { id: string; name: string } }[] };
}
const KEY_LOOKUP = /from "api_keys"/;

interface SiteResult {
  site: { id: string; name: string; liveStatus: { timestamp: string; batteryPowerW: number } | null; settings: { backupReservePercent: number } | null } | null;
}

/** The rows a request reads on its way in: keys, sites, Tesla connections, Powerhub links. */
const REQUEST_TABLES = /from "(api_keys|sites|tesla_connections|powerhub_sites)"/;

/**
 * Counts what the gateway asks its database (the tables above) and its bus (the shared cache's
 * values) while `work` runs.
 */
async function reads(gateway: Gateway, work: () => Promise<void>): Promise<{ database: string[]; bus: string[] }> {
  const executor = gateway.database.db.getExecutor() as unknown as { executeQuery: (query: { sql: string }, ...rest: unknown[]) => Promise<unknown> };
  const bus = gateway.bus as Bus & { get: Bus['get']; getMany: Bus['getMany'] };
  const original = { executeQuery: executor.executeQuery, get: bus.get, getMany: bus.getMany };
  const seen = { database: [] as string[], bus: [] as string[] };
  executor.executeQuery = function (this: unknown, query, ...rest) {
    if (REQUEST_TABLES.test(query.sql)) seen.database.push(query.sql);
    return original.executeQuery.call(this, query, ...rest);
  };
  bus.get = function (this: Bus, key) {
    if (/^cache2?:/.test(key)) seen.bus.push(key);
    return original.get.call(this, key);
  };
  try {
    await work();
  } finally {
    executor.executeQuery = original.executeQuery;
    bus.get = original.get;
  }
  return seen;
}

async function settled(stack: TestStack, apiKey: string, id: string): Promise<{ status: string; reason: string | null }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const result = await stack.execute<{ command: { status: string; reason: string | null } }, unknown>(COMMAND, { id }, apiKey);
    const command = result.data!.command;
    if (['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED'].includes(command.status) || Date.now() > deadline) return command;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('per-instance caches of the request path', () => {
  let stack: TestStack;
  let org: Awaited<ReturnType<TestStack['demoOrganization']>>;
  let site: { id: string; energySiteId: string };

  beforeAll(async () => {
    stack = await startTestStack();
    org = await stack.demoOrganization();
    site = await stack.firstBatterySite(org.apiKey);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("answers a warm site(id) { liveStatus settings } without the database or the bus, and never to another organization", async () => {
    const first = await stack.execute<SiteResult, unknown>(SITE, { id: site.id }, org.apiKey);
    expect(first.errors).toBeUndefined();
    await stack.execute(SITE, { id: site.id }, org.apiKey);

    let again: Awaited<ReturnType<typeof stack.execute<SiteResult, unknown>>> | undefined;
    const seen = await reads(stack.gateway, async () => {
      for (let i = 0; i < 3; i++) again = await stack.execute<SiteResult, unknown>(SITE, { id: site.id }, org.apiKey);
    });
    expect(again!.errors).toBeUndefined();
    expect(again!.data!.site).toMatchObject({ id: site.id, name: first.data!.site!.name });
    expect(seen).toEqual({ database: [], bus: [] });

    // The site row is in this instance's memory now; another organization still cannot see it.
    const other = await stack.createOrganization();
    const foreign = await stack.execute<SiteResult, unknown>(SITE, { id: site.id }, other.apiKey);
    expect(foreign.data?.site ?? null).toBeNull();
    expect(foreign.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const viaNode = await stack.execute<{ node: unknown }, unknown>(`query($id: ID!) { node(id: $id) { id } }`, { id: site.id }, other.apiKey);
    expect(viaNode.data?.node ?? null).toBeNull();
    // Nor does an organization connected to the same Tesla account (its own rows, its own ids).
    const twin = await stack.demoOrganization();
    const twinRead = await stack.execute<SiteResult, unknown>(SITE, { id: site.id }, twin.apiKey);
    expect(twinRead.data?.site ?? null).toBeNull();
    expect(twinRead.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a revoked key at once, though this instance had it cached (GraphQL and the admin CLI)', async () => {
    const created = await stack.execute<{ createApiKey: { secret: string; apiKey: { id: string } } }, unknown>(CREATE_KEY, { input: { name: 'cached', role: 'READ_ONLY' } }, org.apiKey);
    const { secret, apiKey } = created.data!.createApiKey;
    for (let i = 0; i < 2; i++) expect((await stack.execute(AUTHED, {}, secret)).errors).toBeUndefined();
    const warm = await reads(stack.gateway, async () => {
      expect((await stack.execute(AUTHED, {}, secret)).errors).toBeUndefined();
    });
    expect(warm.database.filter((sql) => KEY_LOOKUP.test(sql))).toEqual([]);

    await stack.execute(REVOKE, { input: { id: apiKey.id } }, org.apiKey);
    const refused = await stack.execute(AUTHED, {}, secret);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });

    // `npm run admin -- revoke-key <prefix>` runs OrganizationService.revokeApiKey; in this process, at once.
    const cli = await stack.gateway.services.organizations.createApiKey(org.organizationId, { role: 'read_only' });
    for (let i = 0; i < 2; i++) expect((await stack.execute(AUTHED, {}, cli.apiKey)).errors).toBeUndefined();
    expect((await reads(stack.gateway, async () => void (await stack.execute(AUTHED, {}, cli.apiKey)))).database.filter((sql) => KEY_LOOKUP.test(sql))).toEqual([]);
    await stack.gateway.services.organizations.revokeApiKey(cli.apiKey.slice(0, 12));
    expect((await stack.execute(AUTHED, {}, cli.apiKey)).errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('shows a settings change at once, though the settings were cached', async () => {
    const read = async () => (await stack.execute<SiteResult, unknown>(SITE, { id: site.id }, org.apiKey)).data!.site!.settings!.backupReservePercent;
    const before = await read();
    await read();
    expect((await reads(stack.gateway, async () => void (await read()))).bus).toEqual([]);
    const target = before === 35 ? 45 : 35;
    const sent = await stack.execute<{ setBackupReserve: { command: { id: string } } }, unknown>(SET_RESERVE, { input: { siteId: site.id, backupReservePercent: target } }, org.apiKey);
    expect(sent.errors).toBeUndefined();
    expect(await settled(stack, org.apiKey, sent.data!.setBackupReserve.command.id)).toMatchObject({ status: 'SUCCEEDED' });
    expect(await read()).toBe(target);
  });

  it('refuses reads through a connection at once when it needs re-auth, though the connection was cached', async () => {
    const own = await stack.demoOrganization();
    const ownSite = await stack.firstBatterySite(own.apiKey);
    for (let i = 0; i < 2; i++) expect((await stack.execute<SiteResult, unknown>(SITE, { id: ownSite.id }, own.apiKey)).errors).toBeUndefined();
    const warm = await reads(stack.gateway, async () => void (await stack.execute(SITE, { id: ownSite.id }, own.apiKey)));
    expect(warm).toEqual({ database: [], bus: [] });

    await stack.gateway.services.connections.disconnect(own.organizationId, own.connectionId);
    const refused = await stack.execute<SiteResult, unknown>(SITE, { id: ownSite.id }, own.apiKey);
    expect(refused.data!.site!.liveStatus).toBeNull();
    expect(refused.errors!.map((e) => e.extensions?.['code'])).toContainEqual(expect.stringMatching(/NEEDS_REAUTH$/));
  });
});

describe('site lists kept per instance', () => {
  let stack: TestStack;
  beforeAll(async () => {
    // A long TTL: what makes a new site appear must be the inventory event, not the entry expiring.
    stack = await startTestStack({ env: { ROW_CACHE_TTL_S: '60' } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('lists a warm page of sites without the database, and an account connected meanwhile at once', async () => {
    const own = await stack.createOrganization();
    await stack.connectAccount(own.organizationId, 'small');
    const list = async () => (await stack.execute<SitesList, unknown>(SITES, {}, own.apiKey)).data!.sites.edges.map((e) => e.node.name);
    const small = await list();
    expect(small.length).toBeGreaterThan(0);
    await list();
    const seen = await reads(stack.gateway, async () => void (await list()));
    expect(seen.database.filter((sql) => /from "sites"/.test(sql))).toEqual([]);
    // A second account's sites are listed at once, though the page was kept (ROW_CACHE_TTL_S: 60).
    await stack.connectAccount(own.organizationId, 'demo');
    const both = await list();
    expect(both.length).toBeGreaterThan(small.length);
    expect(both).toEqual(expect.arrayContaining(small));
  });

});

describe('a key revoked where no instance hears it (the CLI without REDIS_URL)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { AUTH_CACHE_TTL_S: '1' } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('fails within AUTH_CACHE_TTL_S', async () => {
    const org = await stack.createOrganization();
    // The first request of a fresh instance starts its subscription to revocations; from then on keys are kept.
    for (let i = 0; i < 2; i++) expect((await stack.execute(AUTHED, {}, org.apiKey)).errors).toBeUndefined();
    expect((await reads(stack.gateway, async () => void (await stack.execute(AUTHED, {}, org.apiKey)))).database.filter((sql) => KEY_LOOKUP.test(sql))).toEqual([]);
    // As a CLI with its own in-process bus would: straight in the database, no message.
    await stack.gateway.database.db.updateTable('api_keys').set({ revoked_at: new Date() }).where('organization_id', '=', org.organizationId).execute();
    const revokedAt = Date.now();
    await waitUntil(async () => (await stack.execute(AUTHED, {}, org.apiKey)).errors !== undefined, 3_000, 'the key to be refused');
    expect(Date.now() - revokedAt).toBeLessThan(1_500);
  });
});

describe.runIf(Boolean(process.env['DATABASE_URL'] && process.env['REDIS_URL']))('two instances on one Postgres and Redis', () => {
  let stack: TestStack;
  let second: { gateway: Gateway; url: string };
  let org: Awaited<ReturnType<TestStack['demoOrganization']>>;
  let site: { id: string };

  beforeAll(async () => {
    stack = await startTestStack();
    second = await stack.addGatewayInstance();
    org = await stack.demoOrganization();
    site = await stack.firstBatterySite(org.apiKey);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const onSecond = <T>(query: string, variables: unknown, apiKey: string) => fetch(`${second.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query, variables }),
  }).then((r) => r.json() as Promise<{ data?: T; errors?: { extensions?: Record<string, unknown> }[] }>);

  it('refuses on the other instance at once a key revoked here, though that instance had it cached', async () => {
    const created = await stack.execute<{ createApiKey: { secret: string; apiKey: { id: string } } }, unknown>(CREATE_KEY, { input: { name: 'on B', role: 'READ_ONLY' } }, org.apiKey);
    const { secret, apiKey } = created.data!.createApiKey;
    for (let i = 0; i < 2; i++) expect((await onSecond(AUTHED, {}, secret)).errors).toBeUndefined();
    expect((await reads(second.gateway, async () => void (await onSecond(AUTHED, {}, secret)))).database.filter((sql) => KEY_LOOKUP.test(sql))).toEqual([]);

    await stack.execute(REVOKE, { input: { id: apiKey.id } }, org.apiKey);
    const refused = await onSecond(AUTHED, {}, secret);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it("shows on the other instance at once a settings change, and keeps that instance's copy of the live status from Redis", async () => {
    const read = async () => (await onSecond<SiteResult>(SITE, { id: site.id }, org.apiKey)).data!.site!.settings!.backupReservePercent;
    const before = await read();
    await read();
    expect((await reads(second.gateway, async () => void (await read()))).bus).toEqual([]);
    const target = before === 35 ? 45 : 35;
    const sent = await stack.execute<{ setBackupReserve: { command: { id: string } } }, unknown>(SET_RESERVE, { input: { siteId: site.id, backupReservePercent: target } }, org.apiKey);
    expect(await settled(stack, org.apiKey, sent.data!.setBackupReserve.command.id)).toMatchObject({ status: 'SUCCEEDED' });
    expect(await read()).toBe(target);
  });

  it('lists on the other instance at once the sites of an account connected here, though that instance kept the page', async () => {
    const own = await stack.createOrganization();
    await stack.connectAccount(own.organizationId, 'small');
    const list = async () => (await onSecond<SitesList>(SITES, {}, own.apiKey)).data!.sites.edges.length;
    const small = await list();
    await list();
    expect((await reads(second.gateway, async () => void (await list()))).database.filter((sql) => /from "sites"/.test(sql))).toEqual([]);
    await stack.connectAccount(own.organizationId, 'demo');
    // The inventory change crosses Redis pub/sub: give it the moment it takes (well inside the TTL).
    await waitUntil(async () => (await list()) > small, 1_000, 'the other instance to list the new sites');
  });

  it('refuses on the other instance at once reads through a connection disconnected here', async () => {
    const own = await stack.demoOrganization();
    const ownSite = await stack.firstBatterySite(own.apiKey);
    for (let i = 0; i < 2; i++) await onSecond(SITE, { id: ownSite.id }, own.apiKey);
    expect(await reads(second.gateway, async () => void (await onSecond(SITE, { id: ownSite.id }, own.apiKey)))).toEqual({ database: [], bus: [] });
    await stack.gateway.services.connections.disconnect(own.organizationId, own.connectionId);
    // The status change crosses Redis pub/sub: give it the moment it takes.
    await waitUntil(async () => (await onSecond<SiteResult>(SITE, { id: ownSite.id }, own.apiKey)).data?.site?.liveStatus === null, 1_000, 'the other instance to refuse');
  });
});
