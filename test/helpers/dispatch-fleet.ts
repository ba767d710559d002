import { SUMMER_AFTERNOON } from './fixtures.js';
import { startTestStack, type TestStack } from './test-stack.js';

/** The simulator's internal view of a site (`GET /sim/sites/{id}`), as dispatch tests read it. */
export interface SimSite {
  hasBattery: boolean;
  firmwareClampsReserve?: boolean;
  permissions: { editSettingPermissionToExport?: boolean; editSettingGridCharging?: boolean };
  settings: {
    backupReservePercent: number;
    operationMode: string;
    exportRule: string;
    disallowChargeFromGridWithSolarInstalled: boolean;
    stormModeEnabled: boolean;
    tariffContentV2: Record<string, unknown> | null;
  };
  derived: { gridChargingAllowed: boolean; stormModeActive: boolean };
  [key: string]: unknown;
}

export interface FleetSite {
  id: string;
  energySiteId: string;
  sim: SimSite;
  soc: number;
}

export type DemoOrganization = Awaited<ReturnType<TestStack['demoOrganization']>>;

/**
 * What dispatch tests start from: a stack whose simulator runs a summer afternoon at one simulated
 * minute per real second (batteries visibly respond within seconds), the demo fleet in one
 * organization, and each site with its simulator view and state of charge. `env` overrides the gateway's.
 */
export async function startDispatchFleet(env: Record<string, string> = {}): Promise<{ stack: TestStack; org: DemoOrganization; sites: FleetSite[] }> {
  const stack = await startTestStack({
    simulator: { speed: 60, startTime: SUMMER_AFTERNOON },
    env: { COMMAND_POLL_INTERVAL_S: '0.5', DISPATCH_VERIFY_INTERVAL_S: '1', DISPATCH_VERIFY_POLLS: '15', UPSTREAM_CACHE_TTL_S: '1', TELEMETRY_INTERVAL_S: '1', ...env },
  });
  const org = await stack.demoOrganization();
  const result = await stack.execute(`query { sites(first: 100) { edges { node { id energySiteId liveStatus { percentageCharged } } } } }`, {}, org.apiKey);
  const edges = (result.data as { sites: { edges: { node: { id: string; energySiteId: string; liveStatus: { percentageCharged: number | null } | null } }[] } }).sites.edges;
  const sites = await Promise.all(
    edges.map(async (e) => ({ id: e.node.id, energySiteId: e.node.energySiteId, sim: await simSite(stack, e.node.energySiteId), soc: e.node.liveStatus?.percentageCharged ?? 0 })),
  );
  return { stack, org, sites };
}

export async function simSite(stack: TestStack, energySiteId: string): Promise<SimSite> {
  return (await stack.sim.site(energySiteId)) as unknown as SimSite;
}

/**
 * Picks a battery site each test has to itself (not taken, no storm watch, no reserve-clamping
 * firmware) that matches `predicate`.
 */
export function siteSelector(sites: () => FleetSite[]) {
  const taken = new Set<string>();
  const pick = (predicate: (site: FleetSite) => boolean): FleetSite => {
    const site = sites().find((s) => !taken.has(s.id) && s.sim.hasBattery && !s.sim.derived.stormModeActive && !s.sim.firmwareClampsReserve && predicate(s));
    if (!site) throw new Error('no such site in the demo fleet');
    taken.add(site.id);
    return site;
  };
  return { pick, release: (site: FleetSite) => taken.delete(site.id) };
}

/** Reads until `ok` (or the time runs out, returning the last value for the assertion to explain). */
export async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}
