import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../src/bus/memory-bus.js';
import { createLogger } from '../../src/observability/logger.js';
import { TelemetryRetention } from '../../src/telemetry/telemetry-retention.js';
import { TelemetryStore } from '../../src/telemetry/telemetry-store.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

const DAY = 86_400_000;

describe('telemetry retention', () => {
  let stack: TestStack;
  let siteId: string;

  beforeAll(async () => {
    stack = await startTestStack();
    const org = await stack.demoOrganization();
    siteId = (await stack.gateway.database.db.selectFrom('sites').select('id').where('organization_id', '=', org.organizationId).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('deletes samples and backfill marks older than the retention period, once per hour across workers', async () => {
    const db = stack.gateway.database.db;
    const sample = (ageDays: number, source: 'POLL' | 'CALENDAR_HISTORY') => ({
      site_id: siteId,
      source,
      sampled_at: new Date(Date.now() - ageDays * DAY),
      period_s: source === 'POLL' ? 0 : 300,
      solar_power_w: 1000,
      battery_power_w: 0,
      load_power_w: 1000,
      grid_power_w: 0,
      percentage_charged: null,
      energy_left_wh: null,
      grid_status: null,
    });
    await db.insertInto('telemetry_samples').values([sample(100, 'CALENDAR_HISTORY'), sample(95, 'POLL'), sample(10, 'POLL'), sample(0.01, 'POLL')]).execute();
    const oldDay = new Date(Date.now() - 100 * DAY).toISOString().slice(0, 10);
    const recentDay = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
    await db
      .insertInto('telemetry_backfills')
      .values([
        { site_id: siteId, local_day: oldDay, bucket_count: 288 },
        { site_id: siteId, local_day: recentDay, bucket_count: 288 },
      ])
      .execute();

    const bus = new MemoryBus();
    const logger = createLogger('silent');
    const first = new TelemetryRetention(bus, new TelemetryStore(db), 90, 'worker-1', logger);
    const second = new TelemetryRetention(bus, new TelemetryStore(db), 90, 'worker-2', logger);
    expect(await first.runOnce()).toBe(2);
    expect(await second.runOnce()).toBeNull(); // this hour's turn is taken

    const left = await db.selectFrom('telemetry_samples').select(['sampled_at', 'source']).where('site_id', '=', siteId).orderBy('sampled_at').execute();
    expect(left).toHaveLength(2);
    expect(left.every((r) => Date.now() - new Date(r.sampled_at).getTime() < 11 * DAY)).toBe(true);
    const marks = await db.selectFrom('telemetry_backfills').select((eb) => eb.cast<string>('local_day', 'text').as('day')).where('site_id', '=', siteId).execute();
    expect(marks.map((m) => m.day)).toEqual([recentDay]);
  });
});
