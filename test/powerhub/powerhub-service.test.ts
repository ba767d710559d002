import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectPowerhubDocument, PowerhubAccountDocument, SitesWithPowerhubDocument } from '../../schema/generated/graphql.js';
import { executeOperation } from '../helpers/graphql-client.js';
import { startTestStack, type TestOrganization, type TestStack } from '../helpers/test-stack.js';

/**
 * Powerhub inside the gateway (DESIGN §11), over the real gateway and simulator: connecting an
 * account, linking its sites, and reading linked sites' live status from Powerhub in batches.
 */

const CLIENT_ID = 'derms-sandbox-powerhub';
const CLIENT_SECRET = 'derms-sandbox-powerhub-secret';
const LARGE_SITES = 100;
/** The simulator's Powerhub-only sites (no Fleet API account shows them). */
const POWERHUB_ONLY_SITES = 3;

interface SimPowerhub {
  siteCount: number;
  unlinkedSiteIds: string[];
}

describe('Powerhub in the gateway', () => {
  let stack: TestStack;
  let org: TestOrganization;
  let largeConnectionId: string;
  let demoConnectionId: string;
  let simPowerhub: SimPowerhub;
  const log: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ simulator: { largeAccountSites: LARGE_SITES }, env: { UPSTREAM_CACHE_TTL_S: '60' }, logStream: { write: (line) => log.push(line) } });
    org = await stack.createOrganization();
    // Every Fleet API account of the simulator: then only the Powerhub-only sites stay unlinked.
    demoConnectionId = (await stack.connectAccount(org.organizationId, 'demo')).connectionId;
    await stack.connectAccount(org.organizationId, 'small');
    largeConnectionId = (await stack.connectAccount(org.organizationId, 'large')).connectionId;
    simPowerhub = (await (await fetch(`${stack.simulator.url}/sim/powerhub`)).json()) as SimPowerhub;
  }, 60_000);
  afterAll(() => stack?.close());

  const sitesOf = async (connectionId: string, apiKey = org.apiKey) => {
    const result = await stack.execute(SitesWithPowerhubDocument, { first: 100, filter: { accountId: encodeGlobalID('TeslaAccount', connectionId) } }, apiKey);
    expect(result.errors).toBeUndefined();
    return result.data!.sites.edges.map((e) => e.node);
  };

  it('has no Powerhub account before connectPowerhub', async () => {
    const result = await stack.execute(PowerhubAccountDocument, {}, org.apiKey);
    expect(result.errors).toBeUndefined();
    expect(result.data!.powerhubAccount).toBeNull();
  });

  it('refuses credentials Powerhub refuses, as BAD_USER_INPUT without the secret', async () => {
    const secret = 'not-the-secret-b5f0c1d2e3';
    const result = await stack.execute(ConnectPowerhubDocument, { input: { clientId: CLIENT_ID, clientSecret: secret } }, org.apiKey);
    expect(result.data).toBeNull();
    const error = result.errors![0]!;
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.['field']).toBe('input.clientSecret');
    expect(error.message).toBe('Powerhub refused these client credentials');
    expect(JSON.stringify(result)).not.toContain(secret);
    expect((await stack.execute(PowerhubAccountDocument, {}, org.apiKey)).data!.powerhubAccount).toBeNull();
  });

  it('needs an admin or operator key', async () => {
    const { apiKey } = await stack.gateway.services.organizations.createApiKey(org.organizationId, { role: 'read_only' });
    const result = await stack.execute(ConnectPowerhubDocument, { input: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } }, apiKey);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('connects with the sandbox credentials, links every site it can and counts the rest', async () => {
    const result = await stack.execute(ConnectPowerhubDocument, { input: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } }, org.apiKey);
    expect(result.errors).toBeUndefined();
    const account = result.data!.connectPowerhub.powerhubAccount;
    expect(account).toMatchObject({ clientId: CLIENT_ID, status: 'ACTIVE', siteCount: simPowerhub.siteCount, unlinkedSiteCount: POWERHUB_ONLY_SITES });
    expect(simPowerhub.unlinkedSiteIds).toHaveLength(POWERHUB_ONLY_SITES);
    expect(simPowerhub.siteCount).toBeGreaterThan(LARGE_SITES + POWERHUB_ONLY_SITES);
    expect(JSON.stringify(result)).not.toContain(CLIENT_SECRET);

    const read = await stack.execute(PowerhubAccountDocument, {}, org.apiKey);
    expect(read.data!.powerhubAccount).toEqual(account);
    const node = await stack.execute(`query ($id: ID!) { node(id: $id) { __typename ... on PowerhubAccount { siteCount } } }`, { id: account.id }, org.apiKey);
    expect(node.data).toEqual({ node: { __typename: 'PowerhubAccount', siteCount: simPowerhub.siteCount } });

    // The secret is stored sealed, never in clear.
    const row = await stack.gateway.database.db.selectFrom('powerhub_accounts').selectAll().where('organization_id', '=', org.organizationId).executeTakeFirstOrThrow();
    expect(row.client_secret_ciphertext).not.toContain(CLIENT_SECRET);
    expect(row.client_secret_ciphertext.startsWith('v1.')).toBe(true);
  });

  it('connecting again replaces the credentials and links again', async () => {
    const before = (await stack.execute(PowerhubAccountDocument, {}, org.apiKey)).data!.powerhubAccount!;
    const result = await stack.execute(ConnectPowerhubDocument, { input: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } }, org.apiKey);
    const after = result.data!.connectPowerhub.powerhubAccount;
    expect(after.id).toBe(before.id);
    expect(after.siteCount).toBe(before.siteCount);
    expect(after.unlinkedSiteCount).toBe(POWERHUB_ONLY_SITES);
    expect(Date.parse(after.linkedAt)).toBeGreaterThanOrEqual(Date.parse(before.linkedAt));
    expect(await stack.gateway.database.db.selectFrom('powerhub_sites').select('powerhub_site_id').where('organization_id', '=', org.organizationId).execute()).toHaveLength(
      simPowerhub.siteCount,
    );
  });

  it('shows Site.powerhub for a linked site, null for a site Powerhub does not manage', async () => {
    const demo = await sitesOf(demoConnectionId);
    const linked = demo.filter((s) => s.powerhub !== null);
    const unlinked = demo.filter((s) => s.powerhub === null);
    expect(linked.length).toBeGreaterThan(0);
    // Powerhub manages battery sites only: the demo fleet's solar-only sites stay unlinked.
    expect(unlinked.length).toBeGreaterThan(0);
    for (const site of linked) {
      expect(site.powerhub!.siteId).toMatch(/^ph-[0-9a-f]{16}$/);
      expect(site.powerhub!.groupIds).toContain('region-na');
      expect(site.powerhub!.nameplateEnergyKwh).toBeGreaterThan(0);
    }
    expect(new Set(linked.map((s) => s.powerhub!.siteId)).size).toBe(linked.length);
  });

  it('reads 100 linked sites with one Powerhub telemetry call, and again within the freshness window with none', async () => {
    await stack.sim.resetCounters();
    const sites = await sitesOf(largeConnectionId);
    expect(sites).toHaveLength(LARGE_SITES);
    for (const site of sites) {
      expect(site.powerhub).not.toBeNull();
      expect(site.liveStatus).toMatchObject({ source: 'POWERHUB', generatorPowerW: null, gridStatus: null, stormModeActive: null });
      expect(typeof site.liveStatus!.batteryPowerW).toBe('number');
      expect(site.liveStatus!.percentageCharged).toBeGreaterThan(0);
      // Tesla's identity holds in W too: load = solar + battery + grid.
      const live = site.liveStatus!;
      expect(live.loadPowerW).toBeCloseTo(live.solarPowerW + live.batteryPowerW + live.gridPowerW, 0);
    }
    let counters = await stack.sim.counters();
    expect(counters.byEndpoint['powerhub:telemetry_latest']).toBe(1);
    expect(counters.byEndpoint['live_status'] ?? 0).toBe(0);

    const again = await sitesOf(largeConnectionId);
    expect(again.map((s) => s.liveStatus)).toEqual(sites.map((s) => s.liveStatus));
    counters = await stack.sim.counters();
    expect(counters.byEndpoint['powerhub:telemetry_latest']).toBe(1);
    expect(counters.byEndpoint['live_status'] ?? 0).toBe(0);
  });

  it('matches the Fleet API reading of the same site (kW → W, soe_percent → percentageCharged)', async () => {
    const [site] = await sitesOf(largeConnectionId);
    const tokens = await stack.sim.mintTokens('large');
    const raw = (await stack.sim.fleet<{ response: Record<string, number> }>(`/api/1/energy_sites/${site!.energySiteId}/live_status`, tokens.access_token)).json.response;
    const live = site!.liveStatus!;
    // The simulator runs in real time; the clock may have moved a step since the cached reading.
    if (Date.parse(live.timestamp!) === Date.parse(String(raw['timestamp']))) {
      expect(live.batteryPowerW).toBe(raw['battery_power']);
      expect(live.gridPowerW).toBe(raw['grid_power']);
      expect(live.percentageCharged).toBeCloseTo(raw['percentage_charged']!, 6);
    } else {
      expect(live.percentageCharged).toBeCloseTo(raw['percentage_charged']!, 0);
    }
  });

  it('K clients of another organization reading the same sites at once cost one telemetry call', async () => {
    const other = await stack.createOrganization();
    const { connectionId } = await stack.connectAccount(other.organizationId, 'large');
    await stack.gateway.services.powerhub!.connectPowerhub(other.organizationId, { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    const keys = [other.apiKey];
    while (keys.length < 8) keys.push((await stack.gateway.services.organizations.createApiKey(other.organizationId)).apiKey);
    await stack.sim.resetCounters();
    const results = await Promise.all(keys.map((key) => sitesOf(connectionId, key)));
    for (const sites of results) {
      expect(sites).toHaveLength(LARGE_SITES);
      expect(sites.every((s) => s.liveStatus?.source === 'POWERHUB')).toBe(true);
    }
    expect((await stack.sim.counters()).byEndpoint['powerhub:telemetry_latest']).toBe(1);
  });

  it('keeps the Fleet API for sites not linked to Powerhub', async () => {
    const demo = await sitesOf(demoConnectionId);
    const unlinked = demo.filter((s) => s.powerhub === null);
    for (const site of unlinked) {
      expect(site.liveStatus?.source).toBe('FLEET_API');
      expect(site.liveStatus?.gridStatus).not.toBeNull();
      expect(site.liveStatus?.stormModeActive).not.toBeNull();
    }

    // An organization without a Powerhub account reads every site from the Fleet API.
    const plain = await stack.demoOrganization();
    const result = await executeOperation(stack.gatewayUrl, SitesWithPowerhubDocument, { first: 100 }, plain.apiKey);
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.sites.edges.map((e) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.powerhub === null && n.liveStatus?.source === 'FLEET_API')).toBe(true);
  });

  it('keeps storm mode in gridReadiness of a linked site (read from the Fleet API)', async () => {
    const result = await stack.execute(
      `query ($filter: SiteFilter) { sites(first: 100, filter: $filter) { edges { node { energySiteId powerhub { siteId } liveStatus { source } gridReadiness { blockers { code } } } } } }`,
      { filter: { hasBattery: true, accountId: encodeGlobalID('TeslaAccount', demoConnectionId) } },
      org.apiKey,
    );
    expect(result.errors).toBeUndefined();
    const nodes = (result.data as { sites: { edges: { node: { energySiteId: string; powerhub: unknown; liveStatus: { source: string }; gridReadiness: { blockers: { code: string }[] } } }[] } }).sites.edges.map(
      (e) => e.node,
    );
    const stormSites = [];
    for (const node of nodes.filter((n) => n.powerhub !== null)) {
      const sim = (await stack.sim.site(node.energySiteId)) as { derived: { stormModeActive: boolean } };
      if (sim.derived.stormModeActive) stormSites.push(node);
    }
    expect(stormSites.length).toBeGreaterThan(0);
    for (const node of stormSites) {
      expect(node.liveStatus.source).toBe('POWERHUB');
      expect(node.gridReadiness.blockers.map((b) => b.code)).toContain('STORM_MODE_ACTIVE');
    }
  });

  it('serves programs as their PowerhubTransport: links, dispatch, read, cancel', async () => {
    const powerhub = stack.gateway.services.powerhub!;
    const large = await sitesOf(largeConnectionId);
    const siteIds = large.slice(0, 2).map((s) => s.id);
    const rowIds = siteIds.map((id) => decodeGlobalID(id).id);
    const linked = await powerhub.linkedSites(org.organizationId, rowIds);
    expect([...linked.values()]).toEqual(large.slice(0, 2).map((s) => s.powerhub!.siteId));

    const start = new Date(Date.now() + 60_000);
    const ack = await powerhub.createDispatch(org.organizationId, {
      powerhubSiteIds: [...linked.values()],
      mode: 'discharge',
      perSiteKw: 2,
      start,
      end: new Date(start.getTime() + 3_600_000),
      idempotencyKey: `test-${Date.now()}`,
    });
    expect(ack.sites.map((s) => s.status)).toEqual(['accepted', 'accepted']);
    expect((await powerhub.getDispatch(org.organizationId, ack.dispatchId)).state).toBe('scheduled');
    await powerhub.cancelDispatch(org.organizationId, ack.dispatchId);
    expect((await powerhub.getDispatch(org.organizationId, ack.dispatchId)).state).toBe('cancelled');

    // An organization without an account is told what to do.
    const none = await stack.createOrganization();
    await expect(powerhub.getDispatch(none.organizationId, ack.dispatchId)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { remediation: expect.stringContaining('connectPowerhub first') },
    });
    expect(await powerhub.linkedSites(none.organizationId, rowIds)).toEqual(new Map());
  });

  it('never logs a client secret, good or bad', () => {
    const all = log.join('');
    expect(all).toContain('Powerhub account connected');
    expect(all).not.toContain(CLIENT_SECRET);
    expect(all).not.toContain('not-the-secret-b5f0c1d2e3');
  });
});

