import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregate } from '../../src/telemetry/telemetry-feed.js';
import { energyAboveReserve } from '../../src/telemetry/site-reserves.js';
import type { TelemetrySample } from '../../src/telemetry/telemetry-sample.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { waitUntil, wsClients } from '../helpers/ws-client.js';

/** The fleet figures the control room shows, added to `fleetTelemetry` for every client. */
const FLEET_FIGURES = `subscription { fleetTelemetry(filter: { hasBattery: true }) {
  siteCount reportingSiteCount staleSiteCount pendingSiteCount energyAboveReserveWh meanBackupReservePercent
  stateOfChargeHistogram { fromPercent toPercent siteCount } } }`;

interface Figures {
  fleetTelemetry: {
    siteCount: number;
    reportingSiteCount: number;
    staleSiteCount: number;
    pendingSiteCount: number;
    energyAboveReserveWh: number;
    meanBackupReservePercent: number | null;
    stateOfChargeHistogram: { fromPercent: number; toPercent: number; siteCount: number }[];
  };
}

const sample = (siteId: string, percentageCharged: number | null, ageMs = 0, failed = false): TelemetrySample => ({
  siteId,
  organizationId: 'org',
  sampledAt: new Date(Date.now() - ageMs).toISOString(),
  error: failed ? 'boom' : null,
  liveStatus: failed
    ? null
    : ({ solarPowerW: 0, batteryPowerW: 0, loadPowerW: 0, gridPowerW: 0, percentageCharged, energyLeftWh: percentageCharged === null ? null : percentageCharged * 100, totalPackEnergyWh: percentageCharged === null ? null : 10_000 } as TelemetrySample['liveStatus']),
});

describe('fleet figures for the control room', () => {
  it('counts pending sites, buckets states of charge (100 % in the last bucket) and sums energy above each reserve', () => {
    const result = aggregate(6, [sample('a', 5), sample('b', 55), sample('c', 100), sample('d', null), sample('e', 40, 0, true)], 90_000, Date.now());
    expect(result).toMatchObject({ siteCount: 6, reportingSiteCount: 4, staleSiteCount: 1, pendingSiteCount: 1 });
    expect(result.stateOfChargeHistogram).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    const figures = energyAboveReserve(result.batteries, new Map([['a', 20], ['b', 20], ['c', 30]]));
    // a: 500 Wh left, reserve 2000 → 0; b: 5500 − 2000; c: 10000 − 3000.
    expect(figures).toEqual({ energyAboveReserveWh: 3500 + 7000, meanBackupReservePercent: 23.3, sitesWithReserve: 3 });
    expect(energyAboveReserve(result.batteries, new Map()).meanBackupReservePercent).toBeNull();
  });

  describe('over GraphQL', () => {
    let stack: TestStack;
    let org: Awaited<ReturnType<TestStack['demoOrganization']>>;
    const ws = wsClients();
    beforeAll(async () => {
      // A frozen simulated clock: every read gives the same values, so the figures can be checked exactly.
      stack = await startTestStack({ simulator: { speed: 0 }, env: { TELEMETRY_INTERVAL_S: '1' } });
      org = await stack.demoOrganization();
    });
    afterAll(async () => {
      await ws.disposeAll();
      await stack?.close();
    });

    it('answers pendingSiteCount, stateOfChargeHistogram, energyAboveReserveWh and meanBackupReservePercent from live status and site_info', async () => {
      const read = await stack.execute(
        `query { sites(first: 100, filter: { hasBattery: true }) { totalCount edges { node { liveStatus { percentageCharged energyLeftWh totalPackEnergyWh } settings { backupReservePercent } } } } }`,
        {},
        org.apiKey,
      );
      type Node = { liveStatus: { percentageCharged: number | null; energyLeftWh: number | null; totalPackEnergyWh: number | null }; settings: { backupReservePercent: number } };
      const nodes = (read.data as { sites: { totalCount: number; edges: { node: Node }[] } }).sites.edges.map((e) => e.node);
      const total = nodes.length;
      const sub = ws.subscribe<Figures>(ws.client(stack.gatewayUrl, org.apiKey), FLEET_FIGURES);
      await waitUntil(
        () => sub.events.some((e) => e.fleetTelemetry.reportingSiteCount === total && e.fleetTelemetry.meanBackupReservePercent !== null) || sub.errors.length > 0,
        20_000,
        'every site to report with its reserve',
      );
      expect(sub.errors).toEqual([]);
      for (const { fleetTelemetry: f } of sub.events) expect(f.reportingSiteCount + f.staleSiteCount + f.pendingSiteCount).toBe(f.siteCount);
      const full = sub.events.find((e) => e.fleetTelemetry.reportingSiteCount === total && e.fleetTelemetry.meanBackupReservePercent !== null)!.fleetTelemetry;
      sub.stop();

      const socs = nodes.map((n) => n.liveStatus.percentageCharged).filter((v): v is number => v !== null);
      expect(full.stateOfChargeHistogram.map((b) => [b.fromPercent, b.toPercent])).toEqual(Array.from({ length: 10 }, (_, i) => [i * 10, i * 10 + 10]));
      expect(full.stateOfChargeHistogram.map((b) => b.siteCount)).toEqual(
        Array.from({ length: 10 }, (_, i) => socs.filter((s) => Math.min(9, Math.floor(s / 10)) === i).length),
      );
      const reserves = nodes.map((n) => n.settings.backupReservePercent);
      expect(full.meanBackupReservePercent).toBeCloseTo(reserves.reduce((a, b) => a + b, 0) / reserves.length, 1);
      const expected = nodes.reduce((sum, n) => {
        const { energyLeftWh, totalPackEnergyWh, percentageCharged } = n.liveStatus;
        // A gateway that leaves out energy_left (a demo quirk site) counts its state of charge × pack
        // instead; whether that is above the reserve depends on the time of day the simulator starts at.
        const leftWh = energyLeftWh ?? (totalPackEnergyWh !== null && percentageCharged !== null ? (totalPackEnergyWh * percentageCharged) / 100 : null);
        return leftWh === null || totalPackEnergyWh === null ? sum : sum + Math.max(0, leftWh - (totalPackEnergyWh * n.settings.backupReservePercent) / 100);
      }, 0);
      expect(Math.abs(full.energyAboveReserveWh - expected)).toBeLessThanOrEqual(1);
      expect(full.energyAboveReserveWh).toBeGreaterThan(0);
    });
  });
});
