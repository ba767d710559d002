import type { TeslaConnectionRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import { builder } from '../graphql/builder.js';
import { parseGlobalId } from '../graphql/global-id.js';
import { keysetConnection } from '../graphql/pagination.js';
import { SiteConnection, SiteRef } from '../sites/site-types.js';
import { VehicleConnection, VehicleRef } from '../vehicles/vehicle-types.js';
import { TeslaScope } from '../tesla/scopes.js';
import { missingAccountScopes } from './account-scopes.js';
import type { GatewayContext } from '../server/context.js';
import { maxLength } from '../server/input-limits.js';

export const AccountStatusEnum = builder.enumType('TeslaAccountStatus', {
  description: 'ACTIVE: usable. NEEDS_REAUTH: Tesla refused its tokens; the customer must connect again. REVOKED: disconnected, tokens erased.',
  values: {
    ACTIVE: { description: 'Usable: Tesla accepts its tokens' },
    NEEDS_REAUTH: { description: 'Tesla refused its tokens; the customer must connect again' },
    REVOKED: { description: 'Disconnected (disconnectTeslaAccount): its tokens are erased' },
  } as const,
});

export const TeslaAccountRef = builder.objectRef<TeslaConnectionRow>('TeslaAccount');

const CapabilitiesRef = builder.objectRef<Set<string>>('TeslaAccountCapabilities').implement({
  description: 'What the granted Tesla scopes allow',
  fields: (t) => ({
    readEnergy: t.boolean({ description: 'energy_device_data', resolve: (s) => s.has(TeslaScope.energyDeviceData) }),
    commandEnergy: t.boolean({ description: 'energy_cmds', resolve: (s) => s.has(TeslaScope.energyCmds) }),
    readVehicles: t.boolean({ description: 'vehicle_device_data', resolve: (s) => s.has(TeslaScope.vehicleDeviceData) }),
    commandVehicles: t.boolean({
      description: 'vehicle_cmds or vehicle_charging_cmds',
      resolve: (s) => s.has(TeslaScope.vehicleCmds) || s.has(TeslaScope.vehicleChargingCmds),
    }),
    vehicleLocation: t.boolean({ description: 'vehicle_location', resolve: (s) => s.has(TeslaScope.vehicleLocation) }),
  }),
});

/** A customer's Tesla account as connected to this organization. Tokens never leave the vault. */
builder.node(TeslaAccountRef, {
  description: "A customer's Tesla account, connected to the organization (createConnectLink or importTeslaAccount); its tokens never leave the gateway",
  id: { resolve: (c) => c.id },
  loadMany: async (ids, context) => Promise.all(ids.map((id) => context.loaders.connectionById.load(id))),
  fields: (t) => ({
    teslaUserId: t.exposeString('tesla_user_id', { description: "Tesla's user id (the access token's `sub`)" }),
    region: t.exposeString('region', { description: 'Tesla region: na, eu or cn' }),
    status: t.field({ type: AccountStatusEnum, description: 'Whether the account is usable', resolve: (c) => c.status }),
    grantedScopes: t.exposeStringList('granted_scopes', { description: "Scopes the customer granted, from the access token's `scp` claim" }),
    capabilities: t.field({ type: CapabilitiesRef, description: 'What the granted scopes allow', resolve: (c) => new Set(c.granted_scopes) }),
    missingScopes: t.stringList({
      description:
        "Scopes the gateway needs for this account's devices that the customer did not grant: energy_device_data and energy_cmds when it has energy sites (or when its token grants neither data scope, so no device can be listed); vehicle_device_data, vehicle_cmds and vehicle_charging_cmds when it has vehicles and the consent includes some vehicle scope (a consent with none is an energy-only integration, never told it lacks vehicle scopes; see capabilities). Empty when nothing is missing. The remedy: the customer revokes this app's access at Tesla and consents again, ticking these (createConnectLink with the granted scopes and these)",
      resolve: async (c, _args, context) => missingAccountScopes(c.granted_scopes, await context.loaders.devicesByConnection.load(c.id)),
    }),
    accessTokenExpiresAt: t.field({ type: 'DateTime', nullable: true, description: 'When the current access token expires (the gateway refreshes it before); null when unknown or erased', resolve: (c) => c.access_token_expires_at }),
    lastRefreshedAt: t.field({ type: 'DateTime', nullable: true, description: 'When tokens were last issued or rotated', resolve: (c) => c.last_refreshed_at }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was first connected', resolve: (c) => c.created_at }),
    sites: t.connection(
      {
        type: SiteRef,
        description: "The account's energy sites, by name",
        resolve: (c, args, context) =>
          keysetConnection(
            args,
            (page) => context.services.sites.listSites(c.organization_id, { connectionId: c.id }, page),
            () => context.services.sites.countSites(c.organization_id, { connectionId: c.id }),
          ),
      },
      SiteConnection,
    ),
    vehicles: t.connection(
      {
        type: VehicleRef,
        description: "The account's vehicles, by VIN",
        resolve: (c, args, context) =>
          keysetConnection(
            args,
            (page) => context.services.vehicles.listVehicles(c.organization_id, { connectionId: c.id }, page),
            () => context.services.vehicles.countVehicles(c.organization_id, { connectionId: c.id }),
          ),
      },
      VehicleConnection,
    ),
  }),
});

builder.queryField('teslaAccounts', (t) =>
  t.field({
    type: [TeslaAccountRef],
    description: "The organization's connected Tesla accounts",
    resolve: (_root, _args, context) => context.services.connections.listConnections(context.caller!.organizationId),
  }),
);

async function ownAccount(context: GatewayContext, globalId: string | number): Promise<TeslaConnectionRow> {
  const id = parseGlobalId(String(globalId), 'TeslaAccount', 'accountId');
  const connection = await context.services.connections.findConnection(context.caller!.organizationId, id);
  if (!connection) throw GatewayError.notFound('Tesla account');
  return connection;
}

// createConnectLink ------------------------------------------------------------------------------

const TeslaAuthRegionEnum = builder.enumType('TeslaAuthRegion', {
  description: 'Which Tesla the customer consents at: China is a separate Tesla with its own sign-in and app credentials',
  values: {
    GLOBAL: { value: 'global', description: 'auth.tesla.com: accounts in North America, Europe and Asia-Pacific (the default)' },
    CN: { value: 'cn', description: "auth.tesla.cn: accounts in mainland China; needs the gateway's CN app (TESLA_CN_CLIENT_ID, TESLA_CN_CLIENT_SECRET)" },
  } as const,
});

const CreateConnectLinkInput = builder.inputType('CreateConnectLinkInput', {
  description: 'How to ask the customer for consent; every field is optional',
  fields: (t) => ({
    authRegion: t.field({ type: TeslaAuthRegionEnum, description: 'Where the customer signs in to Tesla; default GLOBAL' }),
    scopes: t.stringList({ description: 'Tesla scopes to ask for (default: read and command energy and vehicles); openid and offline_access are always added' }),
    redirectAfter: t.string({
      description: 'Where to send the customer after consent, with `status` and `accountId` (or `error`) added; at most 2048 characters',
      extensions: maxLength(2048),
    }),
  }),
});

const ConnectLinkRef = builder.objectRef<{ authorizationUrl: string; expiresAt: Date; scopes: string[] }>('CreateConnectLinkPayload').implement({
  description: 'Where to send the customer to consent at Tesla',
  fields: (t) => ({
    authorizationUrl: t.exposeString('authorizationUrl', { description: "Tesla's consent page; send the customer there" }),
    expiresAt: t.field({ type: 'DateTime', description: 'The customer must finish consent before this', resolve: (l) => l.expiresAt }),
    scopes: t.exposeStringList('scopes', { description: 'The Tesla scopes the consent page asks for, openid and offline_access included' }),
  }),
});

builder.mutationField('createConnectLink', (t) =>
  t.field({
    type: ConnectLinkRef,
    description: "Starts a consent at Tesla (OAuth 2 + PKCE): the customer opens authorizationUrl, and Tesla's callback connects the account (teslaAccountStatusChanged)",
    args: { input: t.arg({ type: CreateConnectLinkInput, required: true, description: 'Region, scopes and where to go afterwards' }) },
    resolve: (_root, { input }, context) => context.services.connectFlow.createConnectLink(context.caller!.organizationId, input),
  }),
);

// importTeslaAccount / refreshInventory ---------------------------------------------------------

interface InventoryPayload {
  connection: TeslaConnectionRow;
  inventory: { sites: number; vehicles: number };
}

const InventoryPayloadFields = (name: string) =>
  builder.objectRef<InventoryPayload>(name).implement({
    description: "The account and what Tesla's product list held",
    fields: (t) => ({
      account: t.field({ type: TeslaAccountRef, description: 'The account, as stored now', resolve: (p) => p.connection }),
      sitesDiscovered: t.int({ description: 'Energy sites with a battery, solar or Wall Connector found at Tesla (new or already known)', resolve: (p) => p.inventory.sites }),
      vehiclesDiscovered: t.int({ description: 'Vehicles found at Tesla (new or already known)', resolve: (p) => p.inventory.vehicles }),
    }),
  });

const ImportPayload = InventoryPayloadFields('ImportTeslaAccountPayload');
const RefreshInventoryPayload = InventoryPayloadFields('RefreshInventoryPayload');

const ImportTeslaAccountInput = builder.inputType('ImportTeslaAccountInput', {
  description: "A customer's existing Tesla token pair",
  fields: (t) => ({
    accessToken: t.string({ required: true, description: 'Tesla access token (a JWT); at most 8192 characters', extensions: maxLength(8192) }),
    refreshToken: t.string({ description: 'Needed to keep the account usable beyond the access token (8 h at Tesla); at most 8192 characters', extensions: maxLength(8192) }),
    region: t.string({ description: 'na, eu or cn; read from the token when omitted' }),
  }),
});

builder.mutationField('importTeslaAccount', (t) =>
  t.field({
    type: ImportPayload,
    description: 'Registers an existing Tesla token pair (e.g. migrating from another platform) and discovers its devices',
    args: { input: t.arg({ type: ImportTeslaAccountInput, required: true, description: 'The tokens and, optionally, the region' }) },
    resolve: async (_root, { input }, context) => {
      if (input.region != null && !['na', 'eu', 'cn'].includes(input.region.toLowerCase())) throw GatewayError.badUserInput('region', 'region must be na, eu or cn');
      return context.services.connections.importConnection({ organizationId: context.caller!.organizationId, ...input });
    },
  }),
);

const AccountIdInput = (name: string) =>
  builder.inputType(name, { description: 'A Tesla account of the organization', fields: (t) => ({ accountId: t.id({ required: true, description: 'The TeslaAccount global ID' }) }) });

builder.mutationField('refreshInventory', (t) =>
  t.field({
    type: RefreshInventoryPayload,
    description: "Lists the account's products at Tesla again and updates its sites and vehicles",
    args: { input: t.arg({ type: AccountIdInput('RefreshInventoryInput'), required: true, description: 'The account to list again' }) },
    resolve: async (_root, { input }, context) => {
      const connection = await ownAccount(context, input.accountId);
      const inventory = await context.services.connections.refreshInventory(connection);
      return { connection: (await context.services.connections.findConnection(connection.organization_id, connection.id)) ?? connection, inventory };
    },
  }),
);

// disconnectTeslaAccount ------------------------------------------------------------------------

const DisconnectPayload = builder.objectRef<{ account: TeslaConnectionRow }>('DisconnectTeslaAccountPayload').implement({
  description: 'The disconnected account',
  fields: (t) => ({ account: t.field({ type: TeslaAccountRef, description: 'The account, now REVOKED', resolve: (p) => p.account }) }),
});

builder.mutationField('disconnectTeslaAccount', (t) =>
  t.field({
    type: DisconnectPayload,
    description: "Erases the account's tokens (its sites, vehicles and history stay); status becomes REVOKED",
    args: { input: t.arg({ type: AccountIdInput('DisconnectTeslaAccountInput'), required: true, description: 'The account to disconnect' }) },
    resolve: async (_root, { input }, context) => {
      const connection = await ownAccount(context, input.accountId);
      return { account: await context.services.connections.disconnect(connection.organization_id, connection.id) };
    },
  }),
);
