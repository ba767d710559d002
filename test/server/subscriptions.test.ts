import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DisconnectTeslaAccountDocument, SetStormModeDocument } from '../../schema/generated/graphql.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { wsClients } from '../helpers/ws-client.js';

type Org = Awaited<ReturnType<TestStack['demoOrganization']>>;

describe('subscriptions over WebSocket (graphql-transport-ws)', () => {
  let stack: TestStack;
  let org: Org;
  const ws = wsClients();
  const connect = (apiKey: string) => ws.client(stack.gatewayUrl, apiKey);

  /** Collects events until `stop` says enough, or the deadline passes. */
  async function collect<T>(client: Client, query: string, variables: Record<string, unknown>, stop: (events: T[]) => boolean, act: () => Promise<unknown>, timeoutMs = 20_000) {
    const events: T[] = [];
    const iterator = client.iterate<T>({ query, variables });
    const timer = setTimeout(() => void iterator.return?.(), timeoutMs);
    // Give the subscription a moment to be registered before acting.
    const first = iterator.next();
    await new Promise((r) => setTimeout(r, 300));
    await act();
    try {
      for (let result = await first; !result.done; result = await iterator.next()) {
        events.push(result.value.data as T);
        if (stop(events)) break;
      }
    } finally {
      clearTimeout(timer);
      await iterator.return?.();
    }
    return events;
  }

  beforeAll(async () => {
    stack = await startTestStack({ env: { COMMAND_POLL_INTERVAL_S: '0.5' } });
    org = await stack.demoOrganization();
  });
  afterAll(async () => {
    await ws.disposeAll();
    await stack?.close();
  });

  it('refuses a bad API key at connection_init (4403)', async () => {
    const client = connect('dgw_not_a_key');
    const closed = await new Promise<{ code: number }>((resolve) => {
      client.on('closed', (event) => resolve(event as { code: number }));
      client.subscribe({ query: 'subscription { commandUpdated { id } }' }, { next: () => {}, error: () => {}, complete: () => {} });
    });
    expect(closed.code).toBe(4403);
  });

  it("pushes every state change of the organization's commands, and nothing to another organization", async () => {
    const site = await stack.firstBatterySite(org.apiKey);
    const other = await stack.createOrganization();
    const otherEvents: unknown[] = [];
    const otherClient = connect(other.apiKey);
    const stopOther = otherClient.subscribe({ query: 'subscription { commandUpdated { id status } }' }, { next: (e) => otherEvents.push(e), error: () => {}, complete: () => {} });

    type Event = { commandUpdated: { id: string; status: string; kind: string } };
    const events = await collect<Event>(
      connect(org.apiKey),
      'subscription { commandUpdated { id status kind } }',
      {},
      (all) => all.some((e) => e.commandUpdated.status === 'SUCCEEDED'),
      () => stack.execute(SetStormModeDocument, { input: { siteId: site.id, enabled: false } }, org.apiKey),
    );
    const statuses = events.map((e) => e.commandUpdated.status);
    expect(statuses).toContain('QUEUED');
    expect(statuses).toContain('SENT');
    expect(statuses.at(-1)).toBe('SUCCEEDED');
    expect(new Set(events.map((e) => e.commandUpdated.kind))).toEqual(new Set(['SET_STORM_MODE']));
    stopOther();
    expect(otherEvents).toEqual([]);
  });

  it('tells when a connection changes status', async () => {
    const connections = (await stack.execute(`query { teslaAccounts { id } }`, {}, org.apiKey)).data as { teslaAccounts: { id: string }[] };
    const connectionId = connections.teslaAccounts[0]!.id;
    type Event = { teslaAccountStatusChanged: { id: string; status: string } };
    const events = await collect<Event>(
      connect(org.apiKey),
      'subscription { teslaAccountStatusChanged { id status } }',
      {},
      (all) => all.length >= 1,
      () => stack.execute(DisconnectTeslaAccountDocument, { input: { accountId: connectionId } }, org.apiKey),
    );
    expect(events[0]!.teslaAccountStatusChanged).toEqual({ id: connectionId, status: 'REVOKED' });
  });
});
