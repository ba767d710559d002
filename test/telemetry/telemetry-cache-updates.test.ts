import { describe, expect, it } from 'vitest';
import { useDemoStack } from '../helpers/demo-stack.js';
import { waitUntil } from '../helpers/ws-client.js';

/**
 * Issue 11 item 13: a siteTelemetry event carries the site with its id, and that site's liveStatus is
 * the sample just read — so a normalised client cache updates the site card from the stream alone.
 */

interface Live {
  timestamp: string;
  batteryPowerW: number;
}
interface Event {
  siteTelemetry: { sampledAt: string; liveStatus: Live | null; site: { id: string; liveStatus: Live | null } };
}

describe('siteTelemetry events update a normalised cache', () => {
  // A cache shorter than the interval: the site's liveStatus cannot come from the cache by luck.
  const demo = useDemoStack({ TELEMETRY_INTERVAL_S: '1', UPSTREAM_CACHE_TTL_S: '0.05' });

  it("gives each event's sample as the site's liveStatus, event after event", async () => {
    await demo.stack.sim.resetCounters();
    const client = demo.ws.client(demo.stack.gatewayUrl, demo.org.apiKey);
    const sub = demo.ws.subscribe<Event>(
      client,
      `subscription($ids: [ID!]!) { siteTelemetry(siteIds: $ids) { sampledAt liveStatus { timestamp batteryPowerW } site { id liveStatus { timestamp batteryPowerW } } } }`,
      { ids: [demo.site.id] },
    );
    await waitUntil(() => new Set(sub.events.map((e) => e.siteTelemetry.sampledAt)).size >= 3, 20_000, 'three distinct samples');
    expect(sub.errors).toEqual([]);
    for (const { siteTelemetry: event } of sub.events) {
      expect(event.site.id).toBe(demo.site.id);
      expect(event.site.liveStatus).toEqual(event.liveStatus);
    }
    // And at no extra Tesla call: one live_status read per sample (the poller's), none per event.
    const counters = await demo.stack.sim.counters();
    const samples = new Set(sub.events.map((e) => e.siteTelemetry.sampledAt)).size;
    expect(counters.byEndpointAndDevice[`live_status:${demo.site.energySiteId}`]).toBeLessThanOrEqual(samples + 1);
  });
});
