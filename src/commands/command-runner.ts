import type { Bus } from '../bus/bus.js';
import type { ConnectionService } from '../connections/connection-service.js';
import type { Db } from '../db/database.js';
import type { CommandRow } from '../db/tables.js';
import { GatewayError, leavesWriteUnknown } from '../gateway-error.js';
import type { Logger } from '../observability/logger.js';
import type { SiteService } from '../sites/site-service.js';
import { findConnectionById } from '../connections/connection-repository.js';
import { isRowId } from '../db/row-id.js';
import { claimCommandLease, releaseCommandLease, renewCommandLease } from './command-leases.js';
import { findCommandById, TERMINAL_STATUSES, transitionCommand } from './command-repository.js';
import { publishCommandUpdate } from './command-service.js';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TeslaConnectionRow } from '../db/tables.js';
import type { VehicleService } from '../vehicles/vehicle-service.js';
import { SITE_COMMANDS, type SiteCommandKind } from './site-command-kinds.js';
import { isBenignRefusal, VEHICLE_COMMANDS, type VehicleCommandKind } from './vehicle-command-kinds.js';
import type { CommandQueue } from './command-queue.js';
import type { CommandRateLimits } from './command-rate-limits.js';
import type { CommandHandler, CommandOutcome, CommandResult, CommandWatch, LeasedCommand } from './command-handler.js';
import type { VehicleCommandResult } from '../tesla/responses.js';
import { READ_SCOPES } from '../tesla/scopes.js';

const NO_PROXY = "this car requires signed commands and TESLA_COMMAND_PROXY_URL (Tesla's vehicle-command proxy) is not configured";

/**
 * Pauses between state reads of a waking car (after `wake_up`): the first after a few seconds, then
 * 1.6× longer each time, at most 15 s apart. A car takes 10–60 s to connect (Tesla's best
 * practices), every read is billed (under HTTP 500) and a car allows 60 data calls a minute, so a
 * 10–20 s wake costs 3–4 reads, a 60 s one 6, instead of one a second.
 */
export const WAKE_POLL = { firstMs: 3_000, factor: 1.6, maxMs: 15_000 } as const;

/**
 * How long a delivery holds a command without renewing (it renews every third of it): a crashed
 * worker's command waits at most this long after its job comes back.
 */
const LEASE_MS = 10_000;

/** A delivery's hold on its command; `released` once a transition let it go (no separate release then). */
interface Lease {
  holder: string;
  released: boolean;
}

/** Longest pause between the extra retries of a command that retries until it expires. */
const EXTRA_RETRY_MAX_S = 300;

/** Before reading a car back after an ambiguous send: a command still in flight gets a moment to land. */
const READ_BACK_DELAY_MS = 2_000;

/**
 * Errors worth another attempt later (the queue retries with backoff): rate limits, and Tesla
 * failing or not answering (5xx, timeouts). A 4xx — e.g. a locked setting's 403 — is Tesla's
 * final word, and ends the command FAILED with it.
 */
function isTransient(error: unknown, command: CommandRow): boolean {
  if (!(error instanceof GatewayError)) return false;
  if (error.code === 'RATE_LIMITED') return true;
  // An energy site's gateway that drops off (Tesla's 408) comes back by itself; a car is woken instead.
  if (error.code === 'DEVICE_OFFLINE' && command.target_type === 'SITE') return true;
  return leavesWriteUnknown(error);
}

