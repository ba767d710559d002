import { beforeAll, describe, expect, it } from 'vitest';
import { FaultInjector } from '../../src/simulator/faults.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { call, faultSimulatorFixture, get, type SimAccount } from './sim-client.js';

/**
 * Random faults (`probability` + `outcomes`): a share of requests fails with a drawn outcome, from
 * the simulator's seed; a refused write is not carried out, a timed-out one is (Tesla did it and
 * answered late), and `applied…` counters tell the two apart.
 */

const MIX = [{ status: 429, retryAfterSeconds: 1 }, { status: 500 }, { status: 503 }, { status: 408 }, { timeoutMs: 400 }];

describe('FaultInjector with a probability', () => {
  const draws = (seed: number, n = 400) => {
    const faults = new FaultInjector(seed);
    faults.add({ endpoint: '*', probability: 0.2, outcomes: MIX });
    return Array.from({ length: n }, () => faults.take('live_status', ['1']));
  };

  it('hits about that share of requests, with every outcome, the same way for the same seed', () => {
    const first = draws(42);
    const hits = first.filter((f) => f !== undefined);
    expect(hits.length).toBeGreaterThan(400 * 0.12);
    expect(hits.length).toBeLessThan(400 * 0.28);
    const kinds = new Set(hits.map((f) => (f!.timeoutMs ? 'timeout' : String(f!.status))));
    expect(kinds).toEqual(new Set(['429', '500', '503', '408', 'timeout']));
    expect(hits.find((f) => f!.status === 429)).toMatchObject({ status: 429, retryAfterSeconds: 1 });
    // Reproducible: the same seed draws the same faults for the same sequence of requests.
    expect(draws(42)).toEqual(first);
    expect(draws(7)).not.toEqual(first);
  });

  it('lets misses through to the next fault, counts hits and misses, and uses `count` on hits only', () => {
    const faults = new FaultInjector(1);
    const random = faults.add({ endpoint: 'site_info', probability: 0.5, count: 5, outcomes: [{ status: 500 }, { status: 503, weight: 3 }] });
    faults.add({ endpoint: 'site_info', status: 418 });
    const taken = Array.from({ length: 40 }, () => faults.take('site_info', []));
    // Five hits of the random fault, the rest fell through to the fixed one.
    expect(taken.filter((f) => f?.id === random.id)).toHaveLength(5);
    expect(taken.filter((f) => f?.status === 418)).toHaveLength(35);
    expect(faults.list()).toHaveLength(1);
    expect(random.applied).toBe(5);
    expect(random.outcomeCounts!.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('never hits with probability 0 and always with 1; clear() starts the draws over', () => {
    const faults = new FaultInjector(3);
    faults.add({ endpoint: '*', probability: 0 });
    expect(Array.from({ length: 50 }, () => faults.take('products', [])).every((f) => f === undefined)).toBe(true);
    faults.clear();
    faults.add({ endpoint: '*', probability: 1, outcomes: MIX });
    const a = Array.from({ length: 20 }, () => faults.take('products', []));
    expect(a.every((f) => f !== undefined)).toBe(true);
    faults.clear();
    faults.add({ endpoint: '*', probability: 1, outcomes: MIX });
    expect(Array.from({ length: 20 }, () => faults.take('products', []))).toEqual(a.map((f) => ({ ...f, id: 'fault-3' })));
  });
});

describe('random faults over HTTP', () => {
  const fixture = faultSimulatorFixture({ rateLimits: { dataPerMinute: 0, commandsPerMinute: 0 } });
  const { addFault } = fixture;
  let sim: RunningSimulator;
  let demo: SimAccount;
  let token: string;
  beforeAll(() => void ({ sim, demo, token } = fixture));
  const backup = (site: string, percent: number, signal?: AbortSignal) =>
    fetch(`${sim.url}/api/1/energy_sites/${site}/backup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ backup_reserve_percent: percent }),
      ...(signal ? { signal } : {}),
    });
  const reserveOf = async (site: string) => (await get(sim, `/sim/sites/${site}`)).body.settings.backupReservePercent as number;

  it('validates the spec: probability in 0–1, outcomes not mixed with the fault’s own effect', async () => {
    expect((await call(sim, 'POST', '/sim/faults', { body: { endpoint: '*', probability: 1.5 } })).status).toBe(400);
    expect((await call(sim, 'POST', '/sim/faults', { body: { endpoint: '*', probability: 0.2, status: 500, outcomes: [{ status: 503 }] } })).status).toBe(400);
    expect((await call(sim, 'POST', '/sim/faults', { body: { endpoint: '*', probability: 0.2, outcomes: [] } })).status).toBe(400);
    await addFault({ endpoint: '*', probability: 0.2, outcomes: MIX });
    expect((await get(sim, '/sim/faults')).body[0]).toMatchObject({ probability: 0.2, applied: 0, passed: 0, outcomeCounts: [0, 0, 0, 0, 0] });
  });

  it('fails about the given share of reads with the drawn outcomes, in Tesla’s envelopes', async () => {
    await addFault({ endpoint: 'live_status', probability: 0.3, outcomes: [{ status: 429, retryAfterSeconds: 2 }, { status: 500 }, { status: 503 }, { status: 408 }] });
    const site = demo.energySiteIds[0]!;
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await get(sim, `/api/1/energy_sites/${site}/live_status`, token);
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('retry-after')).toBe('2');
      if (res.status === 408) expect(res.body.error).toBe('vehicle unavailable: vehicle is offline or asleep');
      if (res.status !== 200) expect(res.body).toMatchObject({ response: null });
    }
    const failed = statuses.filter((s) => s !== 200).length;
    expect(failed).toBeGreaterThan(10);
    expect(failed).toBeLessThan(50);
    const [fault] = (await get(sim, '/sim/faults')).body;
    expect(fault.applied).toBe(failed);
    expect(fault.passed).toBe(100 - failed);
    expect((await get(sim, '/sim/counters')).body.byEndpoint.live_status).toBe(100);
  });

  it('does not carry out a write it refuses (429, 5xx, 408): nothing applied', async () => {
    const site = demo.energySiteIds[0]!;
    const before = await reserveOf(site);
    for (const outcome of [{ status: 429, retryAfterSeconds: 1 }, { status: 500 }, { status: 503 }, { status: 408 }]) {
      await addFault({ endpoint: 'backup', probability: 1, count: 1, outcomes: [outcome] });
      expect((await backup(site, before === 55 ? 56 : 55)).status).toBe(outcome.status);
    }
    expect(await reserveOf(site)).toBe(before);
    const counters = (await get(sim, '/sim/counters')).body;
    expect(counters.byEndpointAndDevice[`backup:${site}`]).toBe(4);
    expect(counters.applied).toBe(0);
    expect(counters.appliedByEndpointAndDevice).toEqual({});
  });

  it('carries out a timed-out write at once and answers it late: the client gives up, the setting took, it counts as applied', async () => {
    const site = demo.energySiteIds[0]!;
    const target = (await reserveOf(site)) === 42 ? 43 : 42;
    await addFault({ endpoint: 'backup', deviceId: site, probability: 1, count: 1, outcomes: [{ timeoutMs: 1500 }] });
    const started = Date.now();
    await expect(backup(site, target, AbortSignal.timeout(300))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
    // Tesla did it: a read right after the client's timeout shows the new setting.
    expect(await reserveOf(site)).toBe(target);
    let counters = (await get(sim, '/sim/counters')).body;
    expect(counters.appliedByEndpointAndDevice).toEqual({ [`backup:${site}`]: 1 });
    // A patient client gets the good answer, late.
    await addFault({ endpoint: 'backup', deviceId: site, probability: 1, count: 1, outcomes: [{ timeoutMs: 300 }] });
    const patient = Date.now();
    const late = await backup(site, target);
    expect(late.status).toBe(200);
    expect(Date.now() - patient).toBeGreaterThanOrEqual(280);
    counters = (await get(sim, '/sim/counters')).body;
    expect(counters.appliedByEndpointAndDevice).toEqual({ [`backup:${site}`]: 2 });
    expect(counters.appliedByEndpoint).toEqual({ backup: 2 });
    // Reads never count as applied writes; neither does a write Tesla refuses on its own (400).
    await get(sim, `/api/1/energy_sites/${site}/site_info`, token);
    expect((await backup(site, 101)).status).toBe(400);
    expect((await get(sim, '/sim/counters')).body.applied).toBe(2);
  });
});
