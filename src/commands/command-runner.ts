import type { Bus } from '../bus/bus.js';
import type { ConnectionService } from '../connections/connection-service.js';
import type { Db } from '../db/database.js';
import type { CommandRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import type { Logger } from '../observability/logger.js';
import type { SiteService } from '../sites/site-service.js';
import { findConnectionById } from '../connections/connection-repository.js';
import { findCommandById, TERMINAL_STATUSES, transitionCommand } from './command-repository.js';
import { publishCommandUpdate } from './command-service.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DispatchMode, SiteRow, TeslaConnectionRow } from '../db/tables.js';
import type { SiteInfo } from '../tesla/responses.js';
import type { VehicleService } from '../vehicles/vehicle-service.js';
import { SITE_COMMANDS, type SiteCommandKind } from './site-command-kinds.js';
import { VEHICLE_COMMANDS, type VehicleCommandKind } from './vehicle-command-kinds.js';
import type { CommandQueue } from './command-queue.js';
import type { CommandRateLimits } from './command-rate-limits.js';
import { batteryResponded, leverSteps, restoreSteps, snapshotOf, type PlanStep, type SettingsSnapshot } from './dispatch-plan.js';
import { gridReadiness } from '../sites/grid-readiness.js';
import type { TelemetryInterest } from '../telemetry/telemetry-interest.js';

/** Tesla calls a command costs at most, for the send budget (a dispatch step moves up to 4 levers). */
const TESLA_CALLS: Record<string, number> = { DISPATCH_SITE: 4, RESTORE_SITE: 5 };

/**
 * Errors worth another attempt later (the queue retries with backoff): rate limits, and Tesla
 * failing or not answering (5xx, timeouts). A 4xx — e.g. a locked setting's 403 — is Tesla's
 * final word, and ends the command FAILED with it.
 */
function isTransient(error: unknown): boolean {
  if (!(error instanceof GatewayError)) return false;
  if (error.code === 'RATE_LIMITED') return true;
  const status = Number(error.details['upstreamStatus'] ?? 0);
  return error.code === 'UPSTREAM_UNAVAILABLE' && (status === 0 || status >= 500);
}

/**
 * Sends one stored command and settles it: QUEUED → SENT → SUCCEEDED | FAILED (or EXPIRED). Safe to
 * run twice for one command (a crashed worker's job comes back): a settled command is left alone,
 * and setting commands are idempotent at Tesla.
 */
export class CommandRunner {
  constructor(
    private readonly db: Db,
    private readonly sites: SiteService,
    private readonly vehicles: VehicleService,
    private readonly connections: ConnectionService,
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly queue: CommandQueue,
    private readonly limits: CommandRateLimits,
    private readonly options: {
      maxAttempts: number;
      commandProxyUrl: string | undefined;
      wakeTimeoutMs: number;
      /** How often and how many times live status is read to see the battery respond to a dispatch. */
      verifyIntervalMs: number;
      verifyPolls: number;
      /** A dispatch watching a site makes it polled for telemetry (and its history) meanwhile. */
      telemetryInterest: TelemetryInterest;
    },
  ) {}

  async run(commandId: string): Promise<void> {
    const command = await findCommandById(this.db, commandId);
    if (!command || TERMINAL_STATUSES.includes(command.status)) return;
    if (command.kind === 'RESTORE_SITE' && (await this.dispatchStepInFlight(command))) {
      // Restore after the levers, never between them: come back shortly.
      await this.queue.enqueueLater(command.id, 5);
      return;
    }
    if (command.expires_at.getTime() < Date.now()) {
      await this.settle(command, ['QUEUED', 'SENT', 'PENDING'], 'EXPIRED', 'not sent before the command expired');
      return;
    }
    const waitMs = await this.limits.reserve(`${command.connection_id}:${command.target_id}`, TESLA_CALLS[command.kind] ?? 1);
    if (waitMs > 0) {
      // Over the send budget: wait in the queue (not an attempt, not a failure).
      const seconds = Math.ceil(waitMs / 1000);
      const waiting = await transitionCommand(this.db, command.id, ['QUEUED'], 'QUEUED', { reason: `waiting ${seconds} s for the gateway's command rate limit` });
      if (waiting) publishCommandUpdate(this.bus, waiting);
      await this.queue.enqueueLater(command.id, seconds);
      return;
    }
    const sent = await transitionCommand(this.db, command.id, ['PENDING', 'QUEUED', 'SENT'], 'SENT', { incrementAttempts: true, reason: null });
    if (!sent) return; // cancelled meanwhile
    publishCommandUpdate(this.bus, sent);
    try {
      const outcome =
        sent.kind === 'DISPATCH_SITE'
          ? await this.dispatchSite(sent)
          : sent.kind === 'RESTORE_SITE'
            ? await this.restoreSite(sent)
            : sent.target_type === 'SITE'
              ? await this.executeSiteCommand(sent)
              : await this.executeVehicleCommand(sent);
      const [status, reason] = typeof outcome === 'string' || outcome === null ? [outcome === null ? 'SUCCEEDED' : 'FAILED', outcome] as const : outcome;
      await this.settle(sent, ['SENT'], status, reason);
    } catch (error) {
      const message = error instanceof GatewayError ? error.message : 'unexpected error while sending';
      if (isTransient(error) && sent.attempts < this.options.maxAttempts) {
        await transitionCommand(this.db, sent.id, ['SENT'], 'QUEUED', { reason: `will retry: ${message}` });
        throw error; // the queue retries with backoff
      }
      if (!(error instanceof GatewayError)) this.logger.error({ err: error, commandId: sent.id }, 'command failed unexpectedly');
      await this.settle(sent, ['SENT'], 'FAILED', message);
    }
  }

  /** Sends the command and verifies its effect; null when it took, else the reason it did not. */
  private async executeSiteCommand(command: CommandRow): Promise<string | null> {
    const definition = SITE_COMMANDS[command.kind as SiteCommandKind];
    if (!definition) throw new Error(`unknown command kind ${command.kind}`);
    const [site] = await this.sites.sitesByIds(command.organization_id, [command.target_id]);
    const connection = await findConnectionById(this.db, command.connection_id);
    if (!site || !connection) return 'the site or its Tesla connection no longer exists';
    const parameters = command.parameters as never;
    await this.connections.read(connection, ['energy_cmds'], (client) => definition.send(client, site.energy_site_id, parameters));
    // Read back, past the cache: success is what Tesla reports afterwards, not its 200.
    const info = await this.sites.refreshSiteInfo(site, connection);
    return definition.verify(info, parameters);
  }

  /**
   * Vehicle commands go through Tesla's signing proxy for cars that require the Vehicle Command
   * Protocol, REST otherwise. A sleeping car is woken (bounded) and the command sent once more; a
   * car that stays unreachable ends EXPIRED. The car's own refusals end FAILED in Tesla's words.
   */
  private async executeVehicleCommand(command: CommandRow): Promise<[CommandRow['status'], string | null]> {
    const definition = VEHICLE_COMMANDS[command.kind as VehicleCommandKind];
    if (!definition) throw new Error(`unknown command kind ${command.kind}`);
    const [vehicle] = await this.vehicles.vehiclesByIds(command.organization_id, [command.target_id]);
    const connection = await findConnectionById(this.db, command.connection_id);
    if (!vehicle || !connection) return ['FAILED', 'the vehicle or its Tesla connection no longer exists'];
    const teslaCommand = definition.teslaCommand(command.parameters as never);
    if (!teslaCommand) {
      return (await this.wake(connection, vehicle.vin)) ? ['SUCCEEDED', null] : ['EXPIRED', this.offlineReason()];
    }
    const signed = vehicle.command_signing !== 'allowed' && vehicle.command_signing !== 'off';
    if (signed && !this.options.commandProxyUrl) {
      return ['FAILED', 'this car requires signed commands and TESLA_COMMAND_PROXY_URL (Tesla\'s vehicle-command proxy) is not configured'];
    }
    const send = () =>
      this.connections.read(connection, definition.scopes, (client) => client.vehicleCommand(vehicle.vin, teslaCommand.name, teslaCommand.body), signed ? { baseUrl: this.options.commandProxyUrl } : {});
    let result;
    try {
      result = await send();
    } catch (error) {
      if (error instanceof GatewayError && error.code === 'VIRTUAL_KEY_NOT_PAIRED') return ['FAILED', error.message];
      if (!(error instanceof GatewayError && error.code === 'DEVICE_OFFLINE')) throw error;
      if (!(await this.wake(connection, vehicle.vin))) return ['EXPIRED', this.offlineReason()];
      try {
        result = await send();
      } catch (again) {
        if (again instanceof GatewayError && again.code === 'VIRTUAL_KEY_NOT_PAIRED') return ['FAILED', again.message];
        throw again;
      }
    } finally {
      await this.vehicles.forgetState(connection);
    }
    return result.result ? ['SUCCEEDED', null] : ['FAILED', result.reason || 'the car did not execute the command'];
  }

  private async dispatchStepInFlight(restore: CommandRow): Promise<boolean> {
    const step = await this.db
      .selectFrom('commands')
      .select('status')
      .where('dispatch_id', '=', restore.dispatch_id)
      .where('kind', '=', 'DISPATCH_SITE')
      .where('target_id', '=', restore.target_id)
      .executeTakeFirst();
    return step?.status === 'SENT';
  }

  private async siteAndConnection(command: CommandRow) {
    const [site] = await this.sites.sitesByIds(command.organization_id, [command.target_id]);
    const connection = await findConnectionById(this.db, command.connection_id);
    return site && connection ? { site, connection } : null;
  }

  /** Sends the steps whose effect is not there yet (read-before-write: a re-run sends nothing twice). */
  private async applySteps(site: SiteRow, connection: TeslaConnectionRow, steps: PlanStep[], current?: SiteInfo): Promise<string | null> {
    let info = current ?? (await this.sites.refreshSiteInfo(site, connection));
    for (const step of steps) {
      if (step.done(info)) continue;
      await this.connections.read(connection, ['energy_cmds'], (client) => step.send(client, site.energy_site_id));
    }
    info = await this.sites.refreshSiteInfo(site, connection);
    const missing = steps.filter((step) => !step.done(info)).map((step) => step.name);
    return missing.length ? `Tesla accepted the requests but the site does not show: ${missing.join(', ')}` : null;
  }

  /**
   * One site of a dispatch (DESIGN §8): snapshot the customer's settings (once), move the levers
   * the mode needs, then watch live status until the battery moves the intended way.
   */
  private async dispatchSite(command: CommandRow): Promise<[CommandRow['status'], string | null]> {
    const p = command.parameters as { dispatchId: string; mode: DispatchMode; enableGridInteraction: boolean };
    const dispatch = await this.db.selectFrom('dispatches').select('cancelled_at').where('id', '=', p.dispatchId).executeTakeFirst();
    if (!dispatch || dispatch.cancelled_at) return ['CANCELLED', 'dispatch cancelled'];
    const target = await this.siteAndConnection(command);
    if (!target) return ['FAILED', 'the site or its Tesla connection no longer exists'];
    const { site, connection } = target;
    const info = await this.sites.refreshSiteInfo(site, connection);
    await this.db
      .insertInto('dispatch_snapshots')
      .values({ dispatch_id: p.dispatchId, site_id: site.id, settings: JSON.stringify(snapshotOf(info)) })
      .onConflict((oc) => oc.columns(['dispatch_id', 'site_id']).doNothing())
      .execute();
    const snapshot = (await this.db.selectFrom('dispatch_snapshots').select('settings').where('dispatch_id', '=', p.dispatchId).where('site_id', '=', site.id).executeTakeFirstOrThrow())
      .settings as unknown as SettingsSnapshot;
    const live = await this.sites.refreshLiveStatus(site, connection).catch(() => null);
    // Large dispatches are checked here rather than up front.
    const flow = p.mode === 'DISCHARGE' ? 'EXPORT' : p.mode === 'CHARGE' ? 'GRID_CHARGING' : null;
    if (flow) {
      const blockers = gridReadiness(site, connection, info, live).blockers.filter((b) => b.blocks.includes(flow) && !(p.enableGridInteraction && b.liftedByGridInteraction));
      if (blockers.length) return ['FAILED', `EXPORT_NOT_PERMITTED: ${blockers.map((b) => `${b.code} (${b.message})`).join('; ')}`];
    }
    // The site_info just read is current: the levers are checked against it, not read again.
    const notApplied = await this.applySteps(site, connection, leverSteps(p.mode, p.enableGridInteraction, snapshot, live?.percentageCharged ?? null), info);
    if (notApplied) return ['FAILED', notApplied];
    await this.options.telemetryInterest
      .hold(site.id, `dispatch:${command.id}`, this.options.verifyIntervalMs * (this.options.verifyPolls + 1))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not register telemetry interest'));
    let last = live;
    for (let poll = 0; poll < this.options.verifyPolls; poll++) {
      await sleep(this.options.verifyIntervalMs);
      last = await this.sites.refreshLiveStatus(site, connection);
      if (batteryResponded(p.mode, last.batteryPowerW)) return ['SUCCEEDED', null];
    }
    return ['FAILED', `battery did not respond: battery power ${last?.batteryPowerW ?? 'unknown'} W after ${this.options.verifyPolls} reads of live status`];
  }

  /** Puts back what the dispatch changed, from its snapshot; a site whose levers never moved needs nothing. */
  private async restoreSite(command: CommandRow): Promise<[CommandRow['status'], string | null]> {
    const p = command.parameters as { dispatchId: string };
    const target = await this.siteAndConnection(command);
    if (!target) return ['FAILED', 'the site or its Tesla connection no longer exists'];
    const row = await this.db.selectFrom('dispatch_snapshots').select('settings').where('dispatch_id', '=', p.dispatchId).where('site_id', '=', target.site.id).executeTakeFirst();
    if (!row) return ['SUCCEEDED', 'nothing to restore: no setting was changed'];
    const notRestored = await this.applySteps(target.site, target.connection, restoreSteps(row.settings as unknown as SettingsSnapshot));
    return notRestored ? ['FAILED', `could not restore the customer's settings: ${notRestored}`] : ['SUCCEEDED', null];
  }

  private offlineReason(): string {
    return `vehicle is offline: it did not wake within ${Math.round(this.options.wakeTimeoutMs / 1000)} s`;
  }

  /** wake_up, then the vehicle's state until it is online or the wait runs out. */
  private async wake(connection: TeslaConnectionRow, vin: string): Promise<boolean> {
    const deadline = Date.now() + this.options.wakeTimeoutMs;
    const state = await this.connections.read(connection, ['vehicle_cmds'], (client) => client.wakeUp(vin));
    if (state.state === 'online') return true;
    while (Date.now() < deadline) {
      await sleep(Math.min(1000, Math.max(0, deadline - Date.now())));
      const current = await this.connections.read(connection, ['vehicle_device_data'], (client) => client.vehicle(vin));
      if (current.state === 'online') {
        await this.vehicles.forgetState(connection);
        return true;
      }
    }
    return false;
  }

  private async settle(command: CommandRow, from: CommandRow['status'][], to: CommandRow['status'], reason: string | null): Promise<void> {
    const settled = await transitionCommand(this.db, command.id, from, to, { reason });
    if (settled) {
      publishCommandUpdate(this.bus, settled);
      this.logger.info({ commandId: settled.id, kind: settled.kind, status: settled.status }, 'command settled');
    }
  }
}
