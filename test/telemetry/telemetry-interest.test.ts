import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisBus } from '../../src/bus/redis-bus.js';
import { createLogger } from '../../src/observability/logger.js';
import { TelemetryInterest } from '../../src/telemetry/telemetry-interest.js';
import { waitUntil } from '../helpers/ws-client.js';

const INTERVAL_MS = 200;
const logger = createLogger('silent');

/** Interest across instances lives in Redis with expiry: a dead instance's subscribers stop counting. */
describe.runIf(process.env['REDIS_URL'])('telemetry interest in Redis', () => {
  const buses: RedisBus[] = [];
  const instance = () => {
    const bus = new RedisBus(process.env['REDIS_URL']!);
    buses.push(bus);
    return { bus, interest: new TelemetryInterest(bus, randomUUID(), INTERVAL_MS, logger) };
  };
  afterAll(async () => {
    for (const bus of buses) await bus.close().catch(() => undefined);
  });

  it('a site stays watched while any instance watches it, and stops the moment the last one leaves', async () => {
    const a = instance();
    const b = instance();
    const site = randomUUID();
    const leaveA = await a.interest.watch([site]);
    const leaveB = await b.interest.watch([site]);
    expect(await a.interest.watchedSiteIds()).toContain(site);
    leaveA();
    await new Promise((r) => setTimeout(r, 50));
    expect(await b.interest.watchedSiteIds()).toContain(site);
    leaveB();
    await waitUntil(async () => !(await a.interest.watchedSiteIds()).includes(site), 1000, 'the site to be unwatched');
    a.interest.close();
    b.interest.close();
  });

  it("a dead instance's interest expires within three intervals, while a live one's is kept", async () => {
    const dying = instance();
    const living = instance();
    const observer = instance();
    const dyingSite = randomUUID();
    const livingSite = randomUUID();
    await dying.interest.watch([dyingSite]);
    await living.interest.watch([livingSite]);
    // Dies without withdrawing anything: its Redis connection is gone, its refresh timer fails.
    await dying.bus.close();
    const diedAt = Date.now();
    await waitUntil(async () => !(await observer.interest.watchedSiteIds()).includes(dyingSite), 3 * INTERVAL_MS + 500, 'the dead instance’s interest to expire');
    expect(Date.now() - diedAt).toBeLessThanOrEqual(3 * INTERVAL_MS + 500);
    // Refreshed every interval, the living instance's interest outlives its first expiry many times over.
    await new Promise((r) => setTimeout(r, 5 * INTERVAL_MS));
    expect(await observer.interest.watchedSiteIds()).toContain(livingSite);
    dying.interest.close();
    living.interest.close();
    observer.interest.close();
  });
});
