import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { accounts, boot, get, mintToken, START } from './sim-client.js';

/** Everything but tokens and URLs must follow from (seed, startTime) alone. */

let a: RunningSimulator;
let b: RunningSimulator;
let other: RunningSimulator;

beforeAll(async () => {
  [a, b, other] = await Promise.all([boot({ seed: 7 }), boot({ seed: 7 }), boot({ seed: 8 })]);
});
afterAll(() => Promise.all([a.close(), b.close(), other.close()]));

async function snapshot(sim: RunningSimulator) {
  const token = (await mintToken(sim)).access_token;
  const products = (await get(sim, '/api/1/products', token)).text;
  const demo = (await accounts(sim)).demo!;
  const siteInfos = [];
  const lives = [];
  for (const id of demo.energySiteIds) {
    siteInfos.push((await get(sim, `/api/1/energy_sites/${id}/site_info`, token)).text);
    lives.push((await get(sim, `/api/1/energy_sites/${id}/live_status`, token)).text);
  }
  return { products, siteInfos, lives, accounts: await accounts(sim) };
}

describe('determinism', () => {
  it('gives identical worlds for the same seed and start time', async () => {
    const [x, y] = await Promise.all([snapshot(a), snapshot(b)]);
    expect(x.accounts).toEqual(y.accounts);
    expect(x.products).toBe(y.products);
    expect(x.siteInfos).toEqual(y.siteInfos);
    expect(x.lives).toEqual(y.lives);
  });

  it('gives a different world for a different seed', async () => {
    const [x, z] = await Promise.all([snapshot(a), snapshot(other)]);
    expect(x.products).not.toBe(z.products);
    expect(x.accounts.demo!.energySiteIds).not.toEqual(z.accounts.demo!.energySiteIds);
  });

  it('regenerates the same world after /sim/reset', async () => {
    const before = await snapshot(a);
    await fetch(`${a.url}/sim/reset`, { method: 'POST' });
    const after = await snapshot(a);
    expect(after.accounts).toEqual(before.accounts);
    expect(after.siteInfos).toEqual(before.siteInfos);
  });

  it('uses the start time as the simulated now', async () => {
    const clock = (await get(a, '/sim/clock')).body;
    expect(clock.epochMs).toBe(START);
    expect(clock.now).toBe(new Date(START).toISOString());
    expect(clock.speed).toBe(0);
  });
});
