import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandHandler, CommandOutcome, CommandResult, CommandWatch, LeasedCommand } from '../commands/command-handler.js';
import type { ConnectionService } from '../connections/connection-service.js';
import type { Db } from '../db/database.js';
import { leavesWriteUnknown } from '../gateway-error.js';
import type { CommandRow, SiteRow, TeslaConnectionRow } from '../db/tables.js';
import type { Logger } from '../observability/logger.js';
import type { SiteService } from '../sites/site-service.js';
import type { TelemetryInterest } from '../telemetry/telemetry-interest.js';
import type { SiteInfo } from '../tesla/responses.js';
import { dispatchParameters } from './dispatch-parameters.js';
import { batteryResponded, comparableLevers, leverSteps, restoreSteps, snapshotOf, type PlanStep } from './dispatch-plan.js';
import { blockersFor } from './dispatch-readiness.js';
import * as repo from './dispatch-repository.js';

/** Sends of one lever after reads showed an unanswered one did not take, within one run. */
const MAX_RESENDS = 2;
/** Before reading a site back after an unanswered write: a write still in flight gets a moment to land. */
const READ_BACK_DELAY_MS = 500;

export interface DispatchStepOptions {
  /** How often and how many times live status is read to see the battery respond to a dispatch. */
  verifyIntervalMs: number;
  verifyPolls: number;
  /** A dispatch watching a site makes it polled for telemetry (and its history) meanwhile. */
  telemetryInterest: TelemetryInterest;
}

/**
 * The runner's work for the two command kinds of a dispatch (DESIGN §8): DISPATCH_SITE moves one
 * site's levers and watches the battery respond; RESTORE_SITE puts the customer's settings back.
 */
export class DispatchSteps {
  constructor(
    private readonly db: Db,
    private readonly sites: SiteService,
    private readonly connections: ConnectionService,
    private readonly logger: Logger,
    private readonly options: DispatchStepOptions,
  ) {}

  handlers(): Record<string, CommandHandler> {
    return {
      // What a step takes from the send budget covers every call it makes, reads included: a
      // dispatch step reads site_info and live_status, moves up to 4 levers and reads site_info
      // back; a restore reads, moves up to 5 and reads back. (Resends after an unanswered write,
      // under faults, are not reserved: they are rare and bounded by MAX_RESENDS.)
      // The battery's response is watched from delayed jobs, one read each, not by a waiting worker.
      DISPATCH_SITE: { teslaCalls: 7, execute: (command) => this.dispatchSite(command), watch: (command, readsDone) => this.watchBattery(command, readsDone) },
      RESTORE_SITE: {
        teslaCalls: 7,
        // A restore is never given up over Tesla's transient failures while it has time (24 h).
        retryUntilExpiry: true,
        // Restore after the levers, never between them: come back shortly.
        deferSeconds: async (command) => ((await repo.siteStepStatus(this.db, dispatchParameters.decode(command.parameters).dispatchId, command.target_id)) === 'SENT' ? 5 : 0),
        execute: (command) => this.restoreSite(command),
      },
    };
  }

  /** Snapshot the customer's settings (once), move the levers the mode needs, then watch the battery (watchBattery). */
  private async dispatchSite(command: LeasedCommand): Promise<CommandResult> {
    const p = dispatchParameters.decode(command.parameters);
    if (await this.isCancelled(command, p.dispatchId)) return ['CANCELLED', 'dispatch cancelled'];
    const target = await this.sites.siteWithConnection(command.organization_id, command.target_id);
    if (!target) return ['FAILED', 'the site or its Tesla connection no longer exists'];
    const { site, connection } = target;
    const info = await this.sites.refreshSiteInfo(site, connection);
    const snapshot = await repo.keepFirstSnapshot(this.db, p.dispatchId, site.id, snapshotOf(info));
    const live = await this.sites.refreshLiveStatus(site, connection).catch(() => null);
    // Large dispatches are checked here rather than up front.
    const blockers = blockersFor(site, connection, info, live, p);
    if (blockers.length) return ['FAILED', `EXPORT_NOT_PERMITTED: ${blockers.map((b) => `${b.code} (${b.message})`).join('; ')}`];
    // The site_info just read is current: the levers are checked against it, not read again.
    const notApplied = await this.applySteps(site, connection, leverSteps(p.mode, p.enableGridInteraction, snapshot, live?.percentageCharged ?? null), info);
    if (notApplied) return ['FAILED', notApplied];
    await this.options.telemetryInterest
      .hold(site.id, `dispatch:${command.id}`, this.options.verifyIntervalMs * (this.options.verifyPolls + 1), { kick: false })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not register telemetry interest'));
    return this.watchAgain();
  }

