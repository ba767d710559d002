import { describe, expect, it } from 'vitest';
import { useDemoStack } from '../helpers/demo-stack.js';

interface TelemetryEvent {
  siteTelemetry: { site: { id: string }; stale: boolean; sampledAt: string; ageSeconds: number; liveStatus: { batteryPowerW: number; loadPowerW: number } | null };
}

const QUERY = 'subscription ($ids: [ID!]!) { siteTelemetry(siteIds: $ids) { site { id } stale sampledAt ageSeconds liveStatus { batteryPowerW loadPowerW } } }';

describe('siteTelemetry', () => {
  const demo = useDemoStack({ TELEMETRY_INTERVAL_S: '1' });
  const { ws } = demo;
  const client = (apiKey: string) => ws.client(demo.stack.gatewayUrl, apiKey);

  it('20 subscribers to one site cost one Tesla call per interval, and the last to leave stops the polling', async () => {
    await demo.stack.sim.resetCounters();
    const received = new Map<number, TelemetryEvent[]>();
    const stops = Array.from({ length: 20 }, (_, i) => {
      received.set(i, []);
      return client(demo.org.apiKey).subscribe<TelemetryEvent>(
        { query: QUERY, variables: { ids: [demo.site.id] } },
        { next: (e) => received.get(i)!.push(e.data as TelemetryEvent), error: (e) => received.get(i)!.push({ error: e } as never), complete: () => {} },
      );
    });
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 4500));
    const elapsedIntervals = (Date.now() - started) / 1000;
    for (const events of received.values()) {
      expect(events.length).toBeGreaterThanOrEqual(2);
      for (const e of events) {
        expect(e.siteTelemetry.site.id).toBe(demo.site.id);
        expect(e.siteTelemetry.stale).toBe(false);
        expect(typeof e.siteTelemetry.liveStatus!.loadPowerW).toBe('number');
        // Delivered fresh: its age at delivery is under one interval.
        expect(e.siteTelemetry.ageSeconds).toBeGreaterThanOrEqual(0);
        expect(e.siteTelemetry.ageSeconds).toBeLessThan(1);
      }
    }
    const calls = (await demo.stack.sim.counters()).byEndpointAndDevice[`live_status:${demo.site.energySiteId}`] ?? 0;
    // One poll per interval (plus the first at once), never one per subscriber.
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(calls).toBeLessThanOrEqual(Math.ceil(elapsedIntervals) + 2);

    // /metrics shows this instance watching and polling the one site.
    const metrics = await (await fetch(`${demo.stack.gatewayUrl}/metrics`)).text();
    expect(metrics).toMatch(/^derms_telemetry_watched_sites 1$/m);
    expect(metrics).toMatch(/^derms_telemetry_polled_sites 1$/m);
    expect(metrics).toMatch(/^derms_telemetry_polls_total\{result="ok"\} [1-9]/m);
    expect(metrics).toContain("# TYPE derms_commands_open gauge");

    for (const stop of stops) stop();
    await new Promise((r) => setTimeout(r, 500));
    const afterLeave = (await demo.stack.sim.counters()).byEndpointAndDevice[`live_status:${demo.site.energySiteId}`] ?? 0;
    await new Promise((r) => setTimeout(r, 2500));
    expect((await demo.stack.sim.counters()).byEndpointAndDevice[`live_status:${demo.site.energySiteId}`] ?? 0).toBe(afterLeave);
  });

  it('marks a site stale when its poll fails, instead of skipping it', async () => {
    await demo.stack.sim.addFault({ endpoint: 'live_status', deviceId: demo.site.energySiteId, status: 500 });
    const faultFrom = Date.now();
    const events: TelemetryEvent[] = [];
    const stop = client(demo.org.apiKey).subscribe<TelemetryEvent>({ query: QUERY, variables: { ids: [demo.site.id] } }, { next: (e) => events.push(e.data as TelemetryEvent), error: () => {}, complete: () => {} });
    await new Promise((r) => setTimeout(r, 4000));
    stop();
    await demo.stack.sim.clearFaults();
    // The first event may be the latest good sample, read before the fault: every poll since is stale.
    const since = events.filter((e) => Date.parse(e.siteTelemetry.sampledAt) >= faultFrom);
    expect(since.length).toBeGreaterThanOrEqual(2);
    expect(since.every((e) => e.siteTelemetry.stale && e.siteTelemetry.liveStatus === null)).toBe(true);
  });

  it("refuses another organization's site", async () => {
    const other = await demo.stack.createOrganization();
    const result = await new Promise<unknown>((resolve) => {
      client(other.apiKey).subscribe({ query: QUERY, variables: { ids: [demo.site.id] } }, { next: resolve, error: resolve, complete: () => resolve('complete') });
    });
    expect(JSON.stringify(result)).toContain('NOT_FOUND');
  });
});
