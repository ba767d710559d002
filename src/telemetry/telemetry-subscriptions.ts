import type { SiteRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import { builder } from '../graphql/builder.js';
import { parseGlobalId } from '../graphql/global-id.js';
import { firstRows } from '../graphql/pagination.js';
import { REPLAY_LATEST_BY } from '../graphql/replay-latest.js';
import type { GatewayContext } from '../server/context.js';
import type { SiteLiveStatus } from '../sites/site-mapping.js';
import { SiteFilterInput, SiteLiveStatusRef, SiteRef, siteFilterFromArgs } from '../sites/site-types.js';
import { energyAboveReserve } from './site-reserves.js';
import { STATE_OF_CHARGE_BUCKETS, type FleetAggregate } from './telemetry-feed.js';
import { fromSampledLiveStatus, sampleAgeSeconds, type TelemetrySample } from './telemetry-sample.js';

/** Sites one fleet subscription may cover. */
export const MAX_FLEET_SITES = 10_000;

interface SiteTelemetryEvent {
  site: SiteRow;
  sample: TelemetrySample;
}

const SiteTelemetryEventRef = builder.objectRef<SiteTelemetryEvent>('SiteTelemetryEvent').implement({
  description: 'A new live-status sample of a watched site; a failed poll arrives as a stale event with its error',
  fields: (t) => ({
    site: t.field({
      type: SiteRef,
      description:
        'The site, whose liveStatus is the sample just read (the poller shares it through the cache): a normalised client cache (Apollo, urql, Relay) updates the site by its id',
      resolve: (e) => e.site,
    }),
    liveStatus: t.field({
      type: SiteLiveStatusRef,
      nullable: true,
      description: 'The sample just read (the same as site.liveStatus); null when the poll failed (stale)',
      resolve: (e): SiteLiveStatus | null => (e.sample.liveStatus ? fromSampledLiveStatus(e.sample.liveStatus) : null),
    }),
    sampledAt: t.field({ type: 'DateTime', description: 'When the gateway read this sample from Tesla', resolve: (e) => new Date(e.sample.sampledAt) }),
    ageSeconds: t.float({ description: 'Seconds since sampledAt, at delivery (the first event of a subscription may be the latest sample, read earlier)', resolve: (e) => sampleAgeSeconds(e.sample) }),
    stale: t.boolean({ description: 'True when this poll failed: liveStatus is null and error says why', resolve: (e) => e.sample.liveStatus === null }),
    error: t.string({ nullable: true, description: 'Why the poll failed; null when it succeeded', resolve: (e) => e.sample.error }),
  }),
});

interface StateOfChargeBucket {
  fromPercent: number;
  toPercent: number;
  siteCount: number;
}

const StateOfChargeBucketRef = builder.objectRef<StateOfChargeBucket>('StateOfChargeBucket').implement({
  description: 'How many reporting sites have a state of charge in [fromPercent, toPercent) (the last bucket includes 100 %)',
  fields: (t) => ({
    fromPercent: t.exposeFloat('fromPercent', { description: 'Lower bound, %, included' }),
    toPercent: t.exposeFloat('toPercent', { description: 'Upper bound, %, excluded except for the last bucket (100 %)' }),
    siteCount: t.exposeInt('siteCount', { description: 'Reporting sites with a battery whose state of charge falls in this bucket' }),
  }),
});

/** Energy above reserve and the mean reserve of one event's battery sites (reserves from site_info, cached for minutes). */
async function reserveFigures(aggregate: FleetAggregate, context: GatewayContext) {
  const reserves = await context.services.siteReserves.reservesOf(
    context.caller!.organizationId,
    aggregate.batteries.map((b) => b.siteId),
  );
  return energyAboveReserve(aggregate.batteries, reserves);
}

const FleetTelemetryEventRef = builder.objectRef<FleetAggregate>('FleetTelemetryEvent').implement({
  description:
    "Aggregates over the latest samples of a fleet's sites (Tesla's signs: battery positive = discharging, grid positive = importing). Sums cover reporting sites only.",
  fields: (t) => ({
    computedAt: t.field({ type: 'DateTime', description: 'When the gateway computed these aggregates', resolve: (a) => a.computedAt }),
    siteCount: t.exposeInt('siteCount', { description: 'Sites matching the filter' }),
    reportingSiteCount: t.exposeInt('reportingSiteCount', { description: 'Sites whose latest sample is good and recent' }),
    staleSiteCount: t.exposeInt('staleSiteCount', { description: 'Sites whose latest poll failed or whose latest sample is older than three intervals' }),
    solarPowerW: t.exposeFloat('solarPowerW', { description: 'Σ solar production of the reporting sites, W' }),
    batteryPowerW: t.exposeFloat('batteryPowerW', { description: 'Σ battery power of the reporting sites, W; positive = discharging, negative = charging' }),
    loadPowerW: t.exposeFloat('loadPowerW', { description: 'Σ home consumption of the reporting sites, W' }),
    gridPowerW: t.exposeFloat('gridPowerW', { description: 'Σ grid power of the reporting sites, W; positive = importing, negative = exporting' }),
    energyLeftWh: t.exposeFloat('energyLeftWh', { description: 'Σ energy stored in the reporting batteries, Wh' }),
    totalPackEnergyWh: t.exposeFloat('totalPackEnergyWh', { description: 'Σ full-pack energy of the reporting batteries, Wh' }),
    meanPercentageCharged: t.exposeFloat('meanPercentageCharged', { nullable: true, description: 'Mean state of charge of the reporting sites with a battery' }),
    oldestSampleAgeSeconds: t.exposeFloat('oldestSampleAgeSeconds', { nullable: true, description: 'Age in seconds of the oldest sample the sums include; null when no site reports' }),
    pendingSiteCount: t.exposeInt('pendingSiteCount', {
      description: 'Sites with no sample yet (their first poll since someone started watching them has not come back); siteCount = reportingSiteCount + staleSiteCount + pendingSiteCount',
    }),
    stateOfChargeHistogram: t.field({
      type: [StateOfChargeBucketRef],
      description: `The reporting sites with a battery by state of charge, in ${STATE_OF_CHARGE_BUCKETS} buckets of ${100 / STATE_OF_CHARGE_BUCKETS} points from 0 %`,
      resolve: (a) =>
        a.stateOfChargeHistogram.map((siteCount, i) => ({ fromPercent: (i * 100) / STATE_OF_CHARGE_BUCKETS, toPercent: ((i + 1) * 100) / STATE_OF_CHARGE_BUCKETS, siteCount })),
    }),
    energyAboveReserveWh: t.float({
      description:
        "Wh the reporting batteries hold above their customers' backup reserve (what a discharge could deliver before the reserve holds); sites whose reserve could not be read from site_info yet are left out. Reserves are read through the shared cache and kept for five minutes.",
      resolve: async (a, _args, context) => (await reserveFigures(a, context)).energyAboveReserveWh,
    }),
    meanBackupReservePercent: t.float({
      nullable: true,
      description: 'Mean backup reserve (%) of the reporting battery sites whose reserve is known; null when none is',
      resolve: async (a, _args, context) => (await reserveFigures(a, context)).meanBackupReservePercent,
    }),
  }),
});

/** Checks every site's connection can read energy data, so a subscription fails at once rather than going stale forever. */
async function assertReadable(context: GatewayContext, organizationId: string, sites: readonly SiteRow[]): Promise<void> {
  const connectionIds = [...new Set(sites.map((s) => s.connection_id))];
  for (const connection of await context.services.connections.connectionsByIds(organizationId, connectionIds)) {
    context.services.connections.assertUsable(connection, ['energy_device_data']);
  }
}

builder.subscriptionFields((t) => ({
  siteTelemetry: t.field({
    type: SiteTelemetryEventRef,
    description:
      'Live status of the given sites: first the latest sample when one is known, then every TELEMETRY_INTERVAL_S — one Tesla call per site per interval, however many subscribers',
    args: { siteIds: t.arg.idList({ required: true, description: 'Site global IDs: 1 to 1000 sites' }) },
    // Events are each site's state: a subscriber joining a shared execution starts from the latest per site.
    extensions: { [REPLAY_LATEST_BY]: 'site' },
    subscribe: async (_root, args, context) => {
      const organizationId = context.caller!.organizationId;
      const ids = [...new Set(args.siteIds.map((id) => parseGlobalId(String(id), 'Site', 'siteIds')))];
      if (ids.length === 0 || ids.length > 1000) throw GatewayError.badUserInput('siteIds', 'give 1 to 1000 sites');
      const sites = await context.services.sites.sitesByIds(organizationId, ids);
      if (sites.length !== ids.length) throw GatewayError.notFound('site');
      await assertReadable(context, organizationId, sites);
      const byId = new Map(sites.map((s) => [s.id, s]));
      const samples = await context.services.telemetry.siteSamples(organizationId, ids);
      const events: AsyncIterableIterator<SiteTelemetryEvent> = {
        [Symbol.asyncIterator]: () => events,
        next: async () => {
          const result = await samples.next();
          return result.done ? { value: undefined, done: true } : { value: { site: byId.get(result.value.siteId)!, sample: result.value }, done: false };
        },
        return: async () => {
          await samples.return!();
          return { value: undefined, done: true };
        },
      };
      return events;
    },
    resolve: (event) => event,
  }),
  fleetTelemetry: t.field({
    type: FleetTelemetryEventRef,
    description: `Aggregate power and energy over the sites matching the filter (all the organization's sites without one; at most ${MAX_FLEET_SITES}): at once, then as samples arrive (at most once a second) and at least once per interval`,
    args: { filter: t.arg({ type: SiteFilterInput, description: "The sites to aggregate; all the organization's sites when omitted" }) },
    extensions: { [REPLAY_LATEST_BY]: '' },
    subscribe: async (_root, args, context) => {
      const organizationId = context.caller!.organizationId;
      const filter = siteFilterFromArgs(args.filter);
      const sites = await context.services.sites.listSites(organizationId, filter, firstRows(MAX_FLEET_SITES + 1));
      if (sites.length > MAX_FLEET_SITES) throw GatewayError.badUserInput('filter', `the filter matches more than ${MAX_FLEET_SITES} sites: narrow it`);
      await assertReadable(context, organizationId, sites);
      return context.services.telemetry.fleetAggregates(
        organizationId,
        sites.map((s) => s.id),
      );
    },
    resolve: (aggregate) => aggregate,
  }),
}));
