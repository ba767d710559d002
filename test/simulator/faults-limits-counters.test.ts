import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { call, faultSimulatorFixture, get, mintToken, type SimAccount } from './sim-client.js';

const fixture = faultSimulatorFixture({ rateLimits: { dataPerMinute: 5 } });
const { addFault } = fixture;
let sim: RunningSimulator;
let demo: SimAccount;
let token: string;
beforeAll(() => void ({ sim, demo, token } = fixture));

describe('fault injection', () => {
  it('answers with Tesla error envelopes for injected statuses', async () => {
    const site = demo.energySiteIds[0]!;
    const expected: Record<number, string> = { 500: 'internal_error', 503: 'service_unavailable', 504: 'gateway_timeout' };
    for (const [status, error] of Object.entries(expected)) {
      await addFault({ endpoint: 'site_info', status: Number(status), count: 1 });
      const res = await get(sim, `/api/1/energy_sites/${site}/site_info`, token);
      expect(res.status).toBe(Number(status));
      expect(res.body).toEqual({ response: null, error, error_description: '' });
    }
    await addFault({ endpoint: 'users_me', status: 451, error: 'resource unavailable', count: 1 });
    expect((await get(sim, '/api/1/users/me', token)).body.error).toBe('resource unavailable');
    await addFault({ endpoint: 'vehicle_data', status: 408, count: 1 });
    const online = demo.vehicles[0]!.vin;
    const res408 = await get(sim, `/api/1/vehicles/${online}/vehicle_data`, token);
    expect(res408.status).toBe(408);
    expect(res408.body.error).toBe('vehicle unavailable: vehicle is offline or asleep');
  });

  it('applies a fault to `count` requests, then serves normally', async () => {
    await addFault({ endpoint: 'products', status: 503, count: 2 });
    expect((await get(sim, '/api/1/products', token)).status).toBe(503);
    expect((await get(sim, '/api/1/products', token)).status).toBe(503);
    expect((await get(sim, '/api/1/products', token)).status).toBe(200);
    expect((await get(sim, '/sim/faults')).body).toEqual([]);
  });

  it('limits a fault to one device and accepts a vehicle id or VIN', async () => {
    const [s1, s2] = demo.energySiteIds;
    await addFault({ endpoint: 'live_status', deviceId: s1, status: 500 });
    expect((await get(sim, `/api/1/energy_sites/${s1}/live_status`, token)).status).toBe(500);
    expect((await get(sim, `/api/1/energy_sites/${s2}/live_status`, token)).status).toBe(200);

    const car = demo.vehicles[0]!;
    await addFault({ endpoint: 'vehicle', deviceId: car.id, status: 504, count: 1 });
    expect((await get(sim, `/api/1/vehicles/${car.vin}`, token)).status).toBe(504);
  });

  it('matches every endpoint with "*" and can be deleted by id', async () => {
    const id = await addFault({ endpoint: '*', status: 500 });
    expect((await get(sim, '/api/1/users/region', token)).status).toBe(500);
    expect((await get(sim, '/api/1/products', token)).status).toBe(500);
    expect((await get(sim, '/sim/faults')).body).toHaveLength(1);
    expect((await call(sim, 'DELETE', `/sim/faults/${id}`)).status).toBe(200);
    expect((await get(sim, '/api/1/products', token)).status).toBe(200);
  });

  it('delays responses by latencyMs and then serves normally', async () => {
    await addFault({ endpoint: 'users_region', latencyMs: 300, count: 1 });
    const started = Date.now();
    const res = await get(sim, '/api/1/users/region', token);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(res.status).toBe(200);
    const quick = Date.now();
    await get(sim, '/api/1/users/region', token);
    expect(Date.now() - quick).toBeLessThan(250);
  });

  it('injects a 429 with rate-limit headers', async () => {
    await addFault({ endpoint: 'products', status: 429, retryAfterSeconds: 7, count: 1 });
    const res = await get(sim, '/api/1/products', token);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.body).toEqual({ response: null, error: 'Too many requests', error_description: 'Retry in 7 seconds' });
  });

  it('rejects an invalid fault spec', async () => {
    expect((await call(sim, 'POST', '/sim/faults', { body: { status: 500 } })).status).toBe(400);
  });
});

