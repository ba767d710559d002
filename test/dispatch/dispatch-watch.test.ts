import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DispatchBatteryDocument, DispatchByIdDocument } from '../../schema/generated/graphql.js';
import { siteSelector, startDispatchFleet, waitFor, type DemoOrganization, type FleetSite } from '../helpers/dispatch-fleet.js';
import type { TestStack } from '../helpers/test-stack.js';

const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED'];

/**
 * A dispatch step watches its battery respond from delayed jobs (one live_status read each), not
 * from a worker that sleeps through the verification interval: with one worker, the next site's
 * levers go out while the first site is still being watched.
 */
describe('dispatch steps watch the battery without holding a worker', () => {
  let stack: TestStack;
  let org: DemoOrganization;
  let sites: FleetSite[];

  beforeAll(async () => {
    ({ stack, org, sites } = await startDispatchFleet({ COMMAND_CONCURRENCY: '1', DISPATCH_VERIFY_INTERVAL_S: '8', DISPATCH_VERIFY_POLLS: '5' }));
  });
  afterAll(async () => {
    await stack?.close();
  });

  const { pick } = siteSelector(() => sites);
  const appliedWrites = async (energySiteId: string) => {
    const { appliedByEndpointAndDevice } = await stack.sim.counters();
    return Object.entries(appliedByEndpointAndDevice).reduce((sum, [key, n]) => sum + (key.endsWith(`:${energySiteId}`) ? n : 0), 0);
  };

  it("with one worker, the second site's levers are set while the first is still watched; both then succeed", { timeout: 90_000 }, async () => {
    const exporting = (s: FleetSite) => s.sim.settings.exportRule === 'battery_ok' && s.soc > 40;
    const [a, b] = [pick(exporting), pick(exporting)];
    await stack.sim.resetCounters();
    const created = await stack.execute(
      DispatchBatteryDocument,
      { input: { siteIds: [a.id, b.id], mode: 'DISCHARGE', enableGridInteraction: true, until: new Date(Date.now() + 600_000).toISOString() } },
      org.apiKey,
    );
    expect(created.errors).toBeUndefined();
    const dispatchId = created.data!.dispatchBattery.dispatch!.id;
    const steps = async () => {
      const edges = (await stack.execute(DispatchByIdDocument, { id: dispatchId }, org.apiKey)).data!.dispatch!.commands.edges;
      return edges.map((e) => e.node).filter((c) => c.kind === 'DISPATCH_SITE');
    };

    // Both sites' levers have reached Tesla…
    const applied = await waitFor(async () => [await appliedWrites(a.energySiteId), await appliedWrites(b.energySiteId)], ([x, y]) => x! > 0 && y! > 0, 30_000);
    expect(applied.every((n) => n > 0)).toBe(true);
    // …while a step is still being watched (the first read comes 8 s after its levers). A worker
    // that slept through the watch would have set the second site's levers only after the first ended.
    // Neither step has ended: the one sent first is being watched, the other's levers are going out
    // (or are out). The jobs' order is the queue's, so either site may be first.
    const watching = (c: { status: string; reason?: string | null }) => c.status === 'SENT' && /watching the battery respond/.test(c.reason ?? '');
    const meanwhile = await steps();
    expect(meanwhile.map((c) => c.status)).toEqual(['SENT', 'SENT']);
    expect(meanwhile.some(watching)).toBe(true);

    const settled = await waitFor(steps, (cs) => cs.length === 2 && cs.every((c) => TERMINAL.includes(c.status)), 60_000);
    expect(settled.map((c) => c.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(settled.every((c) => c.reason === null)).toBe(true);
  });

  it('a watched step is read when its interval is up, before steps still waiting to be sent', { timeout: 120_000 }, async () => {
    const exporting = (s: FleetSite) => s.sim.settings.exportRule === 'battery_ok' && s.soc > 40;
    const five = [pick(exporting), pick(exporting), pick(exporting), pick(exporting), pick(exporting)];
    // Every Tesla call takes 800 ms: one worker needs well over the 8 s watch interval to send five steps.
    await stack.sim.addFault({ endpoint: '*', latencyMs: 800 });
    try {
      await stack.sim.resetCounters();
      const created = await stack.execute(
        DispatchBatteryDocument,
        { input: { siteIds: five.map((s) => s.id), mode: 'DISCHARGE', enableGridInteraction: true, until: new Date(Date.now() + 600_000).toISOString() } },
        org.apiKey,
      );
      expect(created.errors).toBeUndefined();
      const dispatchId = created.data!.dispatchBattery.dispatch!.id;
      // Until every site's levers are out, watch for a step that already ended: the queue is first
      // in, first out, so without urgent watch reads no step could end before the last site was sent.
      let endedWhileSending = 0;
      const deadline = Date.now() + 90_000;
      for (;;) {
        const applied = await Promise.all(five.map((s) => appliedWrites(s.energySiteId)));
        const edges = (await stack.execute(DispatchByIdDocument, { id: dispatchId }, org.apiKey)).data!.dispatch!.commands.edges;
        const ended = edges.filter((e) => e.node.kind === 'DISPATCH_SITE' && TERMINAL.includes(e.node.status)).length;
        if (applied.every((n) => n > 0)) break;
        endedWhileSending = Math.max(endedWhileSending, ended);
        if (Date.now() > deadline) throw new Error(`levers not out after 90 s: ${JSON.stringify(applied)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(endedWhileSending).toBeGreaterThan(0);
    } finally {
      await stack.sim.clearFaults();
    }
  });
});
