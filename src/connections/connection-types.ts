import type { TeslaConnectionRow } from '../db/tables.js';
import { builder } from '../graphql/builder.js';

export const ConnectionStatusEnum = builder.enumType('TeslaConnectionStatus', {
  description: 'ACTIVE: usable. NEEDS_REAUTH: Tesla refused its tokens; the customer must connect again. REVOKED: disconnected.',
  values: ['ACTIVE', 'NEEDS_REAUTH', 'REVOKED'] as const,
});

export const TeslaConnectionRef = builder.objectRef<TeslaConnectionRow>('TeslaConnection');

/** A customer's Tesla account as connected to this organization. Tokens never leave the vault. */
builder.node(TeslaConnectionRef, {
  id: { resolve: (c) => c.id },
  loadMany: async (ids, context) => Promise.all(ids.map((id) => context.loaders.connectionById.load(id))),
  fields: (t) => ({
    teslaUserId: t.exposeString('tesla_user_id', { description: "Tesla's user id (the access token's `sub`)" }),
    region: t.exposeString('region', { description: 'Tesla region: na, eu or cn' }),
    status: t.field({ type: ConnectionStatusEnum, resolve: (c) => c.status }),
    grantedScopes: t.exposeStringList('granted_scopes', { description: "Scopes the customer granted, from the access token's `scp` claim" }),
    accessTokenExpiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.access_token_expires_at }),
    createdAt: t.field({ type: 'DateTime', resolve: (c) => c.created_at }),
  }),
});

builder.queryField('teslaConnections', (t) =>
  t.field({
    type: [TeslaConnectionRef],
    description: "The organization's Tesla connections",
    resolve: (_root, _args, context) => context.services.connections.listConnections(context.caller!.organizationId),
  }),
);
