import type { PowerhubAccountRow, PowerhubSiteRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import { builder } from '../graphql/builder.js';
import type { GatewayContext } from '../server/context.js';
import { SiteRef } from '../sites/site-types.js';
import type { PowerhubService } from './powerhub-service.js';

/** Powerhub over GraphQL (DESIGN §11): connect an account, see it, and see each site's link. */

export const PowerhubAccountRef = builder.objectRef<PowerhubAccountRow>('PowerhubAccount');

const PowerhubAccountStatusEnum = builder.enumType('PowerhubAccountStatus', {
  description: "The state of an organization's Powerhub account",
  values: {
    ACTIVE: { description: 'Powerhub accepted the client credentials when they were stored; its sites are linked' },
  } as const,
});

builder.node(PowerhubAccountRef, {
  description:
    "The organization's account at Powerhub (Tesla's Grid Services API, modeled): client credentials stored encrypted, and the Powerhub sites linked to the organization's sites by energy_site_id",
  id: { resolve: (a) => a.id },
  loadMany: (ids, context) => Promise.all(ids.map(async (id) => (await context.services.powerhub?.accountById(context.caller!.organizationId, id)) ?? null)),
  fields: (t) => ({
    clientId: t.exposeString('client_id', { description: 'The Powerhub client id the credentials belong to (the secret is never shown)' }),
    status: t.field({ type: PowerhubAccountStatusEnum, description: 'Whether the account is usable', resolve: (a) => a.status }),
    siteCount: t.exposeInt('site_count', { description: 'Sites the Powerhub account manages (every page of its site list)' }),
    unlinkedSiteCount: t.exposeInt('unlinked_site_count', {
      description: "Powerhub sites with no site of this organization of the same energy_site_id (Powerhub-only sites, or sites of Tesla accounts not connected here); they are not read or dispatched",
    }),
    linkedAt: t.field({ type: 'DateTime', description: 'When the sites were last listed and linked (connectPowerhub)', resolve: (a) => a.linked_at }),
  }),
});

const SitePowerhubLinkRef = builder.objectRef<PowerhubSiteRow>('SitePowerhubLink').implement({
  description: "A site's counterpart at Powerhub: its live status is read from Powerhub, and POWERHUB program events dispatch it there",
  fields: (t) => ({
    siteId: t.exposeString('powerhub_site_id', { description: "Powerhub's own id of the site" }),
    groupIds: t.exposeStringList('group_ids', { description: 'The Powerhub groups the site belongs to (e.g. region, time zone)' }),
    nameplatePowerKw: t.exposeFloat('nameplate_power_kw', { nullable: true, description: "Battery nameplate power as Powerhub reports it, kW" }),
    nameplateEnergyKwh: t.exposeFloat('nameplate_energy_kwh', { nullable: true, description: 'Battery nameplate energy as Powerhub reports it, kWh' }),
  }),
});

builder.objectField(SiteRef, 'powerhub', (t) =>
  t.field({
    type: SitePowerhubLinkRef,
    nullable: true,
    description: "The site's link to the organization's Powerhub account; null when the site is not linked (no Powerhub account, or Powerhub does not manage it)",
    resolve: (site, _args, context) => context.loaders.powerhubLinkBySiteId.load(site.id),
  }),
);

builder.queryField('powerhubAccount', (t) =>
  t.field({
    type: PowerhubAccountRef,
    nullable: true,
    description: "The organization's Powerhub account; null until connectPowerhub",
    resolve: async (_root, _args, context) => (await context.services.powerhub?.account(context.caller!.organizationId)) ?? null,
  }),
);

const ConnectPowerhubInput = builder.inputType('ConnectPowerhubInput', {
  description: "The client credentials of the organization's Powerhub account",
  fields: (t) => ({
    clientId: t.string({ required: true, description: 'Powerhub client id' }),
    clientSecret: t.string({ required: true, description: 'Powerhub client secret; stored encrypted, never returned or logged' }),
  }),
});

const ConnectPowerhubPayload = builder.objectRef<{ powerhubAccount: PowerhubAccountRow }>('ConnectPowerhubPayload').implement({
  description: 'The result of connectPowerhub',
  fields: (t) => ({
    powerhubAccount: t.field({ type: PowerhubAccountRef, description: 'The account as stored, with its sites linked', resolve: (p) => p.powerhubAccount }),
  }),
});

function powerhubOf(context: GatewayContext): PowerhubService {
  if (!context.services.powerhub) {
    throw new GatewayError('UPSTREAM_UNAVAILABLE', 'Powerhub is not configured on this gateway (POWERHUB_URL is not set)', { upstreamStatus: null });
  }
  return context.services.powerhub;
}

builder.mutationField('connectPowerhub', (t) =>
  t.field({
    type: ConnectPowerhubPayload,
    description:
      "Stores the organization's Powerhub client credentials after Powerhub accepts them, lists every Powerhub site and links each to the organization's site of the same energy_site_id. Again later: replaces the credentials and links again. BAD_USER_INPUT (field input.clientSecret) when Powerhub refuses them.",
    args: { input: t.arg({ type: ConnectPowerhubInput, required: true, description: 'The client credentials' }) },
    resolve: async (_root, { input }, context) => ({
      powerhubAccount: await powerhubOf(context).connectPowerhub(context.caller!.organizationId, input),
    }),
  }),
);