  /** One read of live status, from a delayed job: has the battery responded yet? */
  private async watchBattery(command: LeasedCommand, readsDone: number): Promise<CommandResult> {
    const p = dispatchParameters.decode(command.parameters);
    // Its restore is waiting for this step: a cancelled dispatch is not watched any longer.
    if (await this.isCancelled(command, p.dispatchId)) return ['CANCELLED', 'dispatch cancelled after the levers were set; the battery was not watched further'];
    const target = await this.sites.siteWithConnection(command.organization_id, command.target_id);
    if (!target) return ['FAILED', 'the site or its Tesla connection no longer exists'];
    const live = await this.sites.refreshLiveStatus(target.site, target.connection);
    if (batteryResponded(p.mode, live.batteryPowerW)) return ['SUCCEEDED', null];
    const polls = this.options.verifyPolls;
    if (readsDone + 1 >= polls) return ['FAILED', `battery did not respond: battery power ${live.batteryPowerW} W after ${polls} reads of live status`];
    return this.watchAgain();
  }

  /** Read with the command's lease when it was claimed (command-leases.ts), else asked now. */
  private async isCancelled(command: LeasedCommand, dispatchId: string): Promise<boolean> {
    if (command.dispatch_id === dispatchId && command.dispatch_cancelled_at !== undefined) return command.dispatch_cancelled_at !== null;
    return repo.isDispatchCancelled(this.db, dispatchId);
  }

  private watchAgain(): CommandWatch {
    const { verifyIntervalMs, verifyPolls } = this.options;
    return { watchAgainAfterMs: verifyIntervalMs, reason: `levers set; watching the battery respond (up to ${verifyPolls} reads of live status, ${verifyIntervalMs / 1000} s apart)` };
  }

  /** Puts back what the dispatch changed, from its snapshot; a site whose levers never moved needs nothing. */
  private async restoreSite(command: CommandRow): Promise<CommandOutcome> {
    const p = dispatchParameters.decode(command.parameters);
    const target = await this.sites.siteWithConnection(command.organization_id, command.target_id);
    if (!target) return ['FAILED', 'the site or its Tesla connection no longer exists'];
    const snapshot = await repo.findSnapshot(this.db, p.dispatchId, target.site.id);
    if (!snapshot) return ['SUCCEEDED', 'nothing to restore: no setting was changed'];
    // A setting no longer at the dispatch's value was changed by someone else (the customer in the
    // Tesla app) during the event: it is theirs now, and is not fought over.
    const info = await this.sites.refreshSiteInfo(target.site, target.connection);
    const ours = comparableLevers({ mode: p.mode, enable_grid_interaction: p.enableGridInteraction }, snapshot);
    const changedByOthers = new Set(ours.filter((lever) => !lever.done(info)).map((lever) => lever.lever));
    const all = restoreSteps(snapshot);
    const steps = all.filter((step) => !changedByOthers.has(step.lever) || step.done(info));
    const notRestored = await this.applySteps(target.site, target.connection, steps, info);
    if (notRestored) return ['FAILED', `could not restore the customer's settings: ${notRestored}`];
    const kept = all.filter((step) => !steps.includes(step)).map((step) => step.lever);
    return ['SUCCEEDED', kept.length ? `kept what the customer changed during the event: ${kept.join(', ')}` : null];
  }

  /** Sends the steps whose effect is not there yet (read-before-write: a re-run sends nothing twice). */
  private async applySteps(site: SiteRow, connection: TeslaConnectionRow, steps: PlanStep[], current?: SiteInfo): Promise<string | null> {
    let info = current ?? (await this.sites.refreshSiteInfo(site, connection));
    for (const step of steps) {
      for (let resend = 0; !step.done(info); resend++) {
        try {
          await this.connections.read(connection, ['energy_cmds'], (client) => step.send(client, site.energy_site_id));
          break;
        } catch (error) {
          // No clear answer (timeout, 5xx): Tesla may have carried it out. Read the site back and
          // send again only if it did not take; past MAX_RESENDS the error stands (the queue retries,
          // and the next run reads before it writes).
          if (!leavesWriteUnknown(error) || resend >= MAX_RESENDS) throw error;
          await sleep(READ_BACK_DELAY_MS);
          info = await this.sites.refreshSiteInfo(site, connection);
        }
      }
    }
    info = await this.sites.refreshSiteInfo(site, connection);
    const missing = steps.filter((step) => !step.done(info)).map((step) => step.name);
    return missing.length ? `Tesla accepted the requests but the site does not show: ${missing.join(', ')}` : null;
  }
}
