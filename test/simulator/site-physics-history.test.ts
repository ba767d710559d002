import { describe, expect, it } from 'vitest';
import { BUCKET_MS } from '../../src/simulator/physics/energy-ledger.js';
import { World } from '../../src/simulator/world.js';
import { START } from './sim-client.js';

/**
 * A large-account site's history before the start time is integrated only when calendar_history
 * asks for it — not by the first settings change, which would make that request pay for two days
 * of physics steps — and it is the history of the settings the site started with either way.
 */
describe("a large-account site's deferred history", () => {
  const SEED = 11;
  const worlds = () => [new World(SEED, START, { largeAccountSites: 3 }), new World(SEED, START, { largeAccountSites: 3 })] as const;
  const largeSite = (world: World, index: number) => world.site(String(world.account('large')!.sites[index]!.energySiteId))!;
  // Every 5-minute bucket from two days before the start up to it.
  const buckets = Array.from({ length: (2 * 86_400_000) / BUCKET_MS }, (_, i) => Math.floor((START - 2 * 86_400_000) / BUCKET_MS) * BUCKET_MS + i * BUCKET_MS);
  const yesterdayNoon = START - 86_400_000;

  it('is not integrated by a settings change, and still follows the settings the site had', () => {
    const [changed, untouched] = worlds();
    const site = largeSite(changed, 1);
    const twin = largeSite(untouched, 1);
    expect(site.site.settings).toEqual(twin.site.settings);
    changed.updateSite(site, START + 600_000, (s) => {
      s.settings.backupReservePercent = 100;
      s.settings.operationMode = 'backup';
      s.settings.exportRule = 'battery_ok';
      s.environment.stormWatchActive = true;
    });
    expect(site.physics.ledger.bucket(Math.floor(yesterdayNoon / BUCKET_MS) * BUCKET_MS)).toBeUndefined();

    site.physics.completeHistory();
    twin.physics.completeHistory();
    const history = (w: typeof site) => buckets.map((b) => w.physics.ledger.bucket(b) ?? null);
    expect(history(site).filter(Boolean).length).toBeGreaterThan(200);
    expect(history(site)).toEqual(history(twin));
    // The change itself holds from its instant on.
    expect(site.site.settings.backupReservePercent).toBe(100);
    expect(site.physics.snapshot(START + 1_200_000).batteryW).toBeLessThanOrEqual(0);
  });
});
