import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { accounts, advance, boot, call, get, mintToken, START, type ApiResult, type SimAccount } from './sim-client.js';

/** The modeled Powerhub API under /powerhub (DESIGN §11), against the same physics as the Fleet API. */

const CLIENT_ID = 'derms-sandbox-powerhub';
const CLIENT_SECRET = 'derms-sandbox-powerhub-secret';

let sim: RunningSimulator;
let demo: SimAccount;
let small: SimAccount;
let fleetTokens: Record<string, string>;
let token: string;
/** Every Powerhub site, read once at the start. */
let sites: PowerhubSiteJson[];

interface PowerhubSiteJson {
  site_id: string;
  energy_site_id: string | null;
  din: string;
  name: string;
  group_ids: string[];
  nameplate_power_kw: number;
  nameplate_energy_kwh: number;
}

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

async function tokenRequest(target: RunningSimulator, authorization: string | undefined, grantType = 'client_credentials') {
  const res = await fetch(`${target.powerhubUrl}/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
    body: new URLSearchParams({ grant_type: grantType }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function powerhubToken(target: RunningSimulator): Promise<string> {
  const res = await tokenRequest(target, basic(CLIENT_ID, CLIENT_SECRET));
  expect(res.status).toBe(200);
  return res.body.access_token as string;
}

/** A Powerhub call: `/powerhub` + path with a bearer token. */
function ph(method: string, path: string, body?: unknown, bearer = token, target = sim): Promise<ApiResult> {
  return call(target, method, `/powerhub${path}`, { token: bearer, ...(body === undefined ? {} : { body }) });
}

async function telemetry(siteIds: string[]) {
  const res = await ph('POST', '/v2/telemetry/latest', { site_ids: siteIds });
  expect(res.status).toBe(200);
  return res.body.data as any[];
}

async function liveStatus(energySiteId: string) {
  const owner = demo.energySiteIds.includes(energySiteId) ? 'demo' : 'small';
  const res = await get(sim, `/api/1/energy_sites/${energySiteId}/live_status`, fleetTokens[owner]);
  expect(res.status).toBe(200);
  return res.body.response;
}

async function simSite(energySiteId: string) {
  return (await get(sim, `/sim/sites/${energySiteId}`)).body;
}

const iso = (ms: number) => new Date(ms).toISOString();
let clockMs = START;
async function advanceSeconds(seconds: number) {
  await advance(sim, seconds);
  clockMs += seconds * 1000;
}

let keyCount = 0;
const newKey = () => `key-${++keyCount}`;

beforeAll(async () => {
  sim = await boot({ seed: 42, rateLimits: { dataPerMinute: 0 } });
  ({ demo, small } = (await accounts(sim)) as { demo: SimAccount; small: SimAccount });
  fleetTokens = {
    demo: (await mintToken(sim, 'demo', { expiresIn: 30 * 86_400 })).access_token,
    small: (await mintToken(sim, 'small', { expiresIn: 30 * 86_400 })).access_token,
  };
  token = await powerhubToken(sim);
  const res = await ph('GET', '/v2/sites?limit=500');
  sites = res.body.sites;
});
afterAll(() => sim.close());
beforeEach(async () => {
  await call(sim, 'DELETE', '/sim/faults');
});

describe('Powerhub token', () => {
  it('grants a bearer token for the sandbox client credentials', async () => {
    const res = await tokenRequest(sim, basic(CLIENT_ID, CLIENT_SECRET));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(typeof res.body.access_token).toBe('string');
    expect(sim.powerhubUrl).toBe(`${sim.url}/powerhub`);
  });

  it('refuses wrong or missing credentials and other grants', async () => {
    expect(await tokenRequest(sim, basic(CLIENT_ID, 'wrong'))).toEqual({ status: 401, body: expect.objectContaining({ error: 'invalid_client' }) });
    expect(await tokenRequest(sim, basic('someone-else', CLIENT_SECRET))).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await tokenRequest(sim, undefined)).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await tokenRequest(sim, basic(CLIENT_ID, CLIENT_SECRET), 'password')).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
  });

  it('answers 401 invalid_token without a live bearer, including a Fleet API token', async () => {
    for (const bearer of ['', 'not-a-token', fleetTokens.demo!]) {
      const res = await ph('GET', '/v2/sites', undefined, bearer);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'invalid_token' });
    }
  });

  it('expires tokens on the simulated clock and honours the configured lifetime', async () => {
    const other = await boot({ powerhub: { tokenLifetimeSeconds: 60, clientSecret: 'another-secret' } });
    try {
      const res = await tokenRequest(other, basic(CLIENT_ID, 'another-secret'));
      expect(res.body.expires_in).toBe(60);
      const bearer = res.body.access_token as string;
      expect((await ph('GET', '/v2/sites', undefined, bearer, other)).status).toBe(200);
      await advance(other, 61);
      const expired = await ph('GET', '/v2/sites', undefined, bearer, other);
      expect(expired.status).toBe(401);
      expect(expired.body.error).toBe('invalid_token');
    } finally {
      await other.close();
    }
  });
});

describe('Powerhub sites', () => {
  it('lists every battery site of every account, linked by energy_site_id, plus 3 unlinked ones', async () => {
    const battery: string[] = [];
    for (const id of [...demo.energySiteIds, ...small.energySiteIds]) if ((await simSite(id)).hasBattery) battery.push(id);
    const linked = sites.filter((s) => s.energy_site_id !== null);
    expect(linked.map((s) => s.energy_site_id)).toEqual(battery);
    expect(sites.filter((s) => s.energy_site_id === null)).toHaveLength(3);
    expect(new Set(sites.map((s) => s.site_id)).size).toBe(sites.length);
    for (const site of sites) {
      expect(site.site_id).toMatch(/^ph-[0-9a-f]{16}$/);
      expect(site.group_ids.length).toBeGreaterThanOrEqual(2);
      expect(site.nameplate_power_kw).toBeGreaterThan(0);
      expect(site.nameplate_energy_kwh).toBeGreaterThan(0);
      expect(site.din).toMatch(/--/);
    }
    // Fleet API ids are decimal text of the same number the Fleet API renders.
    const info = await get(sim, `/api/1/energy_sites/${linked[0]!.energy_site_id}/site_info`, fleetTokens.demo);
    expect(info.status).toBe(200);
  });

  it('pages with limit and cursor, covering each site once', async () => {
    const seen: PowerhubSiteJson[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: ApiResult = await ph('GET', `/v2/sites?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.sites.length).toBeLessThanOrEqual(7);
      seen.push(...res.body.sites);
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(sites);
    expect(pages).toBe(Math.ceil(sites.length / 7));
    expect((await ph('GET', '/v2/sites')).body.sites).toHaveLength(Math.min(100, sites.length));
    expect((await ph('GET', '/v2/sites?cursor=bogus')).status).toBe(400);
    expect((await ph('GET', '/v2/sites?limit=0')).status).toBe(400);
  });

  it('is the same for the same seed', async () => {
    const twin = await boot({ seed: 42 });
    try {
      const bearer = await powerhubToken(twin);
      expect((await ph('GET', '/v2/sites?limit=500', undefined, bearer, twin)).body.sites).toEqual(sites);
    } finally {
      await twin.close();
    }
  });
});

