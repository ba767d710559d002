import { getNamedType, isObjectType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { schema } from '../../src/graphql/schema.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

/**
 * Issue 11 item 10: Relay-clean names and pagination. One connection type per node type, shared by
 * every field that lists it; keyset cursors that survive inserts; the page-size cap in the
 * argument's description and enforced; the cost limit counting `first: $n` as it counts `first: 100`.
 */

/** Pagination connections: object types with `edges` and `pageInfo`. */
function isConnection(type: GraphQLObjectType): boolean {
  const fields = type.getFields();
  return 'edges' in fields && 'pageInfo' in fields;
}

function connectionFields(): { owner: string; field: GraphQLField<unknown, unknown>; connection: GraphQLObjectType; node: string; edge: string }[] {
  const out = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const connection = getNamedType(field.type);
      if (!isObjectType(connection) || !isConnection(connection)) continue;
      const edge = getNamedType(connection.getFields()['edges']!.type) as GraphQLObjectType;
      out.push({ owner: type.name, field, connection, edge: edge.name, node: getNamedType(edge.getFields()['node']!.type).name });
    }
  }
  return out;
}

const SITES = `query Sites($first: Int, $last: Int, $after: String, $before: String) {
  sites(first: $first, last: $last, after: $after, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name } }
  }
}`;

interface SitesPage {
  sites: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    edges: { cursor: string; node: { id: string; name: string } }[];
  };
}

describe('Relay-clean names', () => {
  it('names no type …Connection unless it is a pagination connection (TeslaConnection is TeslaAccount)', () => {
    const types = Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__'));
    for (const type of types.filter((t) => t.name.endsWith('Connection'))) {
      expect(isObjectType(type) && isConnection(type), type.name).toBe(true);
    }
    const names = new Set(types.map((t) => t.name));
    for (const gone of ['TeslaConnection', 'TeslaConnectionStatus', 'TeslaConnectionCapabilities', 'QuerySitesConnection', 'TeslaConnectionSitesConnection', 'DispatchCommandsConnection', 'ProgramEventCommandsConnection', 'QueryCommandsConnection', 'QueryVehiclesConnection']) {
      expect(names.has(gone), gone).toBe(false);
    }
    for (const present of ['TeslaAccount', 'TeslaAccountStatus', 'TeslaAccountCapabilities', 'SiteConnection', 'SiteEdge', 'VehicleConnection', 'VehicleEdge', 'CommandConnection', 'CommandEdge']) {
      expect(names.has(present), present).toBe(true);
    }
    const query = schema.getQueryType()!.getFields();
    expect(Object.keys(query)).toContain('teslaAccounts');
    expect(Object.keys(schema.getMutationType()!.getFields())).toEqual(expect.arrayContaining(['importTeslaAccount', 'disconnectTeslaAccount']));
    expect(Object.keys(schema.getSubscriptionType()!.getFields())).toContain('teslaAccountStatusChanged');
    expect(Object.keys((schema.getType('Site') as GraphQLObjectType).getFields())).toContain('account');
    expect(Object.keys((schema.getType('Vehicle') as GraphQLObjectType).getFields())).toContain('account');
  });

  it('gives each node type one connection type, <Node>Connection of <Node>Edge, shared by every field that lists it', () => {
    const fields = connectionFields();
    const byNode = new Map<string, Set<string>>();
    for (const f of fields) {
      // Program.enrollments is the enrollment relation, not a list of sites: its edges carry enrolledAt.
      if (f.owner === 'Program' && f.field.name === 'enrollments') continue;
      expect(`${f.owner}.${f.field.name}: ${f.connection.name} of ${f.edge}`).toBe(`${f.owner}.${f.field.name}: ${f.node}Connection of ${f.node}Edge`);
      byNode.set(f.node, (byNode.get(f.node) ?? new Set()).add(f.connection.name));
    }
    const shared = (node: string) => fields.filter((f) => f.node === node && f.connection.name === `${node}Connection`).map((f) => `${f.owner}.${f.field.name}`).sort();
    expect(shared('Site')).toEqual(['Query.sites', 'TeslaAccount.sites']);
    expect(shared('Vehicle')).toEqual(['Query.vehicles', 'TeslaAccount.vehicles']);
    expect(shared('Command')).toEqual(['Dispatch.commands', 'ProgramEvent.commands', 'Query.commands']);
    for (const [node, connections] of byNode) expect([...connections], node).toHaveLength(1);
  });

  it('states the page-size cap in the description of first and last', () => {
    for (const f of connectionFields()) {
      for (const name of ['first', 'last']) {
        const arg = f.field.args.find((a) => a.name === name)!;
        expect(arg.description ?? '', `${f.owner}.${f.field.name}(${name})`).toMatch(/\b500\b/);
      }
    }
  });
});

