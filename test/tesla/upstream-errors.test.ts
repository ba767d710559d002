import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SiteByIdDocument } from '../../schema/generated/graphql.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

/**
 * Faults injected at the simulator, observed through the gateway. Each case uses its own site, so
 * the shared cache (which never caches failures, but does cache successes) cannot hide a call.
 */
describe('upstream failures', () => {
  let stack: TestStack;
  let org: Awaited<ReturnType<TestStack['demoOrganization']>>;
  let sites: { id: string; energySiteId: string }[];
  let next = 0;
  const freshSite = () => sites[next++]!;

  beforeAll(async () => {
    stack = await startTestStack({ env: { UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_RETRIES: '2', UPSTREAM_MAX_RETRY_AFTER_S: '5' } });
    org = await stack.demoOrganization();
    // Inventory only: no live reads yet, so nothing is cached.
    const result = await stack.execute(`query { sites(first: 100, filter: { hasBattery: true }) { edges { node { id energySiteId } } } }`, {}, org.apiKey);
    sites = (result.data as { sites: { edges: { node: { id: string; energySiteId: string } }[] } }).sites.edges.map((e) => e.node);
  });
  beforeEach(async () => {
    await stack.sim.clearFaults();
    await stack.sim.resetCounters();
  });
  afterAll(() => stack?.close());

  const liveStatusOf = (id: string) =>
    stack.execute(`query ($id: ID!) { site(id: $id) { name liveStatus { batteryPowerW } } }`, { id }, org.apiKey) as Promise<{
      data: { site: { name: string; liveStatus: { batteryPowerW: number } | null } } | null;
      errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
      status: number;
    }>;

  it('retries a 500 a bounded number of times, then says UPSTREAM_UNAVAILABLE for that field only', async () => {
    const site = freshSite();
    await stack.sim.addFault({ endpoint: 'live_status', deviceId: site.energySiteId, status: 500 });
    const result = await liveStatusOf(site.id);
    expect(result.data!.site!.name).toBeTruthy();
    expect(result.data!.site!.liveStatus).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.path).toEqual(['site', 'liveStatus']);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstreamStatus: 500 });
    expect((await stack.sim.counters()).byEndpointAndDevice[`live_status:${site.energySiteId}`]).toBe(3); // 1 + UPSTREAM_RETRIES
  });

  it('recovers when a 500 is transient', async () => {
    const site = freshSite();
    await stack.sim.addFault({ endpoint: 'live_status', deviceId: site.energySiteId, status: 503, count: 1 });
    const result = await liveStatusOf(site.id);
    expect(result.errors).toBeUndefined();
    expect(result.data!.site!.liveStatus).not.toBeNull();
    expect((await stack.sim.counters()).byEndpointAndDevice[`live_status:${site.energySiteId}`]).toBe(2);
  });

  it('gives up on a slow Tesla after the timeout and retries: UPSTREAM_UNAVAILABLE with no status', async () => {
    const site = freshSite();
    await stack.sim.addFault({ endpoint: 'live_status', deviceId: site.energySiteId, latencyMs: 1500 });
    const started = Date.now();
    const result = await liveStatusOf(site.id);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstreamStatus: 0 });
    expect(result.errors![0]!.message).toContain('within 300 ms');
    expect(Date.now() - started).toBeLessThan(5000); // bounded: 3 × 300 ms plus backoff, not 3 × 1500 ms
    expect((await stack.sim.counters()).byEndpointAndDevice[`live_status:${site.energySiteId}`]).toBe(3);
  });

  it("honours a 429's Retry-After before trying again", async () => {
    const site = freshSite();
    await stack.sim.addFault({ endpoint: 'live_status', deviceId: site.energySiteId, status: 429, retryAfterSeconds: 1, count: 1 });
    const started = Date.now();
    const result = await liveStatusOf(site.id);
    expect(result.errors).toBeUndefined();
    expect(result.data!.site!.liveStatus).not.toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect((await stack.sim.counters()).byEndpointAndDevice[`live_status:${site.energySiteId}`]).toBe(2);
  });

  it('reports RATE_LIMITED with retryAfterSeconds when Tesla asks for a longer wait than we hold a request', async () => {
    const site = freshSite();
    await stack.sim.addFault({ endpoint: 'live_status', deviceId: site.energySiteId, status: 429, retryAfterSeconds: 120 });
    const result = await liveStatusOf(site.id);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 120 });
    expect((await stack.sim.counters()).byEndpointAndDevice[`live_status:${site.energySiteId}`]).toBe(1);
  });

  it('isolates a failing site: the others in the same query still answer', async () => {
    const broken = freshSite();
    await stack.sim.addFault({ endpoint: 'site_info', deviceId: broken.energySiteId, status: 500 });
    const result = await stack.execute(
      `query { sites(first: 100, filter: { hasBattery: true }) { edges { node { id settings { exportRule } } } } }`,
      {},
      org.apiKey,
    );
    const data = result.data as { sites: { edges: { node: { id: string; settings: unknown } }[] } };
    const nulls = data.sites.edges.filter((e) => e.node.settings === null).map((e) => e.node.id);
    expect(nulls).toEqual([broken.id]);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
  });

  it('turns a Tesla 403 "missing scopes" into INSUFFICIENT_SCOPES naming the scope', async () => {
    const site = freshSite();
    await stack.sim.addFault({ endpoint: 'live_status', deviceId: site.energySiteId, status: 403, error: 'Unauthorized missing scopes' });
    const result = await liveStatusOf(site.id);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'INSUFFICIENT_SCOPES', missingScopes: ['energy_device_data'] });
    expect((await stack.sim.counters()).byEndpointAndDevice[`live_status:${site.energySiteId}`]).toBe(1); // not retried
  });

  it('does not report other 403s (e.g. a billing limit) as missing scopes', async () => {
    const site = freshSite();
    await stack.sim.addFault({ endpoint: 'live_status', deviceId: site.energySiteId, status: 403, error: 'account disabled: EXCEEDED_LIMIT' });
    const result = await liveStatusOf(site.id);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstreamStatus: 403 });
    expect(result.errors![0]!.message).toContain('EXCEEDED_LIMIT');
  });

  it('still finds the site when Tesla is down (the inventory is ours)', async () => {
    await stack.sim.addFault({ endpoint: '*', status: 500 });
    const site = sites[sites.length - 1]!;
    const result = await stack.execute(SiteByIdDocument, { id: site.id }, org.apiKey);
    expect(result.data!.site!.energySiteId).toBe(site.energySiteId);
  });
});
