import type { Db } from '../db/database.js';
import type { ProgramEventRow } from '../db/tables.js';
import type { DispatchService } from '../dispatch/dispatch-service.js';
import type { Logger } from '../observability/logger.js';
import type { SiteService } from '../sites/site-service.js';
import type { TelemetryFeed } from '../telemetry/telemetry-feed.js';
import * as repo from './program-repository.js';

/**
 * Looks at an active event's sites for what the event must not fight: settings changed by someone
 * else (the customer in the Tesla app), a Storm Watch, or Tesla's own grid services taking over.
 * Such a site is flagged (its performance rows say `override`) and left alone: its customer
 * settings are restored now, and nothing is sent to it again for this event.
 * It costs Tesla little: storm watch and grid services are read from the samples the poller
 * already took (an event's sites are polled), settings from site_info through the shared cache.
 */
export class EventOverrides {
  constructor(
    private readonly db: Db,
    private readonly sites: SiteService,
    private readonly dispatches: DispatchService,
    private readonly telemetry: TelemetryFeed,
    private readonly logger: Logger,
  ) {}

  async watch(event: ProgramEventRow): Promise<void> {
    const watched = (await repo.eventSites(this.db, event.id)).filter((s) => s.included && s.override === null).map((s) => s.site_id);
    if (!watched.length) return;
    const dispatch = event.dispatch_id ? await this.dispatches.find(event.organization_id, event.dispatch_id) : undefined;
    const dispatched = new Set(dispatch ? await this.dispatches.dispatchedSiteIds(dispatch.id) : []);
    const latest = await this.telemetry.latestSamples(watched);
    for (const siteId of watched) {
      const target = await this.sites.siteWithConnection(event.organization_id, siteId);
      if (!target) continue;
      try {
        const live = latest.get(siteId)?.liveStatus;
        let reason: string | null = null;
        if (live?.stormModeActive) reason = 'storm watch: the battery is held for an outage';
        else if (live?.gridServicesActive && !event.powerhub_dispatch_id) reason = "Tesla's own grid services took over the battery";
        else if (dispatch && dispatched.has(siteId)) {
          const levers = await this.dispatches.leversOf(dispatch, siteId);
          const info = levers ? await this.sites.siteInfo(target.site, target.connection) : null;
          const changed = info ? levers!.filter((step) => !step.done(info)).map((step) => step.name) : [];
          if (changed.length) reason = `settings changed during the event by someone else (no longer: ${changed.join(', ')})`;
        }
        if (!reason || !(await repo.flagOverride(this.db, event.id, siteId, reason))) continue;
        this.logger.info({ eventId: event.id, siteId, reason }, 'event site overridden: left alone and restored');
        if (dispatch) await this.dispatches.restoreSiteNow(dispatch.id, siteId);
      } catch (error) {
        this.logger.warn({ err: error, eventId: event.id, siteId }, 'could not check an event site for overrides');
      }
    }
  }
}
