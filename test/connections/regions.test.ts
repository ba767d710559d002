import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeslaAccountsOverviewDocument, SiteLiveStatusesDocument } from '../../schema/generated/graphql.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

describe('Tesla regions', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { UPSTREAM_CACHE_TTL_S: '1' } });
  });
  afterAll(() => stack?.close());

  it("stores each account's regional Fleet API base from users/region", async () => {
    const org = await stack.createOrganization();
    await stack.connectAccount(org.organizationId, 'small');
    const overview = await stack.execute(TeslaAccountsOverviewDocument, {}, org.apiKey);
    expect(overview.data!.teslaAccounts[0]!.region).toBe('eu');
    const row = await stack.gateway.database.db.selectFrom('tesla_connections').select('fleet_api_base_url').where('organization_id', '=', org.organizationId).executeTakeFirstOrThrow();
    expect(row.fleet_api_base_url).toBe(`${stack.simulator.url}/regions/eu`);
  });

  it('re-discovers the region after a 421 and retries once', async () => {
    const org = await stack.createOrganization();
    await stack.connectAccount(org.organizationId, 'demo');
    await stack.sim.moveAccount('demo', 'eu');
    await stack.sim.resetCounters();
    const result = await stack.execute(SiteLiveStatusesDocument, { first: 2 }, org.apiKey);
    expect(result.errors).toBeUndefined();
    expect(result.data!.sites.edges.every((e) => e.node.liveStatus !== null)).toBe(true);
    const counters = await stack.sim.counters();
    expect(counters.byEndpoint['users_region']).toBeGreaterThanOrEqual(1);
    const overview = await stack.execute(TeslaAccountsOverviewDocument, {}, org.apiKey);
    expect(overview.data!.teslaAccounts[0]!.region).toBe('eu');
    await stack.sim.moveAccount('demo', 'na');
  });

  it('reports an app not registered in the region (412) as a configuration problem', async () => {
    const org = await stack.createOrganization();
    await stack.connectAccount(org.organizationId, 'small');
    await stack.sim.setPartnerRegistration({ eu: false });
    await new Promise((r) => setTimeout(r, 1100));
    const result = await stack.execute(SiteLiveStatusesDocument, { first: 1 }, org.apiKey);
    const error = result.errors![0]!;
    expect(error.extensions).toMatchObject({ code: 'PARTNER_NOT_REGISTERED', upstreamStatus: 412, region: 'eu' });
    expect(error.message).toContain('not registered');
    expect(String((error.extensions as { remediation: string }).remediation)).toContain('npm run admin -- tesla:register');
    await stack.sim.setPartnerRegistration({ eu: true });
  });
});
