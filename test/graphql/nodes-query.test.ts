import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseQueries } from '../helpers/database-queries.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

/**
 * `nodes(ids:)`: many objects by global ID in one request (what a client holding a selection of
 * sites needs, e.g. the control room's readiness check), each read through the request's loaders,
 * scoped to the caller's organization, and bounded.
 */
type Org = Awaited<ReturnType<TestStack['demoOrganization']>>;
interface Nodes {
  nodes: ({ id: string; name?: string } | null)[];
}
const NODES = `query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Site { name } } }`;

describe('nodes(ids:)', () => {
  let stack: TestStack;
  let org: Org;
  let siteIds: string[];

  beforeAll(async () => {
    stack = await startTestStack();
    org = await stack.demoOrganization();
    const listed = await stack.execute<{ sites: { edges: { node: { id: string } }[] } }, unknown>(`query { sites(first: 100) { edges { node { id } } } }`, {}, org.apiKey);
    siteIds = listed.data!.sites.edges.map((e) => e.node.id);
  });
  afterAll(() => stack?.close());

  it('answers sites in the order asked, with one database read for all of them', async () => {
    const ids = siteIds.slice(0, 20).reverse();
    let answer: Nodes | undefined;
    const sql = await databaseQueries(stack.gateway, async () => {
      const result = await stack.execute<Nodes, unknown>(NODES, { ids }, org.apiKey);
      expect(result.errors).toBeUndefined();
      answer = result.data!;
    });
    expect(answer!.nodes.map((n) => n?.id)).toEqual(ids);
    expect(answer!.nodes.every((n) => typeof n?.name === 'string')).toBe(true);
    expect(sql.filter((q) => /from "sites"/.test(q)).length).toBeLessThanOrEqual(1);
  });

  it("answers null for another organization's site and for a site that does not exist", async () => {
    const other = await stack.createOrganization();
    const gone = encodeGlobalID('Site', '00000000-0000-4000-8000-000000000000');
    const result = await stack.execute<Nodes, unknown>(NODES, { ids: [siteIds[0], gone, siteIds[1]] }, other.apiKey);
    expect(result.data!.nodes).toEqual([null, null, null]);
    const mine = await stack.execute<Nodes, unknown>(NODES, { ids: [siteIds[0], gone] }, org.apiKey);
    expect(mine.data!.nodes.map((n) => n?.id ?? null)).toEqual([siteIds[0], null]);
  });

  it('refuses more than 100 ids with BAD_USER_INPUT on ids', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => siteIds[i % siteIds.length]);
    const result = await stack.execute<Nodes, unknown>(NODES, { ids }, org.apiKey);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
  });
});