describe('Powerhub telemetry', () => {
  it('equals the Fleet API live_status of the same site at the same instant', async () => {
    const linked = sites.filter((s) => s.energy_site_id !== null);
    // Mid-step too (450 s), then back on the minute grid the later tests count on.
    for (const offsetS of [0, 450, 30]) {
      if (offsetS) await advanceSeconds(offsetS);
      const data = await telemetry(linked.map((s) => s.site_id));
      expect(data).toHaveLength(linked.length);
      for (const [i, reading] of data.entries()) {
        const site = linked[i]!;
        expect(reading.site_id).toBe(site.site_id);
        const live = await liveStatus(site.energy_site_id!);
        expect(Date.parse(reading.timestamp)).toBe(Date.parse(live.timestamp));
        expect(Date.parse(reading.timestamp)).toBe(clockMs);
        expect(Math.round(reading.battery_power_kw * 1000)).toBe(live.battery_power);
        expect(Math.round(reading.solar_power_kw * 1000)).toBe(live.solar_power);
        expect(Math.round(reading.load_power_kw * 1000)).toBe(live.load_power);
        expect(Math.round(reading.grid_power_kw * 1000)).toBe(live.grid_power);
        expect(reading.soe_percent).toBe(live.percentage_charged);
        expect(reading.grid_services_active).toBe(live.grid_services_active);
      }
    }
  });

  it('omits unknown ids, reads unlinked sites too, and refuses more than 500 ids', async () => {
    const unlinked = sites.filter((s) => s.energy_site_id === null).map((s) => s.site_id);
    const data = await telemetry([...unlinked, 'ph-0000000000000000', unlinked[0]!]);
    expect(data.map((d) => d.site_id)).toEqual(unlinked);
    for (const d of data) expect(d.load_power_kw).toBeCloseTo(d.solar_power_kw + d.battery_power_kw + d.grid_power_kw, 6);
    const tooMany = await ph('POST', '/v2/telemetry/latest', { site_ids: Array.from({ length: 501 }, (_, i) => `x${i}`) });
    expect(tooMany.status).toBe(400);
    expect((await ph('POST', '/v2/telemetry/latest', { site_ids: 'nope' })).status).toBe(400);
  });
});

