import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DispatchBatteryDocument } from '../../schema/generated/graphql.js';
import { databaseQueries } from '../helpers/database-queries.js';
import { startDispatchFleet, type DemoOrganization, type FleetSite } from '../helpers/dispatch-fleet.js';
import type { TestStack } from '../helpers/test-stack.js';

/** A list of commands (or of Dispatch nodes) resolves the dispatches in one query, not one per item. */
describe('Command.dispatch over a list', () => {
  let stack: TestStack;
  let org: DemoOrganization;
  let sites: FleetSite[];
  const dispatchIds: string[] = [];

  beforeAll(async () => {
    ({ stack, org, sites } = await startDispatchFleet());
  });
  afterAll(() => stack?.close());

  it('reads the dispatches of 6 steps of 2 dispatches with one query', async () => {
    const battery = sites.filter((s) => s.sim.hasBattery);
    const until = new Date(Date.now() + 3600_000).toISOString();
    dispatchIds.length = 0;
    for (const group of [battery.slice(0, 3), battery.slice(3, 6)]) {
      const created = await stack.execute(DispatchBatteryDocument, { input: { siteIds: group.map((s) => s.id), mode: 'IDLE', enableGridInteraction: false, until } }, org.apiKey);
      expect(created.errors).toBeUndefined();
      dispatchIds.push(created.data!.dispatchBattery.dispatch!.id);
    }
    let listed: { dispatch: { id: string } | null }[] = [];
    const sql = await databaseQueries(stack.gateway, async () => {
      const result = await stack.execute(`query { commands(first: 50, filter: { kinds: [DISPATCH_SITE] }) { edges { node { id dispatch { id } } } } }`, {}, org.apiKey);
      expect(result.errors).toBeUndefined();
      listed = (result.data as { commands: { edges: { node: { dispatch: { id: string } | null } }[] } }).commands.edges.map((e) => e.node);
    });
    expect(listed).toHaveLength(6);
    expect(listed.filter((c) => c.dispatch?.id === dispatchIds[0])).toHaveLength(3);
    expect(listed.filter((c) => c.dispatch?.id === dispatchIds[1])).toHaveLength(3);
    // The organization's dispatches read by id (the steps running meanwhile read theirs by id alone).
    expect(sql.filter((q) => /^select \* from "dispatches" where "organization_id"/.test(q))).toHaveLength(1);
  });

  it('reads Dispatch nodes (nodes(ids:)) through the same loader: one query for both', async () => {
    expect(dispatchIds).toHaveLength(2);
    let found: ({ id: string } | null)[] = [];
    const sql = await databaseQueries(stack.gateway, async () => {
      const result = await stack.execute(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: dispatchIds }, org.apiKey);
      expect(result.errors).toBeUndefined();
      found = (result.data as { nodes: ({ id: string } | null)[] }).nodes;
    });
    expect(found.map((n) => n?.id)).toEqual(dispatchIds);
    expect(sql.filter((q) => /^select \* from "dispatches" where "organization_id"/.test(q))).toHaveLength(1);
  });
});