describe('data rate limit', () => {
  it('allows dataPerMinute requests per device, then answers 429 with headers', async () => {
    const [site, otherSite] = demo.energySiteIds.slice(-2);
    for (let i = 0; i < 5; i++) expect((await get(sim, `/api/1/energy_sites/${site}/live_status`, token)).status).toBe(200);
    const limited = await get(sim, `/api/1/energy_sites/${site}/site_info`, token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-limit')).toBe('5');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('ratelimit-reset')).toBe(String(retryAfter));
    expect(limited.body).toEqual({ response: null, error: 'Too many requests', error_description: `Retry in ${retryAfter} seconds` });
    // Another device has its own budget; non-device endpoints are not limited.
    expect((await get(sim, `/api/1/energy_sites/${otherSite}/live_status`, token)).status).toBe(200);
    expect((await get(sim, '/api/1/products', token)).status).toBe(200);
    // Rate-limit headers only appear on a 429.
    expect((await get(sim, `/api/1/energy_sites/${otherSite}/live_status`, token)).headers.get('ratelimit-limit')).toBeNull();
  });

  it('is cleared by /sim/reset', async () => {
    const site = demo.energySiteIds.at(-3)!;
    for (let i = 0; i < 5; i++) await get(sim, `/api/1/energy_sites/${site}/live_status`, token);
    expect((await get(sim, `/api/1/energy_sites/${site}/live_status`, token)).status).toBe(429);
    await call(sim, 'POST', '/sim/reset');
    // Tokens are cleared too.
    expect((await get(sim, `/api/1/energy_sites/${site}/live_status`, token)).status).toBe(401);
    token = (await mintToken(sim)).access_token;
    expect((await get(sim, `/api/1/energy_sites/${site}/live_status`, token)).status).toBe(200);
  });
});

describe('counters', () => {
  it('counts requests per endpoint and per device, including faults, 403s and 429s', async () => {
    const site = demo.energySiteIds[1]!;
    const car = demo.vehicles[0]!;
    await get(sim, `/api/1/energy_sites/${site}/live_status`, token);
    await get(sim, `/api/1/energy_sites/${site}/live_status`, token);
    await get(sim, `/api/1/vehicles/${car.id}/vehicle_data`, token);
    await get(sim, `/api/1/vehicles/${car.vin}/vehicle_data`, token);
    await addFault({ endpoint: 'site_info', status: 500, count: 1 });
    await get(sim, `/api/1/energy_sites/${site}/site_info`, token);
    const energyOnly = (await mintToken(sim, 'demo', { scopes: ['energy_device_data'] })).access_token;
    await get(sim, '/api/1/vehicles', energyOnly);
    await get(sim, '/api/1/products', token);
    await call(sim, 'POST', '/oauth2/v3/token', { form: { grant_type: 'refresh_token', client_id: 'derms-sandbox-client', refresh_token: 'NA_nope' } });
    await get(sim, '/sim/accounts');

    const counters = (await get(sim, '/sim/counters')).body;
    expect(counters.byEndpoint).toEqual({ live_status: 2, vehicle_data: 2, site_info: 1, vehicles: 1, products: 1, token: 1 });
    expect(counters.total).toBe(8);
    expect(counters.byEndpointAndDevice).toEqual({
      [`live_status:${site}`]: 2,
      [`vehicle_data:${car.vin}`]: 2,
      [`site_info:${site}`]: 1,
      'token:refresh_token': 1,
    });

    await call(sim, 'POST', '/sim/counters/reset');
    expect((await get(sim, '/sim/counters')).body).toEqual({ total: 0, byEndpoint: {}, byEndpointAndDevice: {}, applied: 0, appliedByEndpoint: {}, appliedByEndpointAndDevice: {}, abandoned: 0 });
  });
});