/**
 * Sends one stored command and settles it: QUEUED → SENT → SUCCEEDED | FAILED (or EXPIRED). Safe to
 * run twice for one command (a crashed worker's job comes back): one delivery runs it at a time
 * (command-leases.ts), a settled command is left alone, and setting commands are idempotent at Tesla.
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
      /** Kinds other domains send (DISPATCH_SITE, RESTORE_SITE, …), by command kind. */
      handlers: Record<string, CommandHandler>;
    },
  ) {}

  async run(commandId: string): Promise<void> {
    if (!isRowId(commandId)) return;
    const holder = randomUUID();
    const command = await claimCommandLease(this.db, commandId, holder, LEASE_MS);
    if (!command) {
      const found = await findCommandById(this.db, commandId);
      // Another delivery is running it (slow, not dead): look again once its lease could lapse.
      if (found && !TERMINAL_STATUSES.includes(found.status)) await this.queue.enqueueLater(found.id, Math.ceil(LEASE_MS / 1000));
      return;
    }
    const lease: Lease = { holder, released: false };
    const renewal = setInterval(() => {
      if (lease.released) return;
      renewCommandLease(this.db, command.id, holder, LEASE_MS)
        .then((held) => held || lease.released || this.logger.warn({ commandId: command.id }, 'lost the lease of a running command'))
        .catch((error: unknown) => this.logger.warn({ err: error, commandId: command.id }, 'could not renew the lease of a running command'));
    }, LEASE_MS / 3);
    try {
      await this.runLeased(command, lease);
    } finally {
      clearInterval(renewal);
      // Usually released already, by the transition that settled the command or set it watching.
      if (!lease.released) await releaseCommandLease(this.db, command.id, holder).catch((error: unknown) => this.logger.warn({ err: error, commandId: command.id }, 'could not release a command lease'));
    }
  }

  private async runLeased(command: LeasedCommand, lease: Lease): Promise<void> {
    const handler = this.options.handlers[command.kind];
    const watch = handler?.watch?.bind(handler);
    if (command.status === 'SENT' && command.watch_reads !== null && handler && watch) {
      await this.watchLeased(command, handler, watch, command.watch_reads, lease);
      return;
    }
    const deferSeconds = (await handler?.deferSeconds?.(command)) ?? 0;
    if (deferSeconds > 0) {
      await this.queue.enqueueLater(command.id, deferSeconds);
      return;
    }
    if (command.expires_at.getTime() < Date.now()) {
      await this.settle(command, ['QUEUED', 'SENT', 'PENDING'], 'EXPIRED', 'not sent before the command expired', lease);
      return;
    }
    const waitMs = await this.limits.reserve(`${command.connection_id}:${command.target_id}`, handler?.teslaCalls ?? 1);
    if (waitMs > 0) {
      // Over the send budget: wait in the queue (not an attempt, not a failure).
      const seconds = Math.ceil(waitMs / 1000);
      const waiting = await transitionCommand(this.db, command.id, ['QUEUED'], 'QUEUED', { reason: `waiting ${seconds} s for the gateway's command rate limit` });
      if (waiting) publishCommandUpdate(this.bus, waiting);
      await this.queue.enqueueLater(command.id, seconds);
      return;
    }
    const sent = await transitionCommand(this.db, command.id, ['PENDING', 'QUEUED', 'SENT'], 'SENT', { incrementAttempts: true, reason: null, watchReads: null });
    if (!sent) return; // cancelled meanwhile
    publishCommandUpdate(this.bus, sent);
    await this.carryOut(sent, handler, null, lease, () =>
      handler ? handler.execute({ ...sent, dispatch_cancelled_at: command.dispatch_cancelled_at }) : sent.target_type === 'SITE' ? this.executeSiteCommand(sent) : this.executeVehicleCommand(sent),
    );
  }

  /** One read of a sent command's effect, from its delayed job (CommandWatch): no worker waited for it. */
  private async watchLeased(command: LeasedCommand, handler: CommandHandler, watch: NonNullable<CommandHandler['watch']>, readsDone: number, lease: Lease): Promise<void> {
    const waitMs = await this.limits.reserve(`${command.connection_id}:${command.target_id}`, 1);
    if (waitMs > 0) {
      await this.queue.enqueueLater(command.id, Math.ceil(waitMs / 1000), { urgent: true });
      return;
    }
    await this.carryOut(command, handler, readsDone, lease, () => watch(command, readsDone));
  }

  /**
   * Settles a sent command by what its work returned: an outcome, a watch (the command stays SENT
   * and comes back from a delayed job), or an error (retried while transient, else FAILED).
   */
  private async carryOut(sent: CommandRow, handler: CommandHandler | undefined, readsDone: number | null, lease: Lease, work: () => Promise<CommandResult>): Promise<void> {
    try {
      const result = await work();
      if (Array.isArray(result)) await this.settle(sent, ['SENT'], result[0], result[1], lease);
      else await this.keepWatching(sent, result, readsDone === null ? 0 : readsDone + 1, lease);
    } catch (error) {
      const message = error instanceof GatewayError ? error.message : 'unexpected error while sending';
      // Back to QUEUED, not watching: the next run sends again (read before write) and watches anew.
      if (isTransient(error, sent) && sent.attempts < this.options.maxAttempts) {
        await transitionCommand(this.db, sent.id, ['SENT'], 'QUEUED', { reason: `will retry: ${message}`, watchReads: null });
        throw error; // the queue retries with backoff
      }
      if (isTransient(error, sent) && handler?.retryUntilExpiry && sent.expires_at.getTime() > Date.now()) {
        // The queue's own retries are spent: a fresh job, 2 s, 4 s, … at most 5 min later, until it expires.
        const seconds = Math.min(EXTRA_RETRY_MAX_S, 2 ** Math.max(1, sent.attempts - this.options.maxAttempts + 1));
        await transitionCommand(this.db, sent.id, ['SENT'], 'QUEUED', { reason: `will retry in ${seconds} s: ${message}`, watchReads: null });
        await this.queue.enqueueLater(sent.id, seconds);
        return;
      }
      if (!(error instanceof GatewayError)) this.logger.error({ err: error, commandId: sent.id }, 'command failed unexpectedly');
      await this.settle(sent, ['SENT'], 'FAILED', message, lease);
    }
  }

  /**
   * The next read is a delayed job; it is queued before the row says "watching", so a crash between
   * the two leaves a job that finds the command SENT and not watching, and sends again — read before
   * write, nothing twice. The read is urgent: it goes before steps still waiting to be sent, or a
   * large dispatch would watch nothing until every site's levers were out. Subscribers hear of the
   * watch once, when it starts.
   */
  private async keepWatching(sent: CommandRow, watch: CommandWatch, readsDone: number, lease: Lease): Promise<void> {
    await this.queue.enqueueLater(sent.id, Math.max(1, Math.ceil(watch.watchAgainAfterMs / 1000)), { urgent: true });
    const watching = await transitionCommand(this.db, sent.id, ['SENT'], 'SENT', { reason: watch.reason, watchReads: readsDone, releaseLeaseOf: lease.holder });
    lease.released ||= watching !== undefined;
    if (watching && readsDone === 0) publishCommandUpdate(this.bus, watching);
  }

  /** Sends the command and verifies its effect: it took, or the reason it did not. */
  private async executeSiteCommand(command: CommandRow): Promise<CommandOutcome> {
    const definition = SITE_COMMANDS[command.kind as SiteCommandKind];
    if (!definition) throw new Error(`unknown command kind ${command.kind}`);
    const target = await this.sites.siteWithConnection(command.organization_id, command.target_id);
    if (!target) return ['FAILED', 'the site or its Tesla connection no longer exists'];
    const { site, connection } = target;
    const parameters = command.parameters as never;
    await this.connections.read(connection, ['energy_cmds'], (client) => definition.send(client, site.energy_site_id, parameters));
    // Read back, past the cache: success is what Tesla reports afterwards, not its 200.
    const notTaken = definition.verify(await this.sites.refreshSiteInfo(site, connection), parameters);
    return notTaken ? ['FAILED', notTaken] : ['SUCCEEDED', null];
  }

  /**
   * Vehicle commands are routed by what Tesla says: fleet_status's `vehicle_command_protocol_required`
   * false → REST; true, or unknown → Tesla's signing proxy, which itself falls back to REST for cars
   * that need no protocol (vehicle-command `pkg/proxy/proxy.go`). The list's `command_signing` is not
   * used: a 2022 Model 3 may show "allowed" and still refuse REST. A REST command that Tesla answers
   * 403 "Tesla Vehicle Command Protocol required…" is resent once through the proxy, and the car is
   * remembered as needing it. A sleeping car is woken (bounded) and the command sent once more; a car
   * that stays unreachable ends EXPIRED. The car's own refusals end FAILED in Tesla's words, except
   * the benign ones (already charging, already set…), which end SUCCEEDED with Tesla's words.
   */
  private async executeVehicleCommand(command: CommandRow): Promise<CommandOutcome> {
    const definition = VEHICLE_COMMANDS[command.kind as VehicleCommandKind];
    if (!definition) throw new Error(`unknown command kind ${command.kind}`);
    const [vehicle] = await this.vehicles.vehiclesByIds(command.organization_id, [command.target_id]);
    const connection = await findConnectionById(this.db, command.connection_id);
    if (!vehicle || !connection) return ['FAILED', 'the vehicle or its Tesla connection no longer exists'];
    const teslaCommand = definition.teslaCommand(command.parameters as never);
    if (!teslaCommand) {
      return (await this.wake(connection, vehicle.vin)) ? ['SUCCEEDED', null] : ['EXPIRED', this.offlineReason()];
    }
    const proxyUrl = this.options.commandProxyUrl;
    let protocolRequired: boolean | null;
    try {
      protocolRequired = await this.vehicles.commandProtocolRequired(vehicle, connection);
    } catch (error) {
      // fleet_status unreadable (a scope it needs, a blip): unknown, and the proxy decides.
      if (!(error instanceof GatewayError)) throw error;
      this.logger.warn({ commandId: command.id, code: error.code }, 'fleet_status unavailable; routing the vehicle command as if the protocol were required');
      protocolRequired = null;
    }
    const signed = protocolRequired === true || (protocolRequired === null && proxyUrl !== undefined);
    if (signed && !proxyUrl) return ['FAILED', NO_PROXY];

    const sendOnce = (viaProxy: boolean) =>
      this.connections.read(connection, definition.scopes, (client) => client.vehicleCommand(vehicle.vin, teslaCommand.name, teslaCommand.body), viaProxy ? { baseUrl: proxyUrl } : {});
    // A timed-out (or 5xx) command is never re-sent blindly: the car is read back first. If it shows
    // the command took, it SUCCEEDED; if it shows it did not, the error stands and the queue sends it
    // again later; if the read fails too, it ends FAILED without a second send.
    const send = async (viaProxy: boolean): Promise<VehicleCommandResult | CommandOutcome> => {
      try {
        return await sendOnce(viaProxy);
      } catch (error) {
        if (!leavesWriteUnknown(error)) throw error;
        let took: boolean | null;
        await sleep(READ_BACK_DELAY_MS);
        try {
          const data = await this.connections.read(connection, READ_SCOPES.vehicles, (client) => client.vehicleData(vehicle.vin, ['charge_state']));
          took = data.charge_state ? definition.tookEffect(data.charge_state, command.parameters as never) : null;
        } catch (readError) {
          const why = readError instanceof GatewayError ? readError.message : 'unexpected error';
          return ['FAILED', `${error.message}; whether the car executed it is unknown (reading it back failed: ${why}), so it was not sent again`];
        }
        this.logger.info({ commandId: command.id, vin: vehicle.vin, took }, 'a vehicle command got no clear answer; read the car back');
        if (took === true) return ['SUCCEEDED', `Tesla gave no clear answer (${error.message}); read back, the car shows the command took`];
        if (took === null) return ['FAILED', `${error.message}; whether the car executed it is unknown (its state does not tell), so it was not sent again`];
        throw error; // it did not take: transient, the queue sends it again
      }
    };
    let outcome: VehicleCommandResult | CommandOutcome;
    try {
      try {
        outcome = await this.sendWaking(connection, vehicle.vin, () => send(signed));
      } catch (error) {
        if (signed || !(error instanceof GatewayError && error.details['protocolRequired'] === true)) throw error;
        // Tesla says this car needs the protocol after all: remember it, and resend once, signed.
        await this.vehicles.rememberRestCommandsRefused(vehicle);
        this.logger.info({ commandId: command.id, vin: vehicle.vin }, 'Tesla refused a REST command for protocol; resending through the signing proxy');
        if (!proxyUrl) return ['FAILED', `${error.message} (${NO_PROXY})`];
        outcome = await this.sendWaking(connection, vehicle.vin, () => send(true));
      }
    } catch (error) {
      // The car's or the key's final word (unpaired key, Mobile Access off): FAILED in those words.
      if (error instanceof GatewayError && (error.code === 'VIRTUAL_KEY_NOT_PAIRED' || error.code === 'DEVICE_UNAVAILABLE')) return ['FAILED', error.message];
      throw error;
    } finally {
      await this.vehicles.forgetState(connection);
    }
    if (Array.isArray(outcome)) return outcome;
    if (outcome.result) return ['SUCCEEDED', null];
    // "is_charging" to charge_start, "already_set"…: the desired state holds, in Tesla's words.
    if (isBenignRefusal(definition, outcome.reason)) return ['SUCCEEDED', outcome.reason!];
    return ['FAILED', outcome.reason || 'the car did not execute the command'];
  }

  /** Sends; a sleeping car is woken (bounded) and the command sent once more, else EXPIRED. */
  private async sendWaking(connection: TeslaConnectionRow, vin: string, send: () => Promise<VehicleCommandResult | CommandOutcome>): Promise<VehicleCommandResult | CommandOutcome> {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof GatewayError && error.code === 'DEVICE_OFFLINE')) throw error;
      if (!(await this.wake(connection, vin))) return ['EXPIRED', this.offlineReason()];
      return send();
    }
  }

  private offlineReason(): string {
    return `vehicle is offline: it did not wake within ${Math.round(this.options.wakeTimeoutMs / 1000)} s`;
  }

  /** wake_up, then the vehicle's state, with backoff (WAKE_POLL), until it is online or the wait runs out. */
  private async wake(connection: TeslaConnectionRow, vin: string): Promise<boolean> {
    const deadline = Date.now() + this.options.wakeTimeoutMs;
    const state = await this.connections.read(connection, ['vehicle_cmds'], (client) => client.wakeUp(vin));
    if (state.state === 'online') return true;
    for (let pause: number = WAKE_POLL.firstMs; Date.now() < deadline; pause = Math.min(WAKE_POLL.maxMs, pause * WAKE_POLL.factor)) {
      await sleep(Math.min(pause, Math.max(0, deadline - Date.now())));
      const current = await this.connections.read(connection, ['vehicle_device_data'], (client) => client.vehicle(vin));
      if (current.state === 'online') {
        await this.vehicles.forgetState(connection);
        return true;
      }
    }
    return false;
  }

  private async settle(command: CommandRow, from: CommandRow['status'][], to: CommandRow['status'], reason: string | null, lease?: Lease): Promise<void> {
    const settled = await transitionCommand(this.db, command.id, from, to, { reason, ...(lease ? { releaseLeaseOf: lease.holder } : {}) });
    if (lease) lease.released ||= settled !== undefined;
    if (settled) {
      publishCommandUpdate(this.bus, settled);
      this.logger.info({ commandId: settled.id, kind: settled.kind, status: settled.status }, 'command settled');
    }
  }
}
