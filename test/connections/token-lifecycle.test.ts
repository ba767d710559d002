import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TeslaAccountsOverviewDocument,
  DisconnectTeslaAccountDocument,
  ImportTeslaAccountDocument,
  RefreshInventoryDocument,
  SiteLiveStatusesDocument,
} from '../../schema/generated/graphql.js';
import { CONNECTION_STATUS_CHANNEL } from '../../src/gateway.js';
import { executeOperation } from '../helpers/graphql-client.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

/** Tokens live 3 s (the refresh margin is 1 s here): imported fresh, expired moments later. */
const SHORT_LIFETIME_S = 3;
const waitForExpiry = () => new Promise((r) => setTimeout(r, SHORT_LIFETIME_S * 1000 + 100));

async function importExpiring(stack: TestStack, apiKey: string, account = 'demo') {
  const tokens = await stack.sim.mintTokens(account, { expiresIn: SHORT_LIFETIME_S });
  const result = await stack.execute(ImportTeslaAccountDocument, { input: { accessToken: tokens.access_token, refreshToken: tokens.refresh_token } }, apiKey);
  expect(result.errors).toBeUndefined();
  return { tokens, connection: result.data!.importTeslaAccount.account, payload: result.data!.importTeslaAccount };
}

describe('Tesla token lifecycle', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      env: { UPSTREAM_CACHE_TTL_S: '2', TOKEN_REFRESH_MARGIN_S: '1' },
      // Tesla's live setup: discovery by document URL, and a token endpoint other than the discovered one.
      envFromSimulator: (url) => ({
        TESLA_AUTH_ISSUER: `${url}/oauth2/v3/thirdparty/.well-known/openid-configuration`,
        TESLA_TOKEN_URL: `${url}/oauth2/v3/token?via=fleet-auth`,
      }),
    });
  });
  afterAll(() => stack?.close());

  it('imports a token pair through GraphQL and discovers the account', async () => {
    const org = await stack.createOrganization();
    const { payload, connection } = await importExpiring(stack, org.apiKey);
    const account = await stack.sim.account('demo');
    expect(payload.sitesDiscovered).toBe(account.energySiteIds.length);
    // Every car but the demo car Tesla lists without a VIN (simulator README), which cannot be keyed.
    expect(payload.vehiclesDiscovered).toBe(account.vehicles.length - 1);
    expect(connection.status).toBe('ACTIVE');
    expect(connection.teslaUserId).toBe(account.userId);
  });

  it('rejects something that is not a Tesla token with BAD_USER_INPUT', async () => {
    const org = await stack.createOrganization();
    const result = await stack.execute(ImportTeslaAccountDocument, { input: { accessToken: 'not-a-jwt' } }, org.apiKey);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.accessToken' });
  });

  it('refreshes an expiring token once for many concurrent reads, and stores the new pair encrypted', async () => {
    const org = await stack.createOrganization();
    const { tokens } = await importExpiring(stack, org.apiKey);
    await waitForExpiry();
    await stack.sim.resetCounters();
    const results = await Promise.all(Array.from({ length: 50 }, () => stack.execute(SiteLiveStatusesDocument, { first: 100 }, org.apiKey)));
    for (const result of results) expect(result.errors).toBeUndefined();
    const counters = await stack.sim.counters();
    expect(counters.byEndpointAndDevice['token:refresh_token']).toBe(1);

    const row = await stack.gateway.database.db.selectFrom('tesla_connections').selectAll().where('organization_id', '=', org.organizationId).executeTakeFirstOrThrow();
    expect(row.status).toBe('ACTIVE');
    expect(row.last_refreshed_at).not.toBeNull();
    expect(row.access_token_expires_at!.getTime()).toBeGreaterThan(Date.now() + 3600_000);
    // The ciphertext never contains the token, or any part of it.
    for (const secret of [tokens.access_token, tokens.refresh_token]) {
      for (const column of [row.access_token_ciphertext!, row.refresh_token_ciphertext!]) {
        expect(column).not.toContain(secret.slice(-16));
        expect(column).not.toContain(secret.slice(0, 40));
      }
    }
    expect(row.refresh_token_ciphertext).toMatch(/^v1\./);
  });

  it('a consent revoked at Tesla turns the connection NEEDS_REAUTH, says ACCOUNT_NEEDS_REAUTH and tells subscribers', async () => {
    const org = await stack.createOrganization();
    const { connection } = await importExpiring(stack, org.apiKey);
    // Use the connection once so its token is fresh, then let the cache lapse.
    await stack.execute(SiteLiveStatusesDocument, { first: 3 }, org.apiKey);
    const events: string[] = [];
    const unsubscribe = await stack.gateway.bus.subscribe(CONNECTION_STATUS_CHANNEL, (m) => events.push(m));
    await stack.sim.revokeConsent('demo', stack.gateway.config.tesla.clientId);
    await new Promise((r) => setTimeout(r, 2100));

    const result = await stack.execute(SiteLiveStatusesDocument, { first: 3 }, org.apiKey);
    const error = result.errors!.find((e) => e.extensions?.code === 'ACCOUNT_NEEDS_REAUTH')!;
    expect(error).toBeDefined();
    expect(error.extensions!['accountId']).toBe(connection.id);
    expect((error.extensions!['remediation'] as { connectUrl: string }).connectUrl).toContain('/oauth/tesla/connect?link=');
    const overview = await stack.execute(TeslaAccountsOverviewDocument, {}, org.apiKey);
    expect(overview.data!.teslaAccounts[0]!.status).toBe('NEEDS_REAUTH');
    await new Promise((r) => setTimeout(r, 50));
    await unsubscribe();
    expect(events.map((e) => JSON.parse(e))).toContainEqual({ connectionId: expect.any(String), organizationId: org.organizationId, status: 'NEEDS_REAUTH' });
    // Later reads fail fast, without calling Tesla.
    await stack.sim.resetCounters();
    await stack.execute(SiteLiveStatusesDocument, { first: 3 }, org.apiKey);
    expect((await stack.sim.counters()).total).toBe(0);
  });

  it("a refreshed token Tesla refuses on the account's own endpoint too (users/region) still turns the connection NEEDS_REAUTH", async () => {
    const org = await stack.createOrganization();
    const { connection } = await importExpiring(stack, org.apiKey);
    // Every site refuses the token, and so does the account's own endpoint: the token's problem, not one device's.
    await stack.sim.addFault({ endpoint: 'live_status', status: 401, error: 'unauthorized' });
    await stack.sim.addFault({ endpoint: 'users_region', status: 401, error: 'unauthorized' });
    try {
      const result = await stack.execute(SiteLiveStatusesDocument, { first: 1 }, org.apiKey);
      const error = result.errors!.find((e) => e.extensions?.code === 'ACCOUNT_NEEDS_REAUTH')!;
      expect(error.extensions!['accountId']).toBe(connection.id);
    } finally {
      await stack.sim.clearFaults();
    }
    const overview = await stack.execute(TeslaAccountsOverviewDocument, {}, org.apiKey);
    expect(overview.data!.teslaAccounts[0]!.status).toBe('NEEDS_REAUTH');
  });

  it('disconnect erases the tokens but keeps the inventory; refreshInventory re-lists products', async () => {
    const org = await stack.createOrganization();
    const { connection } = await importExpiring(stack, org.apiKey);
    const refreshed = await stack.execute(RefreshInventoryDocument, { input: { accountId: connection.id } }, org.apiKey);
    expect(refreshed.errors).toBeUndefined();
    expect(refreshed.data!.refreshInventory.sitesDiscovered).toBeGreaterThanOrEqual(25);

    const result = await stack.execute(DisconnectTeslaAccountDocument, { input: { accountId: connection.id } }, org.apiKey);
    expect(result.data!.disconnectTeslaAccount.account.status).toBe('REVOKED');
    expect(result.data!.disconnectTeslaAccount.account.sites.totalCount).toBeGreaterThanOrEqual(25);
    const row = await stack.gateway.database.db.selectFrom('tesla_connections').selectAll().where('organization_id', '=', org.organizationId).executeTakeFirstOrThrow();
    expect(row.access_token_ciphertext).toBeNull();
    expect(row.refresh_token_ciphertext).toBeNull();
    const read = await stack.execute(SiteLiveStatusesDocument, { first: 1 }, org.apiKey);
    expect(read.errors![0]!.extensions!['code']).toBe('ACCOUNT_NEEDS_REAUTH');
  });

  it("answers NOT_FOUND for another organization's connection", async () => {
    const a = await stack.createOrganization();
    const b = await stack.createOrganization();
    const { connection } = await importExpiring(stack, a.apiKey, 'small');
    const result = await stack.execute(DisconnectTeslaAccountDocument, { input: { accountId: connection.id } }, b.apiKey);
    expect(result.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND' });
  });
});

describe.runIf(Boolean(process.env['DATABASE_URL'] && process.env['REDIS_URL']))('token refresh across instances (Postgres + Redis)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { TOKEN_REFRESH_MARGIN_S: '1' } });
  });
  afterAll(() => stack?.close());

  it('three instances, 50 parallel requests right after expiry: exactly one refresh, connection stays ACTIVE', async () => {
    const org = await stack.createOrganization();
    await importExpiring(stack, org.apiKey);
    const urls = [stack.gatewayUrl, (await stack.addGatewayInstance()).url, (await stack.addGatewayInstance()).url];
    await waitForExpiry();
    await stack.sim.resetCounters();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => executeOperation(urls[i % 3]!, SiteLiveStatusesDocument, { first: 100 }, org.apiKey)));
    for (const result of results) expect(result.errors).toBeUndefined();
    expect((await stack.sim.counters()).byEndpointAndDevice['token:refresh_token']).toBe(1);
    const overview = await stack.execute(TeslaAccountsOverviewDocument, {}, org.apiKey);
    expect(overview.data!.teslaAccounts[0]!.status).toBe('ACTIVE');
  });
});