describe('keyset pagination and the cost limit', () => {
  let stack: TestStack;
  let org: Awaited<ReturnType<TestStack['demoOrganization']>>;

  beforeAll(async () => {
    // Without the per-instance list cache: a test below inserts sites behind the gateway's back,
    // where only an inventory discovery would tell the cache (test/server/request-caches.test.ts).
    stack = await startTestStack({ env: { ROW_CACHE_TTL_S: '0' } });
    org = await stack.demoOrganization();
  });
  afterAll(() => stack?.close());

  const sites = async (variables: Record<string, unknown>) => {
    const result = await stack.execute<SitesPage, Record<string, unknown>>(SITES, variables, org.apiKey);
    expect(result.errors).toBeUndefined();
    return result.data!.sites;
  };
  const refused = async (variables: Record<string, unknown>) => {
    const result = await stack.execute<SitesPage, Record<string, unknown>>(SITES, variables, org.apiKey);
    expect(result.errors, JSON.stringify(variables)).toHaveLength(1);
    return result.errors![0]!;
  };

  it('counts the list only when totalCount is asked for', async () => {
    const counted = vi.spyOn(stack.gateway.services.sites, 'countSites');
    try {
      const page = await stack.execute(`query { sites(first: 3) { edges { node { id } } } }`, {}, org.apiKey);
      expect(page.errors).toBeUndefined();
      expect(counted).not.toHaveBeenCalled();
      const both = await stack.execute<{ sites: { a: number; b: number } }, Record<string, never>>(`query { sites(first: 3) { a: totalCount b: totalCount } }`, {}, org.apiKey);
      expect(both.data!.sites.a).toBe(both.data!.sites.b);
      expect(both.data!.sites.a).toBeGreaterThan(3);
      expect(counted).toHaveBeenCalledTimes(1);
    } finally {
      counted.mockRestore();
    }
  });

  it('keeps a cursor on its row when rows are inserted before it (keyset, not offsets)', async () => {
    const one = await sites({ first: 5 });
    const cursor = one.pageInfo.endCursor!;
    const two = await sites({ first: 5, after: cursor });
    expect(two.edges).toHaveLength(5);

    const db = stack.gateway.database.db;
    const connection = await db.selectFrom('tesla_connections').select('id').where('organization_id', '=', org.organizationId).executeTakeFirstOrThrow();
    const inserted = ['0 inserted A', '0 inserted B'];
    for (const [i, name] of inserted.entries()) {
      await db
        .insertInto('sites')
        .values({ organization_id: org.organizationId, connection_id: connection.id, energy_site_id: `99999999999${i}`, name, time_zone: null, has_battery: false, has_solar: false, has_grid: true, nameplate_power_w: null, nameplate_energy_wh: null })
        .execute();
    }
    const all = await sites({ first: 500 });
    expect(all.edges.slice(0, 2).map((e) => e.node.name)).toEqual(inserted); // they sort before the cursor

    const again = await sites({ first: 5, after: cursor });
    expect(again.edges.map((e) => e.node.id)).toEqual(two.edges.map((e) => e.node.id));
    expect(again.totalCount).toBe(two.totalCount + 2);
  });

  it('pages backward: last alone is the end of the list, last with before the items just before it', async () => {
    const all = (await sites({ first: 500 })).edges.map((e) => e.node.id);
    const tail = await sites({ last: 3 });
    expect(tail.edges.map((e) => e.node.id)).toEqual(all.slice(-3));
    expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });

    const before = await sites({ last: 2, before: tail.pageInfo.startCursor });
    expect(before.edges.map((e) => e.node.id)).toEqual(all.slice(-5, -3));
    expect(before.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });

    const forward = await sites({ first: 2, after: before.pageInfo.endCursor });
    expect(forward.edges.map((e) => e.node.id)).toEqual(all.slice(-3, -1));
  });

  it('answers BAD_USER_INPUT with field = the argument for a cursor that is not one of the list', async () => {
    const cursors = ['not a cursor', Buffer.from('["sites","x"]').toString('base64url'), Buffer.from('{"offset":3}').toString('base64url')];
    for (const cursor of cursors) {
      for (const field of ['after', 'before'] as const) {
        const error = await refused({ first: 2, [field]: cursor });
        expect(error.extensions, `${field}: ${cursor}`).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
    }
    // A cursor of another list (commands are ordered by time, sites by name) is refused too.
    const commands = await stack.execute<{ commands: { pageInfo: { endCursor: string | null } } }, unknown>(`query { commands(first: 1) { pageInfo { endCursor } } }`, {}, org.apiKey);
    expect(commands.errors).toBeUndefined();
    const siteCursor = (await sites({ first: 1 })).pageInfo.endCursor!;
    const crossed = await stack.execute(`query ($after: String) { commands(first: 1, after: $after) { totalCount } }`, { after: siteCursor }, org.apiKey);
    expect(crossed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('refuses first or last over the cap, or negative, with BAD_USER_INPUT naming the cap', async () => {
    for (const [field, value] of [['first', 501], ['last', 501], ['first', -1], ['last', -1]] as const) {
      const error = await refused({ [field]: value });
      expect(error.extensions, `${field}: ${value}`).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(error.message).toMatch(/\b500\b/);
    }
    expect((await sites({ first: 500 })).edges.length).toBeGreaterThan(0);
    expect((await sites({ first: 0 })).edges).toEqual([]);
  });

  it('counts first: $n in the cost limit as it counts first: 100', async () => {
    // A page of programs with a page of events each: the classic nested-page multiplication.
    const nested = (page: string) => `query${page.startsWith('$') ? ' ($n: Int)' : ''} { programs(first: ${page}) { edges { node { events(first: ${page}) { totalCount } } } } }`;
    const literal = await stack.execute(nested('100'), {}, org.apiKey);
    expect(literal.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_COMPLEX');

    const variable = await stack.execute(nested('$n'), { n: 100 }, org.apiKey);
    expect(variable.data ?? null).toBeNull();
    expect(variable.errors).toHaveLength(1);
    expect(variable.errors![0]!.extensions?.['code']).toBe('QUERY_TOO_COMPLEX');
    expect(variable.errors![0]!.message).toBe(literal.errors![0]!.message);

    const small = await stack.execute(nested('$n'), { n: 2 }, org.apiKey);
    expect(small.errors).toBeUndefined();
  });
});
