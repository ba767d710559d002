import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstRows } from '../../src/graphql/pagination.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { waitUntil, wsClients } from '../helpers/ws-client.js';

/**
 * `Query.sites(orderBy:)` through the gateway: a live order is taken over the whole filtered list
 * from the latest polled samples (not within a page), paged with cursors that hold each site's
 * place, with sites that have no figure last in either direction.
 */

type Org = Awaited<ReturnType<TestStack['demoOrganization']>>;
interface Page {
  sites: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; edges: { cursor: string; node: { id: string; energySiteId: string; name: string } }[] };
}
const PAGE = `query ($orderBy: SiteOrder, $first: Int, $after: String) {
  sites(orderBy: $orderBy, first: $first, after: $after) { totalCount pageInfo { endCursor hasNextPage } edges { cursor node { id energySiteId name } } }
}`;

describe('sites(orderBy:) over the whole fleet', () => {
  let stack: TestStack;
  let org: Org;
  let failing: string;
  const ws = wsClients();

  beforeAll(async () => {
    // One poll per site for the whole test (the interval is long): the figures hold still while pages are read.
    stack = await startTestStack({ env: { TELEMETRY_INTERVAL_S: '600' } });
    org = await stack.demoOrganization();
    const all = await stack.execute<Page, unknown>(PAGE, { first: 100 }, org.apiKey);
    const sites = all.data!.sites.edges.map((e) => e.node);
    // One site's polls fail: it has no figure.
    failing = sites[3]!.energySiteId;
    await stack.sim.addFault({ endpoint: 'live_status', deviceId: failing, status: 500 });
    const fleet = ws.subscribe<{ fleetTelemetry: { siteCount: number; reportingSiteCount: number; staleSiteCount: number } }>(
      ws.client(stack.gatewayUrl, org.apiKey),
      `subscription { fleetTelemetry { siteCount reportingSiteCount staleSiteCount } }`,
    );
    await waitUntil(
      () => fleet.events.some((e) => e.fleetTelemetry.reportingSiteCount + e.fleetTelemetry.staleSiteCount === e.fleetTelemetry.siteCount),
      30_000,
      'every site polled once',
    );
  });
  afterAll(async () => {
    await ws.disposeAll();
    await stack?.close();
  });

  /** Every page of one order, 7 sites at a time. */
  async function readAll(orderBy: Record<string, string>) {
    const nodes: Page['sites']['edges'][number]['node'][] = [];
    let after: string | null = null;
    for (;;) {
      const result: { data?: Page | null; errors?: unknown } = await stack.execute<Page, unknown>(PAGE, { orderBy, first: 7, after }, org.apiKey);
      expect(result.errors).toBeUndefined();
      const { edges, pageInfo, totalCount } = result.data!.sites;
      expect(totalCount).toBe(30);
      nodes.push(...edges.map((e) => e.node));
      if (!pageInfo.hasNextPage) return nodes;
      after = pageInfo.endCursor;
    }
  }

  const stored = async () => {
    const samples = await stack.gateway.services.telemetry.latestSamples(
      (await stack.gateway.services.sites.listSites(org.organizationId, {}, firstRows(100))).map((s) => s.id),
    );
    return new Map([...samples.values()].map((s) => [s.siteId, s]));
  };

  it('orders every site by state of charge across pages, lowest first, the site without a figure last', async () => {
    const nodes = await readAll({ field: 'STATE_OF_CHARGE', direction: 'ASC' });
    expect(new Set(nodes.map((n) => n.id)).size).toBe(30);
    const samples = await stored();
    const socs = nodes.map((n) => samples.get(decodeGlobalID(n.id).id)?.liveStatus?.percentageCharged ?? null);
    const known = socs.filter((v): v is number => v !== null);
    expect(known.length).toBeGreaterThan(20);
    expect(known).toEqual([...known].sort((a, b) => a - b));
    // Figures first, then the sites without one (the failing site, and solar-only sites without a charge).
    expect(socs.slice(known.length).every((v) => v === null)).toBe(true);
    expect(nodes.slice(known.length).map((n) => n.energySiteId)).toContain(failing);
  });

  it('DESC puts the highest first and still keeps the sites without a figure last', async () => {
    const nodes = await readAll({ field: 'BATTERY_POWER', direction: 'DESC' });
    const samples = await stored();
    const powers = nodes.map((n) => samples.get(decodeGlobalID(n.id).id)?.liveStatus?.batteryPowerW ?? null);
    const known = powers.filter((v): v is number => v !== null);
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(powers.slice(known.length).every((v) => v === null)).toBe(true);
    expect(nodes.at(-1)!.energySiteId).toBe(failing);
  });

  it('NAME DESC is the whole list reversed', async () => {
    const ascending = await readAll({ field: 'NAME', direction: 'ASC' });
    const descending = await readAll({ field: 'NAME', direction: 'DESC' });
    expect(descending.map((n) => n.id)).toEqual([...ascending].reverse().map((n) => n.id));
  });

  it("refuses another order's cursor with BAD_USER_INPUT on after", async () => {
    const byName = await stack.execute<Page, unknown>(PAGE, { first: 2 }, org.apiKey);
    const cursor = byName.data!.sites.pageInfo.endCursor;
    const result = await stack.execute<Page, unknown>(PAGE, { orderBy: { field: 'SAMPLED_AT' }, first: 2, after: cursor }, org.apiKey);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
