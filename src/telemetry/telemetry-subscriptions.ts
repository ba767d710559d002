import { busEvents } from '../bus/bus-events.js';
import type { SiteRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import { builder } from '../graphql/builder.js';
import { parseGlobalId } from '../graphql/global-id.js';
import type { SiteLiveStatus } from '../sites/site-mapping.js';
import { SiteLiveStatusRef, SiteRef } from '../sites/site-types.js';
import { telemetryChannel, type TelemetrySample } from './telemetry-poller.js';

interface SiteTelemetryEvent {
  site: SiteRow;
  sample: TelemetrySample;
}

const SiteTelemetryEventRef = builder.objectRef<SiteTelemetryEvent>('SiteTelemetryEvent').implement({
  description: 'A new live-status sample of a watched site; a failed poll arrives as a stale event with its error',
  fields: (t) => ({
    site: t.field({ type: SiteRef, resolve: (e) => e.site }),
    liveStatus: t.field({
      type: SiteLiveStatusRef,
      nullable: true,
      resolve: (e): SiteLiveStatus | null =>
        e.sample.liveStatus ? { ...e.sample.liveStatus, timestamp: e.sample.liveStatus.timestamp ? new Date(e.sample.liveStatus.timestamp) : null } : null,
    }),
    sampledAt: t.field({ type: 'DateTime', resolve: (e) => new Date(e.sample.sampledAt) }),
    stale: t.boolean({ description: 'True when this poll failed: liveStatus is null and error says why', resolve: (e) => e.sample.liveStatus === null }),
    error: t.string({ nullable: true, resolve: (e) => e.sample.error }),
  }),
});

builder.subscriptionField('siteTelemetry', (t) =>
  t.field({
    type: SiteTelemetryEventRef,
    description: 'Live status of the given sites every TELEMETRY_INTERVAL_S: one Tesla call per site per interval, however many subscribers',
    args: { siteIds: t.arg.idList({ required: true }) },
    subscribe: async (_root, args, context) => {
      const organizationId = context.caller!.organizationId;
      const ids = [...new Set(args.siteIds.map((id) => parseGlobalId(String(id), 'Site', 'siteIds')))];
      if (ids.length === 0 || ids.length > 1000) throw GatewayError.badUserInput('siteIds', 'give 1 to 1000 sites');
      const sites = await context.services.sites.sitesByIds(organizationId, ids);
      if (sites.length !== ids.length) throw GatewayError.notFound('site');
      const connections = new Map(
        (await context.services.connections.connectionsByIds(organizationId, [...new Set(sites.map((s) => s.connection_id))])).map((c) => [c.id, c]),
      );
      for (const connection of connections.values()) context.services.connections.assertUsable(connection, ['energy_device_data']);
      const byId = new Map(sites.map((s) => [s.id, s]));
      const events = busEvents<TelemetrySample>(context.services.gatewayBus, telemetryChannel(organizationId), (sample) => byId.has(sample.siteId));
      const leave = sites.map((site) => context.services.telemetry.watch(site, connections.get(site.connection_id)!));
      // The subscription ends (client gone, or unsubscribed): stop counting as a watcher.
      return {
        [Symbol.asyncIterator]() {
          return this;
        },
        next: async (): Promise<IteratorResult<SiteTelemetryEvent>> => {
          const result = await events.next();
          return result.done ? { value: undefined, done: true } : { value: { site: byId.get(result.value.siteId)!, sample: result.value }, done: false };
        },
        return: async (): Promise<IteratorResult<SiteTelemetryEvent>> => {
          for (const stop of leave) stop();
          await events.return!();
          return { value: undefined, done: true };
        },
      } satisfies AsyncIterableIterator<SiteTelemetryEvent>;
    },
    resolve: (event) => event,
  }),
);
