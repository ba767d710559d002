import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { SimulatorAdmin } from '../helpers/simulator-admin.js';
import { accounts, advance, boot, call, get, mintToken, type SimAccount } from './sim-client.js';

/** `POST /sim/sites/{id}/environment`: a Storm Watch starts and ends, from now on, without rewriting history. */

let sim: RunningSimulator;
let admin: SimulatorAdmin;
let demo: SimAccount;
let token: string;
/** Demo site 0: storm mode enabled, a watch active from the start. */
let stormSite: string;

const DAY = 'start_date=2025-06-21T00:00:00-07:00&end_date=2025-06-21T23:59:59-07:00&time_zone=America/Los_Angeles';

async function history(energySiteId: string) {
  const res = await get(sim, `/api/1/energy_sites/${energySiteId}/calendar_history?kind=energy&period=day&${DAY}`, token);
  expect(res.status).toBe(200);
  return res.body.response.time_series as { timestamp: string }[];
}

async function liveStatus(energySiteId: string) {
  const res = await get(sim, `/api/1/energy_sites/${energySiteId}/live_status`, token);
  expect(res.status).toBe(200);
  return res.body.response as { storm_mode_active: boolean; battery_power: number; timestamp: string };
}

async function powerhubToken(): Promise<string> {
  const res = await fetch(`${sim.powerhubUrl}/v1/auth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from('derms-sandbox-powerhub:derms-sandbox-powerhub-secret').toString('base64')}`,
    },
    body: 'grant_type=client_credentials',
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

beforeAll(async () => {
  sim = await boot();
  admin = new SimulatorAdmin(sim.url);
  demo = (await accounts(sim))['demo']!;
  token = (await mintToken(sim, 'demo')).access_token;
  stormSite = demo.energySiteIds[0]!;
});
afterAll(() => sim?.close());

describe('storm watch test control', () => {
  it('ends and starts a watch from now on, leaving the past as it was', async () => {
    expect((await admin.site(stormSite))['derived']).toMatchObject({ stormModeActive: true });
    expect((await liveStatus(stormSite)).storm_mode_active).toBe(true);
    await advance(sim, 3600);
    const before = await history(stormSite);
    const now = Date.parse((await liveStatus(stormSite)).timestamp);
    const past = (series: { timestamp: string }[]) => series.filter((b) => Date.parse(b.timestamp) + 300_000 <= now);
    expect(past(before).length).toBeGreaterThan(0);

    const ended = await admin.setStormWatch(stormSite, false);
    expect(ended.derived.stormModeActive).toBe(false);
    expect((ended['site'] as { environment: { stormWatchActive: boolean } }).environment.stormWatchActive).toBe(false);
    expect((await liveStatus(stormSite)).storm_mode_active).toBe(false);
    // The hour under the watch stays as it was integrated.
    expect(past(await history(stormSite))).toEqual(past(before));
    await advance(sim, 1800);
    expect(past(await history(stormSite))).toEqual(past(before));

    const started = await admin.setStormWatch(stormSite, true);
    expect(started.derived.stormModeActive).toBe(true);
    expect((await liveStatus(stormSite)).storm_mode_active).toBe(true);
  });

  it('makes Powerhub reject a dispatch at a site under a watch, and accept it once the watch ends', async () => {
    const bearer = await powerhubToken();
    const sites = (await call(sim, 'GET', '/powerhub/v2/sites?limit=500', { token: bearer })).body.sites as { site_id: string; energy_site_id: string | null }[];
    const powerhubId = sites.find((s) => s.energy_site_id === stormSite)!.site_id;
    const clock = (await get(sim, '/sim/clock')).body as { epochMs: number };
    const dispatch = (key: string) =>
      call(sim, 'POST', '/powerhub/v2/dispatches', {
        token: bearer,
        body: {
          site_ids: [powerhubId],
          mode: 'discharge',
          per_site_kw: 1,
          start: new Date(clock.epochMs + 600_000).toISOString(),
          end: new Date(clock.epochMs + 4_200_000).toISOString(),
          idempotency_key: key,
        },
      });
    const rejected = await dispatch('storm-on');
    expect(rejected.body.sites).toEqual([{ site_id: powerhubId, status: 'rejected', reason: 'storm watch active' }]);
    await admin.setStormWatch(stormSite, false);
    const accepted = await dispatch('storm-off');
    expect(accepted.body.sites[0].status).toBe('accepted');
    await call(sim, 'DELETE', `/powerhub/v2/dispatches/${accepted.body.dispatch_id}`, { token: bearer });
    await admin.setStormWatch(stormSite, true);
  });

  it('has no effect on storm_mode_active where storm mode is off', async () => {
    for (const id of demo.energySiteIds) {
      const view = (await admin.site(id)) as { hasBattery: boolean; settings: { stormModeEnabled: boolean } };
      if (!view.hasBattery || view.settings.stormModeEnabled) continue;
      const answer = await admin.setStormWatch(id, true);
      expect(answer.derived.stormModeActive).toBe(false);
      expect((await liveStatus(id)).storm_mode_active).toBe(false);
      await admin.setStormWatch(id, false);
      return;
    }
    throw new Error('no battery site with storm mode off');
  });

  it('accepts a Powerhub-only site by its ph- id', async () => {
    const powerhub = (await get(sim, '/sim/powerhub')).body as { unlinkedSiteIds: string[] };
    const id = powerhub.unlinkedSiteIds[0]!;
    const answer = await admin.setStormWatch(id, true);
    expect(answer).toMatchObject({ powerhubSiteId: id, environment: { stormWatchActive: true } });
    await admin.setStormWatch(id, false);
  });

  it('answers 404 for an unknown site and 400 for a bad body', async () => {
    expect((await call(sim, 'POST', '/sim/sites/123/environment', { body: { stormWatchActive: true } })).status).toBe(404);
    expect((await call(sim, 'POST', `/sim/sites/${stormSite}/environment`, { body: { stormWatchActive: 'yes' } })).status).toBe(400);
    expect((await call(sim, 'POST', `/sim/sites/${stormSite}/environment`, { body: {} })).status).toBe(400);
  });
});
