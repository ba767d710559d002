import type { PowerwallRow, SiteRow, WallConnectorRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import { builder } from '../graphql/builder.js';
import { parseGlobalId } from '../graphql/global-id.js';
import { offsetConnection } from '../graphql/pagination.js';
import { TeslaConnectionRef } from '../connections/connection-types.js';
import { gridReadiness, type GridReadiness, type ReadinessBlocker } from './grid-readiness.js';
import type { SiteFilter } from './site-repository.js';
import { toSiteSettings, type SiteLiveStatus, type SiteSettings } from './site-mapping.js';
import { INPUT_LIMITS, maxLength } from '../server/input-limits.js';

export const SiteRef = builder.objectRef<SiteRow>('Site');
export const PowerwallRef = builder.objectRef<PowerwallRow>('Powerwall');
export const WallConnectorRef = builder.objectRef<WallConnectorRow>('WallConnector');

const GridStatusEnum = builder.enumType('GridStatus', { values: ['ACTIVE', 'INACTIVE', 'UNKNOWN'] as const });
const IslandStatusEnum = builder.enumType('IslandStatus', {
  values: ['ON_GRID', 'OFF_GRID', 'OFF_GRID_INTENTIONAL', 'OFF_GRID_UNINTENTIONAL', 'UNKNOWN'] as const,
});
export const OperationModeEnum = builder.enumType('OperationMode', {
  description: "SELF_CONSUMPTION (Tesla: self_consumption), TIME_BASED_CONTROL (Tesla: autonomous), BACKUP (Tesla: backup)",
  values: ['SELF_CONSUMPTION', 'TIME_BASED_CONTROL', 'BACKUP'] as const,
});
export const ExportRuleEnum = builder.enumType('ExportRule', {
  description: 'What the site may export: PV_ONLY (solar only), BATTERY_OK (solar and battery), NEVER',
  values: ['PV_ONLY', 'BATTERY_OK', 'NEVER'] as const,
});

const SiteComponentsRef = builder.objectRef<SiteRow>('SiteComponents').implement({
  description: 'Installed hardware, as discovered from Tesla',
  fields: (t) => ({
    battery: t.exposeBoolean('has_battery'),
    solar: t.exposeBoolean('has_solar'),
    grid: t.exposeBoolean('has_grid'),
    batteryCount: t.exposeInt('battery_count'),
    nameplatePowerW: t.float({ nullable: true, description: 'Battery system nameplate power, W', resolve: (s) => s.nameplate_power_w }),
    nameplateEnergyWh: t.float({ nullable: true, description: 'Battery system nameplate energy, Wh', resolve: (s) => s.nameplate_energy_wh }),
  }),
});

export const LiveStatusSourceEnum = builder.enumType('LiveStatusSource', {
  description: 'Where a live status was read',
  values: {
    FLEET_API: { description: "Tesla's Fleet API live_status of the site" },
    POWERHUB: { description: "Powerhub's latest telemetry (the site is linked to the organization's Powerhub account)" },
  } as const,
});

export const SiteLiveStatusRef = builder.objectRef<SiteLiveStatus>('SiteLiveStatus').implement({
  description:
    "Tesla's live status. Signs are Tesla's: battery positive = discharging, grid positive = importing; load = solar + battery + grid (+ generator). Fields the source does not report are null.",
  fields: (t) => ({
    source: t.field({ type: LiveStatusSourceEnum, description: 'Where this reading comes from; a POWERHUB reading has no generator, grid/island status, storm mode, backup or pack-energy fields', resolve: (s) => s.source }),
    timestamp: t.field({
      type: 'DateTime',
      nullable: true,
      description: "The source's own time of the reading (FLEET_API: live_status's timestamp, the site's clock; POWERHUB: when Powerhub measured it)",
      resolve: (s) => s.timestamp,
    }),
    solarPowerW: t.exposeFloat('solarPowerW'),
    batteryPowerW: t.exposeFloat('batteryPowerW', { description: 'W; positive = discharging, negative = charging' }),
    loadPowerW: t.exposeFloat('loadPowerW'),
    gridPowerW: t.exposeFloat('gridPowerW', { description: 'W; positive = importing, negative = exporting' }),
    generatorPowerW: t.exposeFloat('generatorPowerW', { nullable: true, description: 'W; null when the source does not report it (POWERHUB)' }),
    percentageCharged: t.exposeFloat('percentageCharged', { nullable: true, description: 'null for a site without a battery' }),
    energyLeftWh: t.exposeFloat('energyLeftWh', { nullable: true, description: 'Wh; null for a site without a battery, or when the source does not report it (POWERHUB)' }),
    totalPackEnergyWh: t.exposeFloat('totalPackEnergyWh', { nullable: true, description: 'Wh; null for a site without a battery, or when the source does not report it (POWERHUB)' }),
    gridStatus: t.field({ type: GridStatusEnum, nullable: true, description: 'null when the source does not report it (POWERHUB)', resolve: (s) => s.gridStatus }),
    islandStatus: t.field({ type: IslandStatusEnum, nullable: true, description: 'null when the source does not report it (POWERHUB)', resolve: (s) => s.islandStatus }),
    stormModeActive: t.exposeBoolean('stormModeActive', { nullable: true, description: 'Storm Watch holds the battery for an outage; null when the source does not report it (POWERHUB)' }),
    backupCapable: t.exposeBoolean('backupCapable', { nullable: true, description: 'null when the source does not report it (POWERHUB)' }),
    gridServicesActive: t.exposeBoolean('gridServicesActive'),
  }),
});

const SiteSettingsRef = builder.objectRef<SiteSettings>('SiteSettings').implement({
  description: "The customer's settings as Tesla reports them (site_info); null where Tesla does not say",
  fields: (t) => ({
    backupReservePercent: t.exposeFloat('backupReservePercent', { nullable: true }),
    operationMode: t.field({ type: OperationModeEnum, nullable: true, resolve: (s) => s.operationMode }),
    exportRule: t.field({ type: ExportRuleEnum, nullable: true, resolve: (s) => s.exportRule }),
    gridChargingAllowed: t.exposeBoolean('gridChargingAllowed', { nullable: true }),
    stormModeEnabled: t.exposeBoolean('stormModeEnabled', { nullable: true }),
  }),
});

const ReadinessBlockerCodeEnum = builder.enumType('ReadinessBlockerCode', {
  values: [
    'NO_BATTERY',
    'EXPORT_RULE_PV_ONLY',
    'EXPORT_RULE_NEVER',
    'EXPORT_NOT_PERMITTED',
    'GRID_CHARGING_DISALLOWED',
    'GRID_CHARGING_NOT_PERMITTED',
    'STORM_MODE_ACTIVE',
    'MISSING_ENERGY_CMDS_SCOPE',
    'CONNECTION_NEEDS_REAUTH',
  ] as const,
});
const GridFlowEnum = builder.enumType('GridFlow', { values: ['EXPORT', 'GRID_CHARGING'] as const });

const ReadinessBlockerRef = builder.objectRef<ReadinessBlocker>('ReadinessBlocker').implement({
  fields: (t) => ({
    code: t.field({ type: ReadinessBlockerCodeEnum, resolve: (b) => b.code }),
    blocks: t.field({ type: [GridFlowEnum], resolve: (b) => b.blocks }),
    message: t.exposeString('message'),
    remediation: t.exposeString('remediation', { description: 'What the customer (or enableGridInteraction) can do about it' }),
    liftedByGridInteraction: t.exposeBoolean('liftedByGridInteraction'),
  }),
});

const GridReadinessRef = builder.objectRef<GridReadiness>('GridReadiness').implement({
  description: 'Whether the battery can move energy across the grid connection right now, and what stands in the way',
  fields: (t) => ({
    canExportBattery: t.exposeBoolean('canExportBattery'),
    canChargeFromGrid: t.exposeBoolean('canChargeFromGrid'),
    blockers: t.field({ type: [ReadinessBlockerRef], resolve: (r) => r.blockers }),
  }),
});

builder.node(SiteRef, {
  description: 'A Tesla energy site (a Powerwall system, solar, or both) of a connected customer',
  id: { resolve: (s) => s.id },
  loadMany: (ids, context) => Promise.all(ids.map((id) => context.loaders.siteById.load(id))),
  fields: (t) => ({
    energySiteId: t.exposeString('energy_site_id', { description: "Tesla's numeric energy_site_id, as text: it exceeds 32 bits" }),
    name: t.exposeString('name'),
    timeZone: t.exposeString('time_zone', { nullable: true, description: 'IANA time zone of the installation' }),
    connection: t.field({
      type: TeslaConnectionRef,
      resolve: async (site, _args, context) => {
        const connection = await context.loaders.connectionById.load(site.connection_id);
        if (!connection) throw new Error(`connection of site ${site.id} is missing`);
        return connection;
      },
    }),
    components: t.field({ type: SiteComponentsRef, resolve: (site) => site }),
    powerwalls: t.field({ type: [PowerwallRef], resolve: (site, _args, context) => context.loaders.powerwallsBySiteId.load(site.id) }),
    wallConnectors: t.field({ type: [WallConnectorRef], resolve: (site, _args, context) => context.loaders.wallConnectorsBySiteId.load(site.id) }),
    liveStatus: t.field({
      type: SiteLiveStatusRef,
      nullable: true,
      description:
        "Live power flows, shared by all callers for a few seconds: from Powerhub's telemetry for a site linked to the organization's Powerhub account (source POWERHUB), else from Tesla's live_status (source FLEET_API). null with an error when the source cannot be read.",
      resolve: (site, _args, context) => context.loaders.liveStatus.load(site),
    }),
    gridReadiness: t.field({
      type: GridReadinessRef,
      nullable: true,
      description: "From site_info, live status and the connection's scopes. null with an error when Tesla cannot be read.",
      resolve: async (site, _args, context) => {
        const connection = await context.loaders.connectionById.load(site.connection_id);
        if (!connection) throw new Error(`connection of site ${site.id} is missing`);
        // Without a usable connection Tesla cannot be asked; the blockers say why.
        const usable = connection.status === 'ACTIVE' && connection.granted_scopes.includes('energy_device_data');
        // The Fleet API's reading even for a Powerhub-linked site: only it reports storm mode.
        const [info, live] = usable ? await Promise.all([context.loaders.siteInfo.load(site), context.loaders.fleetLiveStatus.load(site).catch(() => null)]) : [null, null];
        return gridReadiness(site, connection, info, live);
      },
    }),
    settings: t.field({
      type: SiteSettingsRef,
      nullable: true,
      description: "From Tesla's site_info. null with an error when Tesla cannot be read.",
      resolve: async (site, _args, context) => toSiteSettings(await context.loaders.siteInfo.load(site)),
    }),
  }),
});

builder.node(PowerwallRef, {
  description: 'One Powerwall unit, or the whole battery system when Tesla does not list units',
  id: { resolve: (p) => p.id },
  loadMany: (ids, context) => Promise.all(ids.map((id) => context.loaders.powerwallById.load(id))),
  fields: (t) => ({
    site: t.field({ type: SiteRef, resolve: (p, _args, context) => loadSite(context.loaders.siteById, p.site_id) }),
    din: t.exposeString('din'),
    serialNumber: t.exposeString('serial_number', { nullable: true }),
    partName: t.exposeString('part_name', { nullable: true }),
    nameplateEnergyWh: t.float({ nullable: true, resolve: (p) => p.nameplate_energy_wh }),
    nameplatePowerW: t.float({ nullable: true, resolve: (p) => p.nameplate_power_w }),
  }),
});

builder.node(WallConnectorRef, {
  id: { resolve: (w) => w.id },
  loadMany: (ids, context) => Promise.all(ids.map((id) => context.loaders.wallConnectorById.load(id))),
  fields: (t) => ({
    site: t.field({ type: SiteRef, resolve: (w, _args, context) => loadSite(context.loaders.siteById, w.site_id) }),
    din: t.exposeString('din'),
    deviceId: t.exposeString('device_id', { nullable: true }),
    partName: t.exposeString('part_name', { nullable: true }),
    isActive: t.exposeBoolean('is_active'),
  }),
});

async function loadSite(loader: { load(id: string): Promise<SiteRow | null> }, id: string): Promise<SiteRow> {
  const site = await loader.load(id);
  if (!site) throw new Error(`site ${id} is missing`);
  return site;
}

export const SiteFilterInput = builder.inputType('SiteFilter', {
  fields: (t) => ({
    hasBattery: t.boolean(),
    hasSolar: t.boolean(),
    connectionId: t.id({ description: 'Only sites of this TeslaConnection' }),
    nameContains: t.string({ description: `Case-insensitive part of the site name; at most ${INPUT_LIMITS.nameMaxLength} characters`, extensions: maxLength(INPUT_LIMITS.nameMaxLength) }),
  }),
});

/** The repository filter from the GraphQL `SiteFilter` argument. */
export function siteFilterFromArgs(f: typeof SiteFilterInput.$inferInput | null | undefined): SiteFilter {
  return {
    hasBattery: f?.hasBattery,
    hasSolar: f?.hasSolar,
    nameContains: f?.nameContains,
    connectionId: f?.connectionId == null ? null : parseGlobalId(String(f.connectionId), 'TeslaConnection', 'filter.connectionId'),
  };
}

builder.queryFields((t) => ({
  sites: t.connection({
    type: SiteRef,
    description: "The organization's energy sites, by name",
    args: { filter: t.arg({ type: SiteFilterInput }) },
    resolve: (_root, args, context) => {
      const organizationId = context.caller!.organizationId;
      const filter = siteFilterFromArgs(args.filter);
      return offsetConnection(
        args,
        (page) => context.services.sites.listSites(organizationId, filter, page),
        () => context.services.sites.countSites(organizationId, filter),
      );
    },
  }),
  site: t.field({
    type: SiteRef,
    // Nullable with a NOT_FOUND error: one stale id does not wipe a dashboard's whole answer.
    nullable: true,
    description: 'One site by its global ID; null with a NOT_FOUND error if it does not exist or belongs to another organization',
    args: { id: t.arg.id({ required: true, description: 'Site global ID' }) },
    resolve: async (_root, args, context) => {
      const site = await context.loaders.siteById.load(parseGlobalId(String(args.id), 'Site', 'id'));
      if (!site) throw GatewayError.notFound('site');
      return site;
    },
  }),
}));
