import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/gateway-error.js';
import { PowerhubClient, type PowerhubCallEvent, type PowerhubClientOptions } from '../../src/powerhub/powerhub-client.js';
import { PowerhubAuthError } from '../../src/powerhub/powerhub-errors.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { SimulatorAdmin } from '../helpers/simulator-admin.js';

/** PowerhubClient against the simulator's modeled Powerhub, over real HTTP. */

const START = Date.UTC(2025, 5, 21, 19, 0, 0);
const SECRET = 'derms-sandbox-powerhub-secret';
const LARGE_SITES = 1200;

let sim: RunningSimulator;
let admin: SimulatorAdmin;

function client(target: RunningSimulator, overrides: Partial<PowerhubClientOptions> = {}): PowerhubClient {
  return new PowerhubClient({
    baseUrl: target.powerhubUrl,
    clientId: 'derms-sandbox-powerhub',
    clientSecret: SECRET,
    timeoutMs: 2000,
    retries: 2,
    backoffMs: 10,
    maxRetryAfterS: 5,
    ...overrides,
  });
}

async function counter(name: string, target = admin): Promise<number> {
  return (await target.counters()).byEndpoint[name] ?? 0;
}

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

/** Neither the secret nor anything shaped like a Powerhub token may leak into an error. */
function expectNoSecrets(error: GatewayError) {
  const text = `${error.message} ${JSON.stringify(error.details)} ${String(error.stack)}`;
  expect(text).not.toContain(SECRET);
  expect(text).not.toMatch(/ph_[A-Za-z0-9_-]{20,}/);
  expect(text).not.toMatch(/Basic [A-Za-z0-9+/=]{10,}/);
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 42, speed: 0, startTime: START, largeAccountSites: LARGE_SITES });
  admin = new SimulatorAdmin(sim.url);
});
afterAll(() => sim.close());
beforeEach(async () => {
  await admin.clearFaults();
  await admin.resetCounters();
});

describe('PowerhubClient reads', () => {
  it('reads every page of sites', async () => {
    const sites = await client(sim).listSites();
    const demoAndSmall = 28 + 2; // battery sites: demo has two solar-only ones (of 30)
    expect(sites).toHaveLength(demoAndSmall + LARGE_SITES + 3);
    expect(await counter('powerhub:sites')).toBe(3); // 500 + 500 + 231
    expect(new Set(sites.map((s) => s.siteId)).size).toBe(sites.length);
    expect(sites.filter((s) => s.energySiteId === null)).toHaveLength(3);
    const large = await admin.account('large');
    expect(sites.map((s) => s.energySiteId)).toEqual(expect.arrayContaining(large.energySiteIds));
    expect(sites[0]).toEqual({
      siteId: expect.stringMatching(/^ph-/),
      energySiteId: expect.stringMatching(/^\d+$/),
      din: expect.any(String),
      name: expect.any(String),
      groupIds: expect.arrayContaining(['region-na']),
      nameplatePowerKw: expect.any(Number),
      nameplateEnergyKwh: expect.any(Number),
    });
  });

  it('splits 1 200 ids into 3 telemetry calls and maps readings to camelCase', async () => {
    const sites = await client(sim).listSites();
    await admin.resetCounters();
    const ids = sites.slice(0, 1200).map((s) => s.siteId);
    const readings = await client(sim).latestTelemetry([...ids, ids[0]!]);
    expect(await counter('powerhub:telemetry_latest')).toBe(3);
    expect(readings.map((r) => r.siteId)).toEqual(ids);
    const [first] = readings;
    expect(first!.timestamp).toEqual(new Date(START));
    expect(first!.gridServicesActive).toBe(false);
    expect(first!.loadPowerKw!).toBeCloseTo(first!.solarPowerKw! + first!.batteryPowerKw! + first!.gridPowerKw!, 6);
    expect(await client(sim).latestTelemetry([])).toEqual([]);
  });

  it('reports each call to onCall', async () => {
    const events: PowerhubCallEvent[] = [];
    await client(sim, { onCall: (event) => events.push(event) }).latestTelemetry(['ph-0000000000000000']);
    expect(events.map((e) => [e.endpoint, e.method, e.status, e.attempt])).toEqual([
      ['token', 'POST', 200, 1],
      ['telemetry_latest', 'POST', 200, 1],
    ]);
  });
});

