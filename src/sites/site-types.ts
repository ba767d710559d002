import type { PowerwallRow, SiteRow, WallConnectorRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import { builder } from '../graphql/builder.js';
import { parseGlobalId } from '../graphql/global-id.js';
import { firstRows, keysetConnection, sortedListConnection, type ConnectionArgs } from '../graphql/pagination.js';
import { TeslaAccountRef } from '../connections/connection-types.js';
import { gridReadiness, type GridReadiness, type ReadinessBlocker } from './grid-readiness.js';
import type { SiteFilter } from './site-repository.js';
import { toSiteSettings, type SiteLiveStatus, type SiteSettings } from './site-mapping.js';
import { compareSiteKeys, isSiteOrderKey, orderSites, type SiteOrder } from './site-order.js';
import { INPUT_LIMITS, maxLength } from '../server/input-limits.js';
import type { GatewayContext } from '../server/context.js';

export const SiteRef = builder.objectRef<SiteRow>('Site');
export const PowerwallRef = builder.objectRef<PowerwallRow>('Powerwall');
export const WallConnectorRef = builder.objectRef<WallConnectorRow>('WallConnector');

const GridStatusEnum = builder.enumType('GridStatus', {
  description: "Tesla's live_status grid_status: whether the utility grid is up at the site",
  values: {
    ACTIVE: { description: 'The grid is up (Tesla: Active)' },
    INACTIVE: { description: 'The grid is down or disconnected, e.g. an outage (Tesla: Inactive)' },
    UNKNOWN: { description: 'Tesla does not know, or reported a value the gateway does not recognise' },
  } as const,
});
const IslandStatusEnum = builder.enumType('IslandStatus', {
  description: "Tesla's live_status island_status: whether the site runs connected to the grid or islanded",
  values: {
    ON_GRID: { description: 'Connected to the grid (Tesla: on_grid)' },
    OFF_GRID: { description: 'Islanded, for a reason Tesla does not give (Tesla: off_grid)' },
    OFF_GRID_INTENTIONAL: { description: 'Islanded on purpose, e.g. the customer chose Go Off-Grid (Tesla: off_grid_intentional)' },
    OFF_GRID_UNINTENTIONAL: { description: 'Islanded by a grid outage (Tesla: off_grid_unintentional)' },
    UNKNOWN: { description: 'Tesla does not know (island_status_unknown), or reported a value the gateway does not recognise' },
  } as const,
});
export const OperationModeEnum = builder.enumType('OperationMode', {
  description: "SELF_CONSUMPTION (Tesla: self_consumption), TIME_BASED_CONTROL (Tesla: autonomous), BACKUP (Tesla: backup)",
  values: {
    SELF_CONSUMPTION: { description: 'Self-Powered: the battery powers the home from solar (Tesla: self_consumption)' },
    TIME_BASED_CONTROL: { description: 'Time-Based Control: the battery follows the utility rate plan (Tesla: autonomous)' },
    BACKUP: { description: 'Backup-only: the battery is kept full for outages (Tesla: backup)' },
  } as const,
});
export const ExportRuleEnum = builder.enumType('ExportRule', {
  description: 'What the site may export: PV_ONLY (solar only), BATTERY_OK (solar and battery), NEVER',
  values: {
    PV_ONLY: { description: 'Only solar is exported; the battery never discharges to the grid (Tesla: pv_only)' },
    BATTERY_OK: { description: 'Solar and battery may both be exported (Tesla: battery_ok; "Everything" in the Tesla app)' },
    NEVER: { description: 'Nothing is exported (Tesla: never)' },
  } as const,
});

const SiteComponentsRef = builder.objectRef<SiteRow>('SiteComponents').implement({
  description: 'Installed hardware, as discovered from Tesla',
  fields: (t) => ({
    battery: t.exposeBoolean('has_battery', { description: 'The site has a battery (Powerwall)' }),
    solar: t.exposeBoolean('has_solar', { description: 'The site has solar panels' }),
    grid: t.exposeBoolean('has_grid', { description: 'Tesla lists a grid connection for the site (components.grid)' }),
    batteryCount: t.exposeInt('battery_count', { description: "Battery units: site_info's battery_count, else the units Tesla lists" }),
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
    solarPowerW: t.exposeFloat('solarPowerW', { description: 'W produced by solar' }),
    batteryPowerW: t.exposeFloat('batteryPowerW', { description: 'W; positive = discharging, negative = charging' }),
    loadPowerW: t.exposeFloat('loadPowerW', { description: 'W consumed by the home' }),
    gridPowerW: t.exposeFloat('gridPowerW', { description: 'W; positive = importing, negative = exporting' }),
    generatorPowerW: t.exposeFloat('generatorPowerW', { nullable: true, description: 'W; null when the source does not report it (POWERHUB)' }),
    percentageCharged: t.exposeFloat('percentageCharged', { nullable: true, description: 'null for a site without a battery' }),
    energyLeftWh: t.exposeFloat('energyLeftWh', { nullable: true, description: 'Wh; null for a site without a battery, or when the source does not report it (POWERHUB)' }),
    totalPackEnergyWh: t.exposeFloat('totalPackEnergyWh', { nullable: true, description: 'Wh; null for a site without a battery, or when the source does not report it (POWERHUB)' }),
    gridStatus: t.field({ type: GridStatusEnum, nullable: true, description: 'null when the source does not report it (POWERHUB)', resolve: (s) => s.gridStatus }),
    islandStatus: t.field({ type: IslandStatusEnum, nullable: true, description: 'null when the source does not report it (POWERHUB)', resolve: (s) => s.islandStatus }),
    stormModeActive: t.exposeBoolean('stormModeActive', { nullable: true, description: 'Storm Watch holds the battery for an outage; null when the source does not report it (POWERHUB)' }),
    backupCapable: t.exposeBoolean('backupCapable', { nullable: true, description: 'null when the source does not report it (POWERHUB)' }),
    gridServicesActive: t.exposeBoolean('gridServicesActive', { description: 'A grid-services (VPP) program is steering the battery now (Tesla: grid_services_active)' }),
  }),
});

const SiteSettingsRef = builder.objectRef<SiteSettings>('SiteSettings').implement({
  description: "The customer's settings as Tesla reports them (site_info); null where Tesla does not say",
  fields: (t) => ({
    backupReservePercent: t.exposeFloat('backupReservePercent', { nullable: true, description: 'Share of the battery kept for outages, % (0–100)' }),
    operationMode: t.field({ type: OperationModeEnum, nullable: true, description: "The battery's mode (Tesla: default_real_mode)", resolve: (s) => s.operationMode }),
    exportRule: t.field({ type: ExportRuleEnum, nullable: true, description: 'What the site may export (Tesla: customer_preferred_export_rule)', resolve: (s) => s.exportRule }),
    gridChargingAllowed: t.exposeBoolean('gridChargingAllowed', { nullable: true, description: 'The battery may charge from the grid (Tesla: not disallow_charge_from_grid_with_solar_installed)' }),
    stormModeEnabled: t.exposeBoolean('stormModeEnabled', { nullable: true, description: 'Storm Watch is on: the battery charges fully ahead of severe weather' }),
  }),
});

export const ReadinessBlockerCodeEnum = builder.enumType('ReadinessBlockerCode', {
  description: 'What stands in the way of moving battery energy across the grid connection',
  values: {
    NO_BATTERY: { description: 'The site has no battery: there is nothing to dispatch' },
    EXPORT_RULE_PV_ONLY: { description: 'The export rule is PV_ONLY: the battery may not export' },
    EXPORT_RULE_NEVER: { description: 'The export rule is NEVER: the site exports nothing' },
    EXPORT_NOT_PERMITTED: { description: 'The export setting is locked by the installer or utility; enableGridInteraction cannot change it' },
    GRID_CHARGING_DISALLOWED: { description: 'Grid charging is off in the customer settings; enableGridInteraction can allow it for an event' },
    GRID_CHARGING_NOT_PERMITTED: { description: 'Grid charging is off and locked by the installer or utility' },
    STORM_MODE_ACTIVE: { description: 'Storm Watch is active: the battery is held full for an outage' },
    MISSING_ENERGY_CMDS_SCOPE: { description: 'The customer did not grant the energy_cmds scope' },
    ACCOUNT_NEEDS_REAUTH: { description: 'Tesla no longer accepts the account: the customer must connect again' },
  } as const,
});
const GridFlowEnum = builder.enumType('GridFlow', {
  description: 'An energy flow across the grid connection',
  values: {
    EXPORT: { description: 'Battery energy exported to the grid (a discharge with grid interaction)' },
    GRID_CHARGING: { description: 'The battery charging from the grid' },
  } as const,
});

const ReadinessBlockerRef = builder.objectRef<ReadinessBlocker>('ReadinessBlocker').implement({
  description: 'One reason the battery cannot move energy across the grid connection, with its remedy',
  fields: (t) => ({
    code: t.field({ type: ReadinessBlockerCodeEnum, description: 'What the blocker is', resolve: (b) => b.code }),
    blocks: t.field({ type: [GridFlowEnum], description: 'The flows it stands in the way of (one or both)', resolve: (b) => b.blocks }),
    message: t.exposeString('message', { description: 'What is wrong, in words' }),
    remediation: t.exposeString('remediation', { description: 'What the customer (or enableGridInteraction) can do about it' }),
    liftedByGridInteraction: t.exposeBoolean('liftedByGridInteraction', { description: 'A dispatch with enableGridInteraction would lift it by changing the setting for the event' }),
  }),
});

const GridReadinessRef = builder.objectRef<GridReadiness>('GridReadiness').implement({
  description: 'Whether the battery can move energy across the grid connection right now, and what stands in the way',
  fields: (t) => ({
    canExportBattery: t.exposeBoolean('canExportBattery', { description: 'No blocker stands in the way of battery export' }),
    canChargeFromGrid: t.exposeBoolean('canChargeFromGrid', { description: 'No blocker stands in the way of grid charging' }),
    blockers: t.field({ type: [ReadinessBlockerRef], description: 'Everything in the way; empty when both flows are possible', resolve: (r) => r.blockers }),
  }),
});

builder.node(SiteRef, {
  description: 'A Tesla energy site (a Powerwall system, solar, or both) of a connected customer',
  id: { resolve: (s) => s.id },
  loadMany: (ids, context) => Promise.all(ids.map((id) => context.loaders.siteById.load(id))),
  fields: (t) => ({
    energySiteId: t.exposeString('energy_site_id', { description: "Tesla's numeric energy_site_id, as text: it exceeds 32 bits" }),
    name: t.exposeString('name', { description: "The site's name in the Tesla app (site_name); `Site <energySiteId>` when it has none" }),
    timeZone: t.exposeString('time_zone', { nullable: true, description: 'IANA time zone of the installation' }),
    account: t.field({
      type: TeslaAccountRef,
      description: 'The Tesla account the site is read and commanded through',
      resolve: async (site, _args, context) => {
        const connection = await context.loaders.connectionById.load(site.connection_id);
        if (!connection) throw new Error(`connection of site ${site.id} is missing`);
        return connection;
      },
    }),
    components: t.field({ type: SiteComponentsRef, description: 'Installed hardware, as discovered from Tesla', resolve: (site) => site }),
    powerwalls: t.field({ type: [PowerwallRef], description: 'Its battery units, as discovered from Tesla; empty without a battery', resolve: (site, _args, context) => context.loaders.powerwallsBySiteId.load(site.id) }),
    wallConnectors: t.field({ type: [WallConnectorRef], description: 'Its Wall Connectors (EV chargers), as discovered from Tesla', resolve: (site, _args, context) => context.loaders.wallConnectorsBySiteId.load(site.id) }),
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
      description: "From site_info, live status and the account's scopes. null with an error when Tesla cannot be read.",
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
    site: t.field({ type: SiteRef, description: 'The site it belongs to', resolve: (p, _args, context) => loadSite(context.loaders.siteById, p.site_id) }),
    din: t.exposeString('din', { description: "Tesla's device identification number (DIN)" }),
    serialNumber: t.exposeString('serial_number', { nullable: true, description: "Tesla's serial number; null when Tesla does not give it" }),
    partName: t.exposeString('part_name', { nullable: true, description: 'Product name as Tesla gives it (e.g. "Powerwall 2"); null when Tesla does not' }),
    nameplateEnergyWh: t.float({ nullable: true, description: 'Nameplate energy, Wh; null when Tesla does not give it', resolve: (p) => p.nameplate_energy_wh }),
    nameplatePowerW: t.float({ nullable: true, description: 'Nameplate power, W; null when Tesla does not give it', resolve: (p) => p.nameplate_power_w }),
  }),
});

builder.node(WallConnectorRef, {
  description: 'A Tesla Wall Connector (EV charger) of an energy site',
  id: { resolve: (w) => w.id },
  loadMany: (ids, context) => Promise.all(ids.map((id) => context.loaders.wallConnectorById.load(id))),
  fields: (t) => ({
    site: t.field({ type: SiteRef, description: 'The site it belongs to', resolve: (w, _args, context) => loadSite(context.loaders.siteById, w.site_id) }),
    din: t.exposeString('din', { description: "Tesla's device identification number (DIN)" }),
    deviceId: t.exposeString('device_id', { nullable: true, description: "Tesla's device id; null when Tesla does not give it" }),
    partName: t.exposeString('part_name', { nullable: true, description: 'Product name as Tesla gives it (e.g. "Gen 3 Wall Connector"); null when Tesla does not' }),
    isActive: t.exposeBoolean('is_active', { description: "Tesla's is_active for it; true when Tesla does not say" }),
  }),
});

async function loadSite(loader: { load(id: string): Promise<SiteRow | null> }, id: string): Promise<SiteRow> {
  const site = await loader.load(id);
  if (!site) throw new Error(`site ${id} is missing`);
  return site;
}

export const SiteFilterInput = builder.inputType('SiteFilter', {
  description: 'Which sites to include; the conditions given must all hold',
  fields: (t) => ({
    hasBattery: t.boolean({ description: 'Only sites with (true) or without (false) a battery' }),
    hasSolar: t.boolean({ description: 'Only sites with (true) or without (false) solar' }),
    accountId: t.id({ description: 'Only sites of this TeslaAccount' }),
    nameContains: t.string({ description: `Case-insensitive part of the site name; at most ${INPUT_LIMITS.nameMaxLength} characters`, extensions: maxLength(INPUT_LIMITS.nameMaxLength) }),
  }),
});

/** The repository filter from the GraphQL `SiteFilter` argument. */
export function siteFilterFromArgs(f: typeof SiteFilterInput.$inferInput | null | undefined): SiteFilter {
  return {
    hasBattery: f?.hasBattery,
    hasSolar: f?.hasSolar,
    nameContains: f?.nameContains,
    connectionId: f?.accountId == null ? null : parseGlobalId(String(f.accountId), 'TeslaAccount', 'filter.accountId'),
  };
}

/** The most sites an order by a sample's figure is taken over (as many as fleetTelemetry aggregates). */
const MAX_ORDERED_SITES = 10_000;

const SiteOrderFieldEnum = builder.enumType('SiteOrderField', {
  description:
    "What Query.sites is sorted by: the name, or a figure of each site's latest polled sample (the one siteTelemetry and fleetTelemetry deliver; sites are polled while some subscription watches them)",
  values: {
    NAME: { description: 'The site name (then id)' },
    BATTERY_POWER: { description: 'Battery power, W (positive: discharging)' },
    STATE_OF_CHARGE: { description: 'Battery state of charge, %' },
    GRID_POWER: { description: 'Grid power, W (positive: importing)' },
    SOLAR_POWER: { description: 'Solar power, W' },
    SAMPLED_AT: { description: 'When the latest sample was taken: ASC lists the stalest sites first' },
  } as const,
});

const OrderDirectionEnum = builder.enumType('OrderDirection', {
  description: 'Ascending or descending',
  values: { ASC: { description: 'Smallest (or A) first' }, DESC: { description: 'Largest (or Z) first' } } as const,
});

const SiteOrderInput = builder.inputType('SiteOrder', {
  description: `How Query.sites is sorted. By a sample's figure: ties, and sites without the figure (no sample yet, or its latest poll failed: always last), go by name; the order is taken over at most ${MAX_ORDERED_SITES} sites matching the filter, from the latest samples at the time of each page, so a site whose figure changed between pages may move from one page to another.`,
  fields: (t) => ({
    field: t.field({ type: SiteOrderFieldEnum, required: true, description: 'What to sort by' }),
    direction: t.field({ type: OrderDirectionEnum, required: true, defaultValue: 'ASC', description: 'ASC (default) or DESC' }),
  }),
});

/** The one connection type of sites: every field that lists sites pages through it. */
export const SiteConnection = builder.connectionObject(
  { type: SiteRef, name: 'SiteConnection', description: 'A page of energy sites' },
  { name: 'SiteEdge', description: 'An energy site in a page, with its cursor' },
);

/** `sites(orderBy:)` by a sample's figure: the whole filtered list ordered in memory from the samples the pollers stored. */
async function sitesByFigure(context: GatewayContext, filter: SiteFilter, order: SiteOrder, args: ConnectionArgs) {
  const organizationId = context.caller!.organizationId;
  const page = firstRows(MAX_ORDERED_SITES + 1);
  const sites = await context.services.rows.siteList(organizationId, JSON.stringify([filter, page]), () => context.services.sites.listSites(organizationId, filter, page));
  if (sites.length > MAX_ORDERED_SITES) throw GatewayError.badUserInput('orderBy', `an order by a sample's figure covers at most ${MAX_ORDERED_SITES} sites, and the filter matches more: narrow it`);
  const samples = await context.services.telemetry.latestSamples(sites.map((site) => site.id));
  return sortedListConnection(
    args,
    {
      name: `sites-by-${order.field}-${order.direction}`,
      rows: orderSites(sites, samples, order).map(({ site, key }) => ({ row: site, key })),
      compare: compareSiteKeys(order.direction),
      isKey: isSiteOrderKey,
    },
    async () => sites.length,
  );
}

builder.queryFields((t) => ({
  sites: t.connection({
    type: SiteRef,
    description: "The organization's energy sites, by name unless orderBy says otherwise",
    args: {
      filter: t.arg({ type: SiteFilterInput, description: 'Only the sites matching it; all when omitted' }),
      orderBy: t.arg({ type: SiteOrderInput, description: 'The order; by name when omitted' }),
    },
    resolve: async (_root, args, context) => {
      const organizationId = context.caller!.organizationId;
      const filter = siteFilterFromArgs(args.filter);
      const field = args.orderBy?.field ?? 'NAME';
      const direction = args.orderBy?.direction ?? 'ASC';
      if (field !== 'NAME') return sitesByFigure(context, filter, { field, direction }, args);
      const descending = direction === 'DESC';
      return keysetConnection(
        args,
        // Kept per instance until the inventory changes (or ROW_CACHE_TTL_S): a polled list costs no query.
        (page) => context.services.rows.siteList(organizationId, JSON.stringify([filter, page, descending]), () => context.services.sites.listSites(organizationId, filter, page, descending)),
        () => context.services.sites.countSites(organizationId, filter),
      );
    },
  }, SiteConnection),
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
