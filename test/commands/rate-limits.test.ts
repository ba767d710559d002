import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandByIdDocument, SetStormModeDocument } from '../../schema/generated/graphql.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

describe("the gateway's own command rate limit", () => {
  let stack: TestStack;
  let org: Awaited<ReturnType<TestStack['demoOrganization']>>;

  beforeAll(async () => {
    // One command per device per 3 s: the second command to a site has to wait its turn.
    stack = await startTestStack({ env: { COMMAND_POLL_INTERVAL_S: '0.5', COMMAND_DEVICE_RATE: '1', COMMAND_DEVICE_RATE_WINDOW_S: '3' } });
    org = await stack.demoOrganization();
  });
  afterAll(() => stack?.close());

  it('holds a command over the per-device budget in the queue, then sends it: it waits, it does not fail', async () => {
    const { id, energySiteId } = await stack.firstBatterySite(org.apiKey);
    await stack.sim.resetCounters();
    const first = await stack.execute(SetStormModeDocument, { input: { siteId: id, enabled: true } }, org.apiKey);
    const second = await stack.execute(SetStormModeDocument, { input: { siteId: id, enabled: false } }, org.apiKey);
    const reasons = new Set<string>();
    const deadline = Date.now() + 30_000;
    let statuses: string[] = [];
    while (Date.now() < deadline) {
      const commands = await Promise.all(
        [first.data!.setStormMode.command.id, second.data!.setStormMode.command.id].map(async (cid) => (await stack.execute(CommandByIdDocument, { id: cid }, org.apiKey)).data!.command!),
      );
      for (const c of commands) if (c.reason) reasons.add(c.reason);
      statuses = commands.map((c) => c.status);
      if (statuses.every((s) => s === 'SUCCEEDED' || s === 'FAILED')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(statuses).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect([...reasons].some((r) => r.includes('rate limit'))).toBe(true);
    expect((await stack.sim.counters()).byEndpointAndDevice[`storm_mode:${energySiteId}`]).toBe(2);
  });
});
