import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SetBackupReserveDocument } from '../../schema/generated/graphql.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { waitUntil, wsClients } from '../helpers/ws-client.js';

interface Event {
  siteTelemetry: { sampledAt: string; site: { settings: { backupReservePercent: number | null } } };
}

/**
 * graphql-js builds a subscription's context once, so DataLoader caches would serve the first
 * event's nested reads forever (notes/graphql-stack.md §5.1): each event must get fresh loaders.
 */
describe('subscription events read fresh data', () => {
  let stack: TestStack;
  const ws = wsClients();

  beforeAll(async () => {
    stack = await startTestStack({ env: { TELEMETRY_INTERVAL_S: '1', UPSTREAM_CACHE_TTL_S: '0.5', COMMAND_POLL_INTERVAL_S: '0.5' } });
  });
  afterAll(async () => {
    await ws.disposeAll();
    await stack?.close();
  });

  it("a site's settings change between two events of one subscription", async () => {
    const org = await stack.demoOrganization();
    const site = ((await stack.execute(`query { sites(first: 1, filter: { hasBattery: true }) { edges { node { id settings { backupReservePercent } } } } }`, {}, org.apiKey)).data as {
      sites: { edges: { node: { id: string; settings: { backupReservePercent: number } } }[] };
    }).sites.edges[0]!.node;
    const target = site.settings.backupReservePercent === 42 ? 43 : 42;
    const sub = ws.subscribe<Event>(ws.client(stack.gatewayUrl, org.apiKey), `subscription ($ids: [ID!]!) { siteTelemetry(siteIds: $ids) { sampledAt site { settings { backupReservePercent } } } }`, {
      ids: [site.id],
    });
    await waitUntil(() => sub.events.length >= 2 || sub.errors.length > 0, 10_000, 'two events');
    expect(sub.errors).toEqual([]);
    expect(sub.events.every((e) => e.siteTelemetry.site.settings.backupReservePercent === site.settings.backupReservePercent)).toBe(true);

    const result = await stack.execute(SetBackupReserveDocument, { input: { siteId: site.id, backupReservePercent: target } }, org.apiKey);
    expect(result.errors).toBeUndefined();
    await waitUntil(() => sub.events.some((e) => e.siteTelemetry.site.settings.backupReservePercent === target), 20_000, 'an event showing the new reserve');
    sub.stop();
  });
});
