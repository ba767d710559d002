import { executeOperation, type GraphqlResponse } from '../../helpers/graphql-client.js';
import { SimulatorAdmin } from '../../helpers/simulator-admin.js';
import { round } from './stats.js';

const PAGE = `query ($first: Int!, $after: String) { sites(first: $first, after: $after) { pageInfo { hasNextPage endCursor }
  edges { node { id liveStatus { solarPowerW batteryPowerW percentageCharged } settings { backupReservePercent operationMode exportRule } } } } }`;

export interface UpstreamRatioFigures {
  clients: number;
  sites: number;
  requests: number;
  /** Every call the simulator counted (Fleet API, Powerhub, OAuth), by endpoint. */
  teslaCalls: Record<string, number>;
  /**
   * All of them ÷ (sites × 2): 1 = one call per site per endpoint, however many clients. On the
   * sandbox defaults a Powerhub-linked site's live status comes from Powerhub's batched telemetry
   * (up to 500 sites a call), so the ratio can be below 1.
   */
  ratio: number;
  elapsedMs: number;
}

/**
 * K clients at once, each reading the first `sites` sites' liveStatus and settings in pages of
 * `pageSize`: what the gateway costs Tesla when many dashboards look at the same fleet.
 */
export async function measureUpstreamRatio(o: { gatewayUrl: string; apiKey: string; simulatorUrl: string; clients: number; sites: number; pageSize: number }): Promise<UpstreamRatioFigures> {
  const sim = new SimulatorAdmin(o.simulatorUrl);
  await sim.resetCounters();
  let requests = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: o.clients }, async () => {
      let read = 0;
      for (let after: string | null = null; read < o.sites; ) {
        const page: GraphqlResponse<unknown> = await executeOperation(o.gatewayUrl, PAGE, { first: Math.min(o.pageSize, o.sites - read), after }, o.apiKey);
        requests++;
        if (page.errors || !page.data) throw new Error(`upstream ratio: ${JSON.stringify(page.errors).slice(0, 500)}`);
        const { pageInfo, edges }: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: unknown[] } = (page.data as { sites: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: unknown[] } }).sites;
        read += edges.length;
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const counters = await sim.counters();
  return {
    clients: o.clients,
    sites: o.sites,
    requests,
    teslaCalls: counters.byEndpoint,
    ratio: round(counters.total / (o.sites * 2), 3),
    elapsedMs: Math.round(elapsedMs),
  };
}
