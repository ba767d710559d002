import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SiteLiveStatusesDocument, VehiclesOverviewDocument } from '../../schema/generated/graphql.js';
import { executeOperation } from '../helpers/graphql-client.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

const K = 20;

describe('upstream cost under concurrent clients', () => {
  let stack: TestStack;
  let org: Awaited<ReturnType<TestStack['demoOrganization']>>;
  let apiKeys: string[];

  beforeAll(async () => {
    stack = await startTestStack({ env: { UPSTREAM_CACHE_TTL_S: '30' } });
    org = await stack.demoOrganization();
    apiKeys = [org.apiKey];
    while (apiKeys.length < K) apiKeys.push((await stack.gateway.services.organizations.createApiKey(org.organizationId)).apiKey);
    await stack.sim.resetCounters();
  });
  afterAll(() => stack?.close());

  it(`K=${K} clients asking for every site at once cost Tesla one call per site per endpoint`, async () => {
    const account = await stack.sim.account('demo');
    const results = await Promise.all(apiKeys.map((key) => stack.execute(SiteLiveStatusesDocument, { first: 100 }, key)));
    for (const result of results) {
      expect(result.errors).toBeUndefined();
      expect(result.data!.sites.edges).toHaveLength(account.energySiteIds.length);
      expect(result.data!.sites.edges.every((e) => e.node.liveStatus !== null && e.node.settings !== null)).toBe(true);
    }
    // Every client saw the same snapshot.
    const first = JSON.stringify(results[0]!.data);
    expect(results.every((r) => JSON.stringify(r.data) === first)).toBe(true);

    const counters = await stack.sim.counters();
    for (const id of account.energySiteIds) {
      expect(counters.byEndpointAndDevice[`live_status:${id}`], id).toBe(1);
      expect(counters.byEndpointAndDevice[`site_info:${id}`], id).toBe(1);
    }
    expect(counters.byEndpoint['live_status']).toBe(account.energySiteIds.length);
    expect(counters.byEndpoint['site_info']).toBe(account.energySiteIds.length);

    const metrics = await stack.gateway.metrics.registry.getSingleMetricAsString('derms_upstream_cache_hits_total');
    const hits = [...metrics.matchAll(/endpoint="live_status"} (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(hits).toBe((K - 1) * account.energySiteIds.length);
  });

  it(`K=${K} clients reading vehicles cost one list, one fleet_status and one vehicle_data per awake car`, async () => {
    await stack.sim.resetCounters();
    const results = await Promise.all(apiKeys.map((key) => stack.execute(VehiclesOverviewDocument, { first: 100 }, key)));
    for (const result of results) expect(result.errors).toBeUndefined();
    const vehicles = results[0]!.data!.vehicles.edges.map((e) => e.node);
    const counters = await stack.sim.counters();
    expect(counters.byEndpoint['vehicles']).toBe(1);
    expect(counters.byEndpoint['fleet_status']).toBe(1);
    for (const v of vehicles) {
      expect(counters.byEndpointAndDevice[`vehicle_data:${v.vin}`] ?? 0, v.vin).toBe(v.state === 'ONLINE' ? 1 : 0);
    }
  });

  it('a second wave within the freshness window costs nothing upstream', async () => {
    await stack.sim.resetCounters();
    await Promise.all(apiKeys.slice(0, 5).map((key) => stack.execute(SiteLiveStatusesDocument, { first: 100 }, key)));
    expect((await stack.sim.counters()).byEndpoint['live_status'] ?? 0).toBe(0);
  });
});

describe.runIf(Boolean(process.env['DATABASE_URL'] && process.env['REDIS_URL']))('upstream cost across gateway instances (Postgres + Redis)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { UPSTREAM_CACHE_TTL_S: '30' } });
  });
  afterAll(() => stack?.close());

  it('three instances sharing Postgres and Redis still cost one call per site', async () => {
      const org = await stack.demoOrganization();
      const instances = [stack.gatewayUrl, (await stack.addGatewayInstance()).url, (await stack.addGatewayInstance()).url];
      await stack.sim.resetCounters();
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => executeOperation(instances[i % instances.length]!, SiteLiveStatusesDocument, { first: 100 }, org.apiKey)),
      );
      for (const result of results) expect(result.errors).toBeUndefined();
      const account = await stack.sim.account('demo');
      const counters = await stack.sim.counters();
      for (const id of account.energySiteIds) expect(counters.byEndpointAndDevice[`live_status:${id}`], id).toBe(1);
  });
});
