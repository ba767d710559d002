import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetTelemetryDocument } from '../../schema/generated/graphql.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { waitUntil, wsClients } from '../helpers/ws-client.js';

type Org = Awaited<ReturnType<TestStack['demoOrganization']>>;
interface Live {
  solarPowerW: number;
  batteryPowerW: number;
  loadPowerW: number;
  gridPowerW: number;
  energyLeftWh: number | null;
  percentageCharged: number | null;
}

describe('fleetTelemetry', () => {
  let stack: TestStack;
  let org: Org;
  const ws = wsClients();

  beforeAll(async () => {
    // A frozen simulated clock: every live_status read gives the same values, so sums can be checked exactly.
    stack = await startTestStack({ simulator: { speed: 0 }, env: { TELEMETRY_INTERVAL_S: '1' } });
    org = await stack.demoOrganization();
  });
  afterAll(async () => {
    await ws.disposeAll();
    await stack?.close();
  });

  it('aggregates the latest samples of the sites matching the filter', async () => {
    const read = await stack.execute(
      `query { sites(first: 100, filter: { hasBattery: true }) { totalCount edges { node { liveStatus { solarPowerW batteryPowerW loadPowerW gridPowerW energyLeftWh percentageCharged } } } } }`,
      {},
      org.apiKey,
    );
    const data = read.data as { sites: { totalCount: number; edges: { node: { liveStatus: Live } }[] } };
    const lives = data.sites.edges.map((e) => e.node.liveStatus);
    expect(data.sites.totalCount).toBeGreaterThan(1);
    const sum = (pick: (l: Live) => number | null) => lives.reduce((acc, l) => acc + (pick(l) ?? 0), 0);
    const socs = lives.map((l) => l.percentageCharged).filter((v): v is number => v != null);

    const sub = ws.subscribe(ws.client(stack.gatewayUrl, org.apiKey), FleetTelemetryDocument, { filter: { hasBattery: true } });
    await waitUntil(() => sub.events.some((e) => e.fleetTelemetry.reportingSiteCount === data.sites.totalCount) || sub.errors.length > 0, 15_000, 'every site to report');
    expect(sub.errors).toEqual([]);
    const full = sub.events.find((e) => e.fleetTelemetry.reportingSiteCount === data.sites.totalCount)!.fleetTelemetry;
    sub.stop();
    expect(full.siteCount).toBe(data.sites.totalCount);
    expect(full.staleSiteCount).toBe(0);
    expect(full.solarPowerW).toBeCloseTo(sum((l) => l.solarPowerW), 3);
    expect(full.batteryPowerW).toBeCloseTo(sum((l) => l.batteryPowerW), 3);
    expect(full.loadPowerW).toBeCloseTo(sum((l) => l.loadPowerW), 3);
    expect(full.gridPowerW).toBeCloseTo(sum((l) => l.gridPowerW), 3);
    expect(full.energyLeftWh).toBeCloseTo(sum((l) => l.energyLeftWh), 3);
    expect(full.meanPercentageCharged).toBeCloseTo(socs.reduce((a, b) => a + b, 0) / socs.length, 1);
    expect(full.oldestSampleAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(full.oldestSampleAgeSeconds).toBeLessThan(5);
  });

  it('covers the whole fleet without a filter, and counts a site whose poll fails as stale', async () => {
    const total = ((await stack.execute(`query { sites(first: 1) { totalCount edges { node { energySiteId } } } }`, {}, org.apiKey)).data as {
      sites: { totalCount: number; edges: { node: { energySiteId: string } }[] };
    }).sites;
    await stack.sim.addFault({ endpoint: 'live_status', deviceId: total.edges[0]!.node.energySiteId, status: 500 });
    try {
      const sub = ws.subscribe(ws.client(stack.gatewayUrl, org.apiKey), FleetTelemetryDocument);
      await waitUntil(
        () => sub.events.some((e) => e.fleetTelemetry.staleSiteCount === 1 && e.fleetTelemetry.reportingSiteCount === total.totalCount - 1) || sub.errors.length > 0,
        15_000,
        'one stale site and every other reporting',
      );
      expect(sub.errors).toEqual([]);
      expect(sub.events.every((e) => e.fleetTelemetry.siteCount === total.totalCount)).toBe(true);
      sub.stop();
    } finally {
      await stack.sim.clearFaults();
    }
  });

  it("never includes another organization's sites", async () => {
    const other = await stack.createOrganization();
    const sub = ws.subscribe(ws.client(stack.gatewayUrl, other.apiKey), FleetTelemetryDocument);
    await waitUntil(() => sub.events.length > 0 || sub.errors.length > 0, 5_000, 'a first (empty) aggregate');
    expect(sub.errors).toEqual([]);
    expect(sub.events[0]!.fleetTelemetry).toMatchObject({ siteCount: 0, reportingSiteCount: 0, solarPowerW: 0 });
    sub.stop();
  });
});