describe.runIf(Boolean(process.env['DATABASE_URL'] && process.env['REDIS_URL']))('Powerhub reads across gateway instances (Postgres + Redis)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ simulator: { largeAccountSites: LARGE_SITES }, env: { UPSTREAM_CACHE_TTL_S: '60' } });
  }, 60_000);
  afterAll(() => stack?.close());

  it('three instances reading the same 100 linked sites at once cost one telemetry call', async () => {
    const org = await stack.createOrganization();
    const { connectionId } = await stack.connectAccount(org.organizationId, 'large');
    await stack.gateway.services.powerhub!.connectPowerhub(org.organizationId, { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    const instances = [stack.gatewayUrl, (await stack.addGatewayInstance()).url, (await stack.addGatewayInstance()).url];
    await stack.sim.resetCounters();
    const filter = { accountId: encodeGlobalID('TeslaAccount', connectionId) };
    const results = await Promise.all(
      Array.from({ length: 9 }, (_, i) => executeOperation(instances[i % instances.length]!, SitesWithPowerhubDocument, { first: 100, filter }, org.apiKey)),
    );
    for (const result of results) {
      expect(result.errors).toBeUndefined();
      expect(result.data!.sites.edges.every((e) => e.node.liveStatus?.source === 'POWERHUB')).toBe(true);
    }
    const first = JSON.stringify(results[0]!.data);
    expect(results.every((r) => JSON.stringify(r.data) === first)).toBe(true);
    const counters = await stack.sim.counters();
    expect(counters.byEndpoint['powerhub:telemetry_latest']).toBe(1);
    expect(counters.byEndpoint['live_status'] ?? 0).toBe(0);
  });
});