describe('Powerhub dispatches', () => {
  /** A linked, non-storm site whose battery is well above its reserve (and below full). */
  async function pickSite(exclude: string[] = []): Promise<{ site: PowerhubSiteJson; view: any }> {
    for (const site of sites) {
      if (site.energy_site_id === null || exclude.includes(site.site_id)) continue;
      const view = await simSite(site.energy_site_id);
      const charge = view.state.percentageCharged;
      if (!view.derived.stormModeActive && charge > view.settings.backupReservePercent + 25 && charge < 90) return { site, view };
    }
    throw new Error('no suitable site');
  }

  it('runs an accepted discharge at the set-point, visible on both APIs and in history, settings untouched', async () => {
    const { site, view } = await pickSite();
    const settingsBefore = view.settings;
    const start = clockMs;
    const created = await ph('POST', '/v2/dispatches', {
      site_ids: [site.site_id],
      mode: 'discharge',
      per_site_kw: 3,
      start: iso(start),
      end: iso(start + 3600_000),
      idempotency_key: newKey(),
    });
    expect(created.status).toBe(202);
    expect(created.body.sites).toEqual([{ site_id: site.site_id, status: 'accepted', reason: null }]);
    const id = created.body.dispatch_id as string;

    await advanceSeconds(600);
    const live = await liveStatus(site.energy_site_id!);
    expect(live.battery_power).toBe(3000);
    expect(live.grid_services_active).toBe(true);
    expect(live.grid_services_power).toBe(3000);
    expect(live.load_power).toBe(live.solar_power + live.battery_power + live.grid_power);
    const [reading] = await telemetry([site.site_id]);
    expect(reading).toMatchObject({ battery_power_kw: 3, grid_services_active: true });
    expect(Math.round(reading.grid_power_kw * 1000)).toBe(live.grid_power);

    const state = await ph('GET', `/v2/dispatches/${id}`);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ dispatch_id: id, state: 'active' });
    expect(state.body.sites[0].delivered_kwh).toBeCloseTo(0.5, 3); // 3 kW for 10 minutes
    await advanceSeconds(600);
    expect((await ph('GET', `/v2/dispatches/${id}`)).body.sites[0].delivered_kwh).toBeCloseTo(1, 3);

    // The Fleet API settings are not the dispatch's business.
    expect((await simSite(site.energy_site_id!)).settings).toEqual(settingsBefore);

    // calendar_history integrates the set-point: 3 kW for 5 minutes = 250 Wh out of the battery per bucket.
    const owner = demo.energySiteIds.includes(site.energy_site_id!) ? 'demo' : 'small';
    const history = await get(sim, `/api/1/energy_sites/${site.energy_site_id}/calendar_history?kind=energy&period=day&end_date=${encodeURIComponent(iso(clockMs))}`, fleetTokens[owner]);
    const during = (history.body.response.time_series as any[]).filter((item) => {
      const t = Date.parse(item.timestamp);
      return t >= start && t + 300_000 <= clockMs;
    });
    expect(during).toHaveLength(3);
    for (const item of during) expect(Math.abs(item.total_battery_discharge - 250)).toBeLessThanOrEqual(1);

    // Cancel: the battery is back in its own mode from now, delivery stops growing.
    const cancelled = await ph('DELETE', `/v2/dispatches/${id}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    const delivered = cancelled.body.sites[0].delivered_kwh;
    expect((await liveStatus(site.energy_site_id!)).grid_services_active).toBe(false);
    expect((await telemetry([site.site_id]))[0].grid_services_active).toBe(false);
    await advanceSeconds(600);
    const after = await ph('GET', `/v2/dispatches/${id}`);
    expect(after.body.state).toBe('cancelled');
    expect(after.body.sites[0].delivered_kwh).toBe(delivered);
    expect((await liveStatus(site.energy_site_id!)).grid_services_active).toBe(false);
    // Cancelling again changes nothing.
    expect((await ph('DELETE', `/v2/dispatches/${id}`)).body.state).toBe('cancelled');
  });

  it('charges at the set-point, goes scheduled → active → completed, then the site runs its own mode again', async () => {
    const { site } = await pickSite();
    const start = clockMs + 300_000;
    const created = await ph('POST', '/v2/dispatches', {
      site_ids: [site.site_id],
      mode: 'charge',
      per_site_kw: 2,
      start: iso(start),
      end: iso(start + 600_000),
      idempotency_key: newKey(),
    });
    expect(created.status).toBe(202);
    const id = created.body.dispatch_id;
    expect((await ph('GET', `/v2/dispatches/${id}`)).body.state).toBe('scheduled');
    expect((await liveStatus(site.energy_site_id!)).grid_services_active).toBe(false);

    await advanceSeconds(420);
    expect((await ph('GET', `/v2/dispatches/${id}`)).body.state).toBe('active');
    const live = await liveStatus(site.energy_site_id!);
    expect(live.battery_power).toBe(-2000);
    expect(live.grid_services_active).toBe(true);

    await advanceSeconds(600);
    const done = await ph('GET', `/v2/dispatches/${id}`);
    expect(done.body.state).toBe('completed');
    expect(done.body.sites[0].delivered_kwh).toBeCloseTo(2 * (10 / 60), 3);
    expect((await liveStatus(site.energy_site_id!)).grid_services_active).toBe(false);
  });

  it('rejects a storm-watch site, an unknown site and an overlapping dispatch; accepts the rest', async () => {
    const stormSite = sites.find((s) => s.energy_site_id === demo.energySiteIds[0])!;
    expect((await simSite(demo.energySiteIds[0]!)).derived.stormModeActive).toBe(true);
    const { site: free } = await pickSite();
    const window = { start: iso(clockMs), end: iso(clockMs + 1800_000) };
    const first = await ph('POST', '/v2/dispatches', {
      site_ids: [stormSite.site_id, 'ph-ffffffffffffffff', free.site_id],
      mode: 'discharge',
      per_site_kw: 1,
      ...window,
      idempotency_key: newKey(),
    });
    expect(first.status).toBe(202);
    expect(first.body.sites).toEqual([
      { site_id: stormSite.site_id, status: 'rejected', reason: 'storm watch active' },
      { site_id: 'ph-ffffffffffffffff', status: 'rejected', reason: 'unknown site' },
      { site_id: free.site_id, status: 'accepted', reason: null },
    ]);
    const overlapping = await ph('POST', '/v2/dispatches', { site_ids: [free.site_id], mode: 'charge', per_site_kw: 1, ...window, idempotency_key: newKey() });
    expect(overlapping.body.sites[0]).toEqual({ site_id: free.site_id, status: 'rejected', reason: `overlaps dispatch ${first.body.dispatch_id}` });
    // The storm site keeps holding its charge: no grid services there.
    expect((await liveStatus(stormSite.energy_site_id!)).grid_services_active).toBe(false);
    await ph('DELETE', `/v2/dispatches/${first.body.dispatch_id}`);
  });

  it('replays the first answer for a repeated idempotency key', async () => {
    const { site } = await pickSite();
    const body = { site_ids: [site.site_id], mode: 'discharge', per_site_kw: 1, start: iso(clockMs), end: iso(clockMs + 600_000), idempotency_key: newKey() };
    const first = await ph('POST', '/v2/dispatches', body);
    const again = await ph('POST', '/v2/dispatches', { ...body, per_site_kw: 2 });
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect((await get(sim, '/sim/powerhub')).body.dispatches.filter((d: any) => d.dispatch_id === first.body.dispatch_id)).toHaveLength(1);
    await ph('DELETE', `/v2/dispatches/${first.body.dispatch_id}`);
  });

  it('validates the request and answers 404 for an unknown dispatch', async () => {
    const base = { site_ids: [sites[1]!.site_id], mode: 'discharge', per_site_kw: 1, start: iso(clockMs), end: iso(clockMs + 600_000), idempotency_key: 'v' };
    expect((await ph('POST', '/v2/dispatches', { ...base, mode: 'idle' })).status).toBe(400);
    expect((await ph('POST', '/v2/dispatches', { ...base, per_site_kw: -1 })).status).toBe(400);
    expect((await ph('POST', '/v2/dispatches', { ...base, site_ids: [] })).status).toBe(400);
    expect((await ph('POST', '/v2/dispatches', { ...base, end: iso(clockMs - 1000), start: iso(clockMs - 60_000) })).body.error_description).toBe('end is in the past');
    expect((await ph('POST', '/v2/dispatches', { ...base, end: base.start })).status).toBe(400);
    const { idempotency_key: _omitted, ...noKey } = base;
    expect((await ph('POST', '/v2/dispatches', noKey)).status).toBe(400);
    for (const method of ['GET', 'DELETE']) {
      const res = await ph(method, '/v2/dispatches/phd-unknown');
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('not_found');
    }
  });
});

describe('Powerhub test controls', () => {
  it('counts requests per endpoint under powerhub:* names', async () => {
    await call(sim, 'POST', '/sim/counters/reset');
    await telemetry(sites.slice(0, 100).map((s) => s.site_id));
    await ph('GET', '/v2/sites');
    await ph('GET', '/v2/dispatches/phd-unknown');
    await tokenRequest(sim, basic(CLIENT_ID, CLIENT_SECRET));
    const counters = (await get(sim, '/sim/counters')).body;
    expect(counters.byEndpoint).toMatchObject({
      'powerhub:telemetry_latest': 1,
      'powerhub:sites': 1,
      'powerhub:dispatches': 1,
      'powerhub:token': 1,
    });
    expect(counters.byEndpointAndDevice['powerhub:dispatches:get']).toBe(1);
  });

  it('injects 429 with Retry-After and 5xx by fault name, short or long', async () => {
    await call(sim, 'POST', '/sim/faults', { body: { endpoint: 'powerhub:telemetry', status: 429, retryAfterSeconds: 7, count: 1 } });
    const limited = await ph('POST', '/v2/telemetry/latest', { site_ids: [sites[0]!.site_id] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body.error).toBe('rate_limited');
    expect((await ph('POST', '/v2/telemetry/latest', { site_ids: [sites[0]!.site_id] })).status).toBe(200);

    await call(sim, 'POST', '/sim/faults', { body: { endpoint: 'powerhub:dispatch', deviceId: 'create', status: 503, count: 1 } });
    expect((await ph('GET', '/v2/dispatches/phd-unknown')).status).toBe(404);
    const unavailable = await ph('POST', '/v2/dispatches', {});
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.error).toBe('service_unavailable');

    await call(sim, 'POST', '/sim/faults', { body: { endpoint: 'powerhub:sites', status: 401, count: 1 } });
    expect((await ph('GET', '/v2/sites')).body).toEqual({ error: 'invalid_token' });
    await call(sim, 'POST', '/sim/faults', { body: { endpoint: 'powerhub:token', status: 500, count: 1 } });
    expect((await tokenRequest(sim, basic(CLIENT_ID, CLIENT_SECRET))).status).toBe(500);
  });

  it('/sim/reset forgets tokens and dispatches and rebuilds the same sites', async () => {
    const { site_id } = sites.find((s) => s.energy_site_id !== null && s.energy_site_id !== demo.energySiteIds[0])!;
    const created = await ph('POST', '/v2/dispatches', {
      site_ids: [site_id],
      mode: 'discharge',
      per_site_kw: 1,
      start: iso(clockMs),
      end: iso(clockMs + 600_000),
      idempotency_key: newKey(),
    });
    expect(created.status).toBe(202);
    await call(sim, 'POST', '/sim/reset');
    expect((await ph('GET', '/v2/sites')).status).toBe(401);
    token = await powerhubToken(sim);
    expect((await ph('GET', `/v2/dispatches/${created.body.dispatch_id}`)).status).toBe(404);
    expect((await ph('GET', '/v2/sites?limit=500')).body.sites).toEqual(sites);
    const view = (await get(sim, '/sim/powerhub')).body;
    expect(view).toMatchObject({ clientId: CLIENT_ID, siteCount: sites.length, dispatches: [] });
    expect(view.unlinkedSiteIds).toHaveLength(3);
    expect(JSON.stringify(view)).not.toContain(CLIENT_SECRET);
  });
});
