import SchemaBuilder from '@pothos/core';
import RelayPlugin, { decodeGlobalID } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { isRowId } from '../db/row-id.js';
import { GatewayError } from '../gateway-error.js';
import type { GatewayContext } from '../server/context.js';
import { CONNECTION_ARG_DESCRIPTIONS } from './pagination.js';
import { maxItems } from '../server/input-limits.js';

/** `nodes(ids:)` reads at most this many objects (as many as a page of a list, by default). */
const NODES_MAX_IDS = 100;

/** The one Pothos builder. Scope-auth comes first so it wraps every other plugin. */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  AuthScopes: { authenticated: boolean; operator: boolean; admin: boolean };
  Scalars: { DateTime: { Input: Date; Output: Date } };
  /** Counted only when a query selects totalCount (a count is a second query per list). */
  Connection: { totalCount: () => Promise<number> };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({
      authenticated: context.caller !== null,
      // Changing connections or devices needs an admin or operator key; read_only keys only read.
      operator: context.caller?.role === 'admin' || context.caller?.role === 'operator',
      // Managing API keys is for admin keys only.
      admin: context.caller?.role === 'admin',
    }),
    authorizeOnSubscribe: true,
    unauthorizedError: (_parent, context) => (context.caller ? new GatewayError('FORBIDDEN', 'this API key may not do that') : GatewayError.unauthenticated()),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Many objects at once (a client's selection of sites): each through its type's loaders, like node(id).
    nodesQueryOptions: {
      description: `Objects by their global IDs, in the order given (at most ${NODES_MAX_IDS}); null for one that does not exist or is another organization's`,
      args: { ids: { description: `Global IDs, as returned by \`id\` fields: at most ${NODES_MAX_IDS}`, extensions: maxItems(NODES_MAX_IDS) } },
    },
    firstArgOptions: { description: CONNECTION_ARG_DESCRIPTIONS.first },
    lastArgOptions: { description: CONNECTION_ARG_DESCRIPTIONS.last },
    afterArgOptions: { description: CONNECTION_ARG_DESCRIPTIONS.after },
    beforeArgOptions: { description: CONNECTION_ARG_DESCRIPTIONS.before },
    // Descriptions of the types and fields the relay plugin generates (issue 11 item 12).
    nodeTypeOptions: { description: 'An object with a global ID, which node(id) fetches again' },
    idFieldOptions: { description: 'Global ID: opaque, stable; node(id) fetches the object by it' },
    nodeQueryOptions: {
      description: 'Any object by its global ID; null with a NOT_FOUND error when it does not exist or is another organization\'s',
      args: { id: { description: 'A global ID, as returned by an `id` field' } },
    },
    pageInfoTypeOptions: { description: 'Where a page sits in its list, and the cursors to fetch the pages around it' },
    hasNextPageFieldOptions: { description: 'More items follow this page (after endCursor)' },
    hasPreviousPageFieldOptions: { description: 'More items precede this page (before startCursor)' },
    startCursorFieldOptions: { description: 'The first edge\'s cursor; null when the page is empty' },
    endCursorFieldOptions: { description: 'The last edge\'s cursor; null when the page is empty' },
    pageInfoFieldOptions: { description: 'Cursors and whether more pages follow or precede' },
    edgesFieldOptions: { description: 'The page\'s items, in the list\'s order, each with its cursor' },
    cursorFieldOptions: { description: 'Opaque keyset cursor of this item: pass it as `after` or `before` to page from here' },
    nodeFieldOptions: { description: 'The item' },
    // A malformed ID is the caller's mistake, not a server error; a well-formed one naming no node
    // of ours (`Organization:…`) or no row (every node's id is a row uuid) is simply not found.
    decodeGlobalID: (globalID) => {
      let decoded: { typename: string; id: string };
      try {
        decoded = decodeGlobalID(globalID);
      } catch {
        throw GatewayError.badUserInput('id', 'id is not a valid global ID');
      }
      if (builder.configStore.typeConfigs.get(decoded.typename)?.graphqlKind !== 'Object' || !isRowId(decoded.id)) throw GatewayError.notFound();
      return decoded;
    },
  },
});

/**
 * RFC 3339 date-time with an explicit offset (`Z` or `±hh:mm`), years 0001–9999. `Date.parse`
 * alone accepts far more ("now" fails, but "2026" or "+275760-09-13T00:00:00Z" pass), so the shape
 * is checked first.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): Date {
  const text = typeof value === 'string' ? value : '';
  const match = RFC3339.exec(text);
  const date = match && Number(match[1]) >= 1 ? new Date(text) : null;
  // Calendar check: 2026-02-30 parses in some engines; the UTC day must round-trip when the offset is Z.
  if (!date || Number.isNaN(date.getTime()) || (/[Zz]$/.test(text) && date.toISOString().slice(0, 10) !== text.slice(0, 10))) {
    throw GatewayError.badUserInput('DateTime', `not an RFC 3339 date-time with an offset, years 0001-9999 (e.g. 2026-11-30T18:00:00Z): ${JSON.stringify(String(value)).slice(0, 60)}`);
  }
  return date;
}

builder.scalarType('DateTime', {
  description: 'An instant: an RFC 3339 date-time with an offset (e.g. 2026-11-30T18:00:00Z), years 0001 to 9999; answered in UTC',
  specifiedByURL: 'https://datatracker.ietf.org/doc/html/rfc3339',
  serialize: (value) => value.toISOString(),
  parseValue: parseDateTime,
});

builder.queryType({
  description: 'Every field needs an API key (`Authorization: Bearer <key>`) and sees only its organization.',
  authScopes: { authenticated: true },
});

builder.subscriptionType({
  description: 'Over `WS /graphql` (graphql-transport-ws), with `connectionParams.authorization`',
  authScopes: { authenticated: true },
});

builder.mutationType({
  description: 'Every mutation takes one `input` argument and needs an admin or operator API key.',
  authScopes: { operator: true },
});

builder.globalConnectionField('totalCount', (t) =>
  t.int({ description: 'How many items match, over all pages', resolve: (connection) => connection.totalCount() }),
);
