import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Bus } from '../../src/bus/bus.js';
import { MemoryBus } from '../../src/bus/memory-bus.js';
import { RedisBus } from '../../src/bus/redis-bus.js';
import { CommandRateLimits } from '../../src/commands/command-rate-limits.js';
import { createLogger } from '../../src/observability/logger.js';
import { teslaAppKey } from '../../src/tesla/tesla-app-key.js';
import { TeslaBilling } from '../../src/tesla/tesla-billing.js';

// What Tesla counts per app is shared by the instances of one deployment, and by nothing else on the
// same Redis: another deployment, or a test stack with its own simulator, keeps its own.
const redisUrl = process.env['REDIS_URL'];
const logger = createLogger('silent');

describe('teslaAppKey', () => {
  it('names the app by its client id and the Fleet API host it calls', () => {
    expect(teslaAppKey('abc', 'https://fleet-api.prd.na.vn.cloud.tesla.com')).toBe('abc@fleet-api.prd.na.vn.cloud.tesla.com');
    expect(teslaAppKey('abc', 'http://127.0.0.1:4100/regions/na')).not.toBe(teslaAppKey('abc', 'http://127.0.0.1:4200/regions/na'));
  });
});

const buses: [string, () => Bus][] = [['in-process', () => new MemoryBus()]];
if (redisUrl) buses.push(['redis', () => new RedisBus(redisUrl)]);

describe.each(buses)('the billing limit on the %s bus', (_name, open) => {
  const opened: Bus[] = [];
  afterAll(async () => {
    for (const b of opened) await b.close();
  });

  it("is shared by the instances of one app, and not seen by another app's", async () => {
    const bus = open();
    opened.push(bus);
    const app = teslaAppKey(`client-${randomUUID()}`, 'http://127.0.0.1:4100/regions/na');
    const other = teslaAppKey(`client-${randomUUID()}`, 'http://127.0.0.1:4100/regions/na');
    new TeslaBilling(bus, 60_000, logger, app).record('account disabled: EXCEEDED_LIMIT');
    await new Promise((r) => setTimeout(r, 100)); // the shared state is written in the background

    const sameApp = new TeslaBilling(bus, 60_000, logger, app);
    const otherApp = new TeslaBilling(bus, 60_000, logger, other);
    expect((await sameApp.state()).exceeded).toBe(true);
    expect(await sameApp.pausesNonEssential()).toBe(true);
    expect((await otherApp.state()).exceeded).toBe(false);
    expect(await otherApp.pausesNonEssential()).toBe(false);
  });
});

describe.runIf(redisUrl)("the gateway's global send budget on Redis", () => {
  const limits: CommandRateLimits[] = [];
  afterAll(async () => {
    for (const l of limits) await l.close();
  });
  const open = (appKey: string) => {
    const l = new CommandRateLimits({ perDevice: 30, perDeviceWindowS: 60, globalPerSecond: 5, redisUrl, appKey });
    limits.push(l);
    return l;
  };

  it("is shared by the instances of one app, and another app's sends do not draw from it", async () => {
    const app = teslaAppKey(`client-${randomUUID()}`, 'http://127.0.0.1:4100/regions/na');
    const other = teslaAppKey(`client-${randomUUID()}`, 'http://127.0.0.1:4200/regions/na');
    const [a1, a2, b] = [open(app), open(app), open(other)];
    expect(await a1.reserve(`device-${randomUUID()}`, 5)).toBe(0);
    // The app's budget for this second is spent, for each of its instances...
    expect(await a2.reserve(`device-${randomUUID()}`, 1)).toBeGreaterThan(0);
    // ...and another app on the same Redis still has all of its own.
    expect(await b.reserve(`device-${randomUUID()}`, 5)).toBe(0);
  });
});
