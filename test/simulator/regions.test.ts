import { request } from 'node:http';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { CLIENT_ID } from './consent-flow.js';
import { boot, call, get, mintToken } from './sim-client.js';

let sim: RunningSimulator;
let demoToken: string;
let smallToken: string;

beforeAll(async () => {
  sim = await boot();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await call(sim, 'POST', '/sim/reset');
  demoToken = (await mintToken(sim, 'demo')).access_token;
  smallToken = (await mintToken(sim, 'small')).access_token;
});

/** One plain node:http request, which (unlike fetch) does not retry a 421. */
function rawStatus(path: string, token: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    request(`${sim.url}${path}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    })
      .on('error', reject)
      .end();
  });
}

const outOfRegion = (region: string) => ({
  response: null,
  error: `user out of region, use base URL: ${sim.url}/regions/${region}, see https://developer.tesla.com/docs/fleet-api#regional-requirements`,
  error_description: '',
  txid: expect.stringMatching(/^[0-9a-f]{32}$/),
});

describe('regional bases', () => {
  it('serve the Fleet API for accounts of their region', async () => {
    expect((await get(sim, '/regions/na/api/1/products', demoToken)).status).toBe(200);
    expect((await get(sim, '/regions/eu/api/1/products', smallToken)).status).toBe(200);
    expect((await get(sim, '/regions/na/status')).text).toBe('ok');
    expect((await get(sim, '/regions/mars/api/1/products', demoToken)).status).toBe(404);
  });

  it('answer 421 with Tesla’s body for an account of another region', async () => {
    const wrong = await get(sim, '/regions/eu/api/1/products', demoToken);
    expect(wrong.status).toBe(421);
    expect(wrong.body).toEqual(outOfRegion('na'));
    const site = (await get(sim, '/api/1/products', smallToken)).body.response.find((p: { energy_site_id?: number }) => p.energy_site_id);
    const wrongEu = await get(sim, `/regions/na/api/1/energy_sites/${site.energy_site_id}/live_status`, smallToken);
    expect(wrongEu.status).toBe(421);
    expect(wrongEu.body).toEqual(outOfRegion('eu'));
    expect((await get(sim, '/regions/cn/api/1/products', smallToken)).status).toBe(421);
  });

  it('answer users/region on any base, and the global host serves everyone', async () => {
    for (const base of ['', '/regions/na', '/regions/eu', '/regions/cn']) {
      const na = await get(sim, `${base}/api/1/users/region`, demoToken);
      expect(na.body).toEqual({ response: { region: 'na', fleet_api_base_url: `${sim.url}/regions/na` } });
      const eu = await get(sim, `${base}/api/1/users/region`, smallToken);
      expect(eu.body.response).toEqual({ region: 'eu', fleet_api_base_url: `${sim.url}/regions/eu` });
    }
    expect((await get(sim, '/api/1/products', demoToken)).status).toBe(200);
    expect((await get(sim, '/api/1/products', smallToken)).status).toBe(200);
  });

  it('put the regional bases in the access token audience', async () => {
    expect(decodeJwt(demoToken).aud).toEqual([sim.url, `${sim.url}/regions/na`, `${sim.url}/regions/eu`, `${sim.url}/oauth2/v3/userinfo`]);
  });

  it('count requests under the same endpoint names, 421s included', async () => {
    await call(sim, 'POST', '/sim/counters/reset');
    await get(sim, '/regions/na/api/1/products', demoToken);
    await get(sim, '/api/1/products', demoToken);
    expect(await rawStatus('/regions/eu/api/1/products', demoToken)).toBe(421);
    expect((await get(sim, '/sim/counters')).body.byEndpoint).toEqual({ products: 3 });
    // Node's fetch (undici) retries a 421 once on its own: one call, two requests at "Tesla".
    await get(sim, '/regions/eu/api/1/products', demoToken);
    expect((await get(sim, '/sim/counters')).body.byEndpoint).toEqual({ products: 5 });
  });
});

describe('moving an account', () => {
  it('changes where it is served; its tokens stay valid', async () => {
    const { refresh_token } = await mintToken(sim, 'demo');
    const moved = await call(sim, 'POST', '/sim/accounts/demo/region', { body: { region: 'eu' } });
    expect(moved.body).toEqual({ account: 'demo', region: 'eu', fleetApiBaseUrl: `${sim.url}/regions/eu` });
    expect((await get(sim, '/regions/eu/api/1/products', demoToken)).status).toBe(200);
    expect((await get(sim, '/regions/na/api/1/products', demoToken)).body).toEqual(outOfRegion('eu'));
    expect((await get(sim, '/api/1/users/region', demoToken)).body.response.region).toBe('eu');
    const refreshed = await call(sim, 'POST', '/oauth2/v3/token', { form: { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token } });
    expect(refreshed.body.refresh_token).toMatch(/^EU_/);
    expect(decodeJwt(refreshed.body.access_token).ou_code).toBe('EU');

    await call(sim, 'POST', '/sim/accounts/demo/region', { body: { region: 'cn' } });
    const cn = (await mintToken(sim, 'demo')).access_token;
    expect(decodeJwt(cn)).toMatchObject({ ou_code: 'CN', aud: [sim.url, `${sim.url}/regions/cn`, `${sim.url}/oauth2/v3/userinfo`] });
    expect((await get(sim, '/regions/cn/api/1/products', cn)).status).toBe(200);
    expect((await call(sim, 'POST', '/sim/accounts/demo/region', { body: { region: 'moon' } })).status).toBe(400);
  });
});

describe('partner registration', () => {
  it('answers 412 under a region where the app is not registered', async () => {
    const registration = await call(sim, 'POST', '/sim/partner-registration', { body: { eu: false } });
    expect(registration.body).toEqual({ na: true, eu: false, cn: true });
    const res = await get(sim, '/regions/eu/api/1/products', smallToken);
    expect(res.status).toBe(412);
    expect(res.body).toEqual({
      error: `Account ${CLIENT_ID} must be registered in the current region ${sim.url}/regions/eu, please see https://developer.tesla.com/docs/fleet-api/endpoints/partner-endpoints#register`,
    });
    expect((await get(sim, '/regions/eu/api/1/users/region', smallToken)).status).toBe(412);
    expect((await get(sim, '/regions/na/api/1/products', demoToken)).status).toBe(200);
    expect((await get(sim, '/api/1/products', smallToken)).status).toBe(200);
  });
});

describe('/sim/reset', () => {
  it('restores regions, registration and consents', async () => {
    await call(sim, 'POST', '/sim/accounts/demo/region', { body: { region: 'eu' } });
    await call(sim, 'POST', '/sim/partner-registration', { body: { na: false, cn: false } });
    expect((await get(sim, '/sim/accounts/demo/consent')).status).toBe(200);
    await call(sim, 'POST', '/sim/reset');
    expect((await get(sim, '/sim/accounts')).body.find((a: { name: string }) => a.name === 'demo').region).toBe('na');
    expect((await get(sim, '/sim/partner-registration')).body).toEqual({ na: true, eu: true, cn: true });
    expect((await get(sim, '/sim/accounts/demo/consent')).status).toBe(404);
  });
});
