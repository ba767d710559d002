import SchemaBuilder from '@pothos/core';
import RelayPlugin, { decodeGlobalID } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GatewayError } from '../gateway-error.js';
import type { GatewayContext } from '../server/context.js';

/** The one Pothos builder. Scope-auth comes first so it wraps every other plugin. */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  AuthScopes: { authenticated: boolean; operator: boolean; admin: boolean };
  Scalars: { DateTime: { Input: Date; Output: Date } };
  Connection: { totalCount: number };
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
    nodesQueryOptions: false,
    // A malformed ID is the caller's mistake, not a server error.
    decodeGlobalID: (globalID) => {
      try {
        return decodeGlobalID(globalID);
      } catch {
        throw GatewayError.badUserInput('id', 'id is not a valid global ID');
      }
    },
  },
});

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO-8601 string in UTC',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw GatewayError.badUserInput('DateTime', `not an ISO-8601 date-time: ${String(value)}`);
    return date;
  },
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
  t.int({ description: 'How many items match, over all pages', resolve: (connection) => connection.totalCount }),
);
