import { encodeGlobalID } from '@pothos/plugin-relay';
import { CommandRef } from '../commands/command-types.js';
import { DispatchRef } from '../dispatch/dispatch-types.js';
import { builder } from '../graphql/builder.js';
import { ProgramEventRef } from '../programs/program-types.js';
import { parseGlobalId } from '../graphql/global-id.js';
import { isRowId } from '../db/row-id.js';
import { GatewayError } from '../gateway-error.js';
import { maxLength } from '../server/input-limits.js';
import type { GatewayContext } from '../server/context.js';
import type { ApiKeySummary } from './organization-service.js';

/** API keys over GraphQL, for `admin` keys (the CLI `npm run admin` keeps working beside it). */

const ApiKeyRoleEnum = builder.enumType('ApiKeyRole', {
  description: 'What a key may do',
  values: {
    ADMIN: { value: 'admin', description: 'Everything, including managing API keys' },
    OPERATOR: { value: 'operator', description: 'Queries and mutations (connect accounts, send commands, dispatch)' },
    READ_ONLY: { value: 'read_only', description: 'Queries and subscriptions only' },
  } as const,
});

export const ApiKeyRef = builder.objectRef<ApiKeySummary>('ApiKey').implement({
  description: "An API key of the caller's organization; its secret is shown once, when created, and stored only as a hash",
  fields: (t) => ({
    id: t.id({ description: 'Global ID', resolve: (k) => encodeGlobalID('ApiKey', k.id) }),
    name: t.exposeString('name', { description: 'A label chosen at creation' }),
    role: t.field({ type: ApiKeyRoleEnum, description: 'What the key may do', resolve: (k) => k.role }),
    prefix: t.string({ description: 'The first 12 characters of the secret, to recognise it', resolve: (k) => k.key_prefix }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was created', resolve: (k) => k.created_at }),
    lastUsedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it last opened the API (to the minute); null if never', resolve: (k) => k.last_used_at }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was revoked; null while it works', resolve: (k) => k.revoked_at }),
  }),
});

builder.queryField('apiKeys', (t) =>
  t.field({
    type: [ApiKeyRef],
    description: "The organization's API keys, oldest first, revoked ones included (admin keys only)",
    authScopes: { admin: true },
    resolve: (_root, _args, context) => context.services.organizations.listApiKeys(context.caller!.organizationId),
  }),
);

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  description: 'A new key for the caller\'s organization',
  fields: (t) => ({
    name: t.string({ required: true, description: 'A label, 1 to 100 characters', extensions: maxLength(100) }),
    role: t.field({ type: ApiKeyRoleEnum, required: true, description: 'What the key may do' }),
  }),
});

const CreateApiKeyPayload = builder.objectRef<{ apiKey: ApiKeySummary; secret: string }>('CreateApiKeyPayload').implement({
  description: 'The new key and its secret',
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, description: 'The key as listed by apiKeys', resolve: (p) => p.apiKey }),
    secret: t.exposeString('secret', { description: 'Send as `Authorization: Bearer <secret>`. Shown only this once: store it now' }),
  }),
});

builder.mutationField('createApiKey', (t) =>
  t.field({
    type: CreateApiKeyPayload,
    description: 'Creates an API key (admin keys only); the secret is in the answer and nowhere else',
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreateApiKeyInput, required: true, description: 'Name and role' }) },
    resolve: async (_root, { input }, context) => {
      const name = input.name.trim();
      if (!name || name.length > 100) throw GatewayError.badUserInput('input.name', 'name must be 1 to 100 characters');
      const organizationId = context.caller!.organizationId;
      const { id, apiKey } = await context.services.organizations.createApiKey(organizationId, { name, role: input.role });
      const created = await context.services.organizations.findApiKey(organizationId, id);
      return { apiKey: created!, secret: apiKey };
    },
  }),
);

const RevokeApiKeyInput = builder.inputType('RevokeApiKeyInput', {
  description: 'The key to revoke',
  fields: (t) => ({ id: t.id({ required: true, description: 'The ApiKey global ID' }) }),
});

const RevokeApiKeyPayload = builder.objectRef<{ apiKey: ApiKeySummary }>('RevokeApiKeyPayload').implement({
  description: 'The revoked key',
  fields: (t) => ({ apiKey: t.field({ type: ApiKeyRef, description: 'With revokedAt set', resolve: (p) => p.apiKey }) }),
});

builder.mutationField('revokeApiKey', (t) =>
  t.field({
    type: RevokeApiKeyPayload,
    description:
      'Revokes a key at once, everywhere: its HTTP requests fail and every instance closes its WebSockets (code 4403) within a second or two (admin keys only)',
    authScopes: { admin: true },
    args: { input: t.arg({ type: RevokeApiKeyInput, required: true, description: 'Which key' }) },
    resolve: async (_root, { input }, context) => {
      const id = parseGlobalId(String(input.id), 'ApiKey', 'input.id');
      if (!isRowId(id)) throw GatewayError.notFound('active API key');
      const revoked = await context.services.organizations.revokeApiKeyOf(context.caller!.organizationId, id);
      if (!revoked) throw GatewayError.notFound('active API key');
      return { apiKey: revoked };
    },
  }),
);

// The audit trail: who asked for each command, dispatch and program event (issue 11 item 1).
const CREATED_BY_DESCRIPTION = 'The API key that asked for it (id, name, role); null when the gateway started it itself';

function loadCreatedBy(row: { created_by_api_key_id: string | null }, context: GatewayContext): Promise<ApiKeySummary | null> | null {
  return row.created_by_api_key_id ? context.loaders.apiKeyById.load(row.created_by_api_key_id) : null;
}

for (const ref of [CommandRef, DispatchRef, ProgramEventRef] as const) {
  builder.objectField(ref as typeof CommandRef, 'createdBy', (t) =>
    t.field({ type: ApiKeyRef, nullable: true, description: CREATED_BY_DESCRIPTION, resolve: (row, _args, context) => loadCreatedBy(row, context) }),
  );
}