describe('PowerhubClient tokens', () => {
  it('fetches one token for concurrent callers and reuses it', async () => {
    const shared = client(sim);
    await Promise.all(Array.from({ length: 5 }, () => shared.latestTelemetry(['ph-0000000000000000'])));
    await shared.latestTelemetry(['ph-0000000000000000']);
    expect(await counter('powerhub:token')).toBe(1);
    expect(await counter('powerhub:telemetry_latest')).toBe(6);
  });

  it('renews the token before it expires', async () => {
    const shortLived = await startSimulator({ port: 0, speed: 0, startTime: START, powerhub: { tokenLifetimeSeconds: 2 } });
    try {
      const shortAdmin = new SimulatorAdmin(shortLived.url);
      const ph = client(shortLived);
      await ph.latestTelemetry(['x']);
      await ph.latestTelemetry(['x']);
      expect(await counter('powerhub:token', shortAdmin)).toBe(1);
      // Renewed at half the 2 s lifetime: no 401 is ever seen.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await ph.latestTelemetry(['x']);
      expect(await counter('powerhub:token', shortAdmin)).toBe(2);
      expect(await counter('powerhub:telemetry_latest', shortAdmin)).toBe(3);
    } finally {
      await shortLived.close();
    }
  });

  it('gets a new token once on 401 invalid_token (expired upstream or injected) and retries the call', async () => {
    const ph = client(sim);
    await ph.listSites();
    await admin.addFault({ endpoint: 'powerhub:telemetry', status: 401, count: 1 });
    const readings = await ph.latestTelemetry(['x']);
    expect(readings).toEqual([]);
    expect(await counter('powerhub:token')).toBe(2);
    expect(await counter('powerhub:telemetry_latest')).toBe(2);
  });

  it('renews after the simulated clock expired the token upstream', async () => {
    const other = await startSimulator({ port: 0, speed: 0, startTime: START });
    try {
      const otherAdmin = new SimulatorAdmin(other.url);
      const ph = client(other);
      await ph.latestTelemetry(['x']);
      await fetch(`${other.url}/sim/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 3601 }) });
      await ph.latestTelemetry(['x']);
      expect(await counter('powerhub:token', otherAdmin)).toBe(2);
      expect(await counter('powerhub:telemetry_latest', otherAdmin)).toBe(3);
    } finally {
      await other.close();
    }
  });

  it('surfaces a second 401 in a row as UPSTREAM_UNAVAILABLE', async () => {
    await admin.addFault({ endpoint: 'powerhub:telemetry', status: 401, count: 2 });
    const error = await failure(client(sim).latestTelemetry(['x']));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.details.upstreamStatus).toBe(401);
    expectNoSecrets(error);
  });

  it('says so, without the secret, when Powerhub refuses the client credentials', async () => {
    const wrong = 'not-the-secret-123';
    const error = await failure(client(sim, { clientSecret: wrong }).listSites());
    expect(error).toBeInstanceOf(PowerhubAuthError);
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toBe('Powerhub refused the client credentials');
    expect(error.details.upstreamStatus).toBe(401);
    expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain(wrong);
    expect(await counter('powerhub:token')).toBe(1); // a refusal is final: not retried
    expect(await counter('powerhub:sites')).toBe(0);
  });
});

describe('PowerhubClient retries and errors', () => {
  it('waits out a 429 Retry-After and retries', async () => {
    await admin.addFault({ endpoint: 'powerhub:sites', status: 429, retryAfterSeconds: 1, count: 1 });
    const started = Date.now();
    const sites = await client(sim).listSites();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(sites.length).toBeGreaterThan(1000);
    expect(await counter('powerhub:sites')).toBe(4);
  });

  it('surfaces a 429 asking for longer than maxRetryAfterS as RATE_LIMITED at once', async () => {
    await admin.addFault({ endpoint: 'powerhub:telemetry', status: 429, retryAfterSeconds: 120, count: 1 });
    const error = await failure(client(sim).latestTelemetry(['x']));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.details.retryAfterSeconds).toBe(120);
    expect(await counter('powerhub:telemetry_latest')).toBe(1);
  });

  it('retries a 503, then surfaces a persistent one as UPSTREAM_UNAVAILABLE', async () => {
    await admin.addFault({ endpoint: 'powerhub:telemetry', status: 503, count: 1 });
    expect(await client(sim).latestTelemetry(['x'])).toEqual([]);
    expect(await counter('powerhub:telemetry_latest')).toBe(2);

    await admin.resetCounters();
    await admin.addFault({ endpoint: 'powerhub:telemetry', status: 503 });
    const error = await failure(client(sim).latestTelemetry(['x']));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.details).toMatchObject({ upstreamStatus: 503, endpoint: 'telemetry_latest' });
    expect(error.message).toContain('3 attempt(s)');
    expect(await counter('powerhub:telemetry_latest')).toBe(3);
    expectNoSecrets(error);
  });

  it('retries a timeout, then reports status 0', async () => {
    await admin.addFault({ endpoint: 'powerhub:sites', latencyMs: 400 });
    const error = await failure(client(sim, { timeoutMs: 150, retries: 1 }).listSites());
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.details.upstreamStatus).toBe(0);
    expectNoSecrets(error);
  });

  it("passes Powerhub's reason for a 400 on, but never an error text that repeats a credential", async () => {
    const ph = client(sim);
    const past = await failure(
      ph.createDispatch({ siteIds: ['x'], mode: 'charge', perSiteKw: 1, start: new Date(START - 7200_000), end: new Date(START - 3600_000), idempotencyKey: 'client-test-past' }),
    );
    expect(past.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(past.details.upstreamStatus).toBe(400);
    expect(past.message).toContain('end is in the past');
    expect(await counter('powerhub:dispatches')).toBe(1); // a 400 is final

    await admin.addFault({ endpoint: 'powerhub:sites', status: 418, error: SECRET, count: 1 });
    const echoed = await failure(ph.listSites());
    expect(echoed.details.upstreamStatus).toBe(418);
    expectNoSecrets(echoed);
  });

  it('surfaces a failing token call as UPSTREAM_UNAVAILABLE after retries', async () => {
    await admin.addFault({ endpoint: 'powerhub:token', status: 500 });
    const error = await failure(client(sim).listSites());
    expect(error).not.toBeInstanceOf(PowerhubAuthError);
    expect(error.details).toMatchObject({ upstreamStatus: 500, endpoint: 'token' });
    expect(await counter('powerhub:token')).toBe(3);
    expectNoSecrets(error);
  });
});

describe('PowerhubClient dispatches', () => {
  it('creates, reads and cancels a dispatch; storm-watch sites come back rejected', async () => {
    const ph = client(sim);
    const sites = await ph.listSites();
    const demo = await admin.account('demo');
    const storm = sites.find((s) => s.energySiteId === demo.energySiteIds[0])!;
    const large = sites.filter((s) => s.energySiteId !== null && !demo.energySiteIds.includes(s.energySiteId)).slice(-2);
    const input = {
      siteIds: [storm.siteId, ...large.map((s) => s.siteId)],
      mode: 'discharge' as const,
      perSiteKw: 2,
      start: new Date(START),
      end: new Date(START + 3600_000),
      idempotencyKey: 'client-test-1',
    };
    const ack = await ph.createDispatch(input);
    expect(ack.sites).toEqual([
      { siteId: storm.siteId, status: 'rejected', reason: 'storm watch active' },
      ...large.map((s) => ({ siteId: s.siteId, status: 'accepted', reason: null })),
    ]);
    expect((await ph.createDispatch(input)).dispatchId).toBe(ack.dispatchId);

    await fetch(`${sim.url}/sim/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 300 }) });
    const active = await ph.getDispatch(ack.dispatchId);
    expect(active.state).toBe('active');
    for (const site of active.sites.slice(1)) expect(site.deliveredKwh).toBeCloseTo(2 * (5 / 60), 3);
    expect(active.sites[0]!.deliveredKwh).toBe(0);
    const readings = await ph.latestTelemetry(large.map((s) => s.siteId));
    expect(readings.every((r) => r.gridServicesActive && r.batteryPowerKw === 2)).toBe(true);

    await ph.cancelDispatch(ack.dispatchId);
    expect((await ph.getDispatch(ack.dispatchId)).state).toBe('cancelled');
    expect((await ph.latestTelemetry(large.map((s) => s.siteId))).some((r) => r.gridServicesActive)).toBe(false);

    const missing = await failure(ph.getDispatch('phd-nope'));
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('retries a create after a 503; the idempotency key keeps it single', async () => {
    const ph = client(sim);
    const [site] = (await ph.listSites()).slice(-5);
    await admin.addFault({ endpoint: 'powerhub:dispatch', deviceId: 'create', status: 503, count: 1 });
    const now = Date.parse((await (await fetch(`${sim.url}/sim/clock`)).json()).now);
    const ack = await ph.createDispatch({
      siteIds: [site!.siteId],
      mode: 'charge',
      perSiteKw: 1,
      start: new Date(now + 60_000),
      end: new Date(now + 120_000),
      idempotencyKey: 'client-test-2',
    });
    expect(ack.sites[0]!.status).toBe('accepted');
    expect((await admin.counters()).byEndpointAndDevice['powerhub:dispatches:create']).toBe(2);
    expect((await ph.getDispatch(ack.dispatchId)).state).toBe('scheduled');
    await ph.cancelDispatch(ack.dispatchId);
  });
});
