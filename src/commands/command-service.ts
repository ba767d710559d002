import { createHash } from 'node:crypto';
import type { Bus } from '../bus/bus.js';
import type { ConnectionService } from '../connections/connection-service.js';
import type { Db } from '../db/database.js';
import type { CommandRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import type { KeysetPage } from '../graphql/pagination.js';
import type { SiteService } from '../sites/site-service.js';
import type { CommandQueue } from './command-queue.js';
import * as repo from './command-repository.js';
import { SITE_COMMANDS, type SiteCommandKind, type SiteCommandParameters } from './site-command-kinds.js';
import type { VehicleService } from '../vehicles/vehicle-service.js';
import { VEHICLE_COMMANDS, type VehicleCommandKind, type VehicleCommandParameters } from './vehicle-command-kinds.js';

/** Bus channel of command state changes: the command's id, organization and status. */
export const COMMAND_UPDATED_CHANNEL = 'command-updated';

/** A command not sent within this long (device unreachable, queue stopped) ends EXPIRED. */
const COMMAND_TTL_MS = 15 * 60_000;
const ENERGY_COMMAND_SCOPES = ['energy_cmds'];

export function publishCommandUpdate(bus: Bus, command: CommandRow): void {
  void bus
    .publish(COMMAND_UPDATED_CHANNEL, JSON.stringify({ commandId: command.id, organizationId: command.organization_id, status: command.status }))
    .catch(() => undefined);
}

/**
 * Commands are stored (with their job, in one transaction) before anything is sent; the runner
 * sends them. An idempotency key replays the first command for the same input, and refuses other input.
 */
export class CommandService {
  constructor(
    private readonly db: Db,
    private readonly queue: CommandQueue,
    private readonly sites: SiteService,
    private readonly vehicles: VehicleService,
    private readonly connections: ConnectionService,
    private readonly bus: Bus,
  ) {}

  commandsByIds(organizationId: string, ids: readonly string[]): Promise<CommandRow[]> {
    return repo.findCommandsByIds(this.db, organizationId, ids);
  }

  listCommands(organizationId: string, filter: repo.CommandFilter, page: KeysetPage) {
    return repo.listCommands(this.db, organizationId, filter, page);
  }

  countCommands(organizationId: string, filter: repo.CommandFilter) {
    return repo.countCommands(this.db, organizationId, filter);
  }

  async submitSiteCommand<K extends SiteCommandKind>(
    organizationId: string,
    input: { kind: K; siteId: string; parameters: SiteCommandParameters[K]; idempotencyKey?: string | null; createdBy?: string | null },
  ): Promise<CommandRow> {
    return this.submit(organizationId, { ...input, targetType: 'SITE', targetId: input.siteId }, async () => {
      const [site] = await this.sites.sitesByIds(organizationId, [input.siteId]);
      if (!site) throw GatewayError.notFound('site');
      SITE_COMMANDS[input.kind].validate(input.parameters, { hasBattery: site.has_battery });
      return { connectionId: site.connection_id, scopes: ENERGY_COMMAND_SCOPES };
    });
  }

  async submitVehicleCommand<K extends VehicleCommandKind>(
    organizationId: string,
    input: { kind: K; vehicleId: string; parameters: VehicleCommandParameters[K]; idempotencyKey?: string | null; createdBy?: string | null },
  ): Promise<CommandRow> {
    return this.submit(organizationId, { ...input, targetType: 'VEHICLE', targetId: input.vehicleId }, async () => {
      const definition = VEHICLE_COMMANDS[input.kind];
      const [vehicle] = await this.vehicles.vehiclesByIds(organizationId, [input.vehicleId]);
      if (!vehicle) throw GatewayError.notFound('vehicle');
      definition.validate(input.parameters);
      return { connectionId: vehicle.connection_id, scopes: definition.scopes };
    });
  }

  /** Validates (no write, no send on bad input), then stores the command and its job in one transaction. */
  private async submit(
    organizationId: string,
    input: { kind: string; targetType: 'SITE' | 'VEHICLE'; targetId: string; parameters: object; idempotencyKey?: string | null | undefined; createdBy?: string | null | undefined },
    resolveTarget: () => Promise<{ connectionId: string; scopes: string[] }>,
  ): Promise<CommandRow> {
    const fingerprint = createHash('sha256').update(JSON.stringify([input.kind, input.targetId, input.parameters])).digest('hex');
    if (input.idempotencyKey) {
      const replay = await this.replay(organizationId, input.kind, input.idempotencyKey, fingerprint);
      if (replay) return replay;
    }
    const target = await resolveTarget();
    const [connection] = await this.connections.connectionsByIds(organizationId, [target.connectionId]);
    if (!connection) throw GatewayError.notFound(input.targetType === 'SITE' ? 'site' : 'vehicle');
    // Tesla's limits first: a command that cannot be sent is refused now, with nothing stored.
    this.connections.assertUsable(connection, target.scopes);

    try {
      const command = await this.db.transaction().execute(async (trx) => {
        const row = await repo.insertCommand(trx, {
          organization_id: organizationId,
          kind: input.kind,
          target_type: input.targetType,
          target_id: input.targetId,
          connection_id: connection.id,
          parameters: JSON.stringify(input.parameters),
          status: 'QUEUED',
          idempotency_key: input.idempotencyKey ?? null,
          request_fingerprint: fingerprint,
          expires_at: new Date(Date.now() + COMMAND_TTL_MS),
          created_by_api_key_id: input.createdBy ?? null,
        });
        await this.queue.enqueue(trx, { commandId: row.id });
        return row;
      });
      publishCommandUpdate(this.bus, command);
      return command;
    } catch (error) {
      // Two replays racing: the unique index let one in; answer with it.
      if (input.idempotencyKey && /duplicate key|unique/i.test(String((error as Error).message))) {
        const replay = await this.replay(organizationId, input.kind, input.idempotencyKey, fingerprint);
        if (replay) return replay;
      }
      throw error;
    }
  }

  /** Commands not yet ended, by status, across organizations (the queue depth, for metrics). */
  openCommandCounts(): Promise<{ status: string; count: number }[]> {
    return repo.openCommandCounts(this.db);
  }

  async cancel(organizationId: string, commandId: string): Promise<CommandRow> {
    const [command] = await repo.findCommandsByIds(this.db, organizationId, [commandId]);
    if (!command) throw GatewayError.notFound('command');
    const cancelled = await repo.transitionCommand(this.db, command.id, ['PENDING', 'QUEUED'], 'CANCELLED', { reason: 'cancelled by the caller' });
    if (!cancelled) {
      if (command.status === 'CANCELLED') return command;
      throw GatewayError.badUserInput('commandId', `the command is ${command.status} and can no longer be cancelled`);
    }
    publishCommandUpdate(this.bus, cancelled);
    return cancelled;
  }

  private async replay(organizationId: string, kind: string, idempotencyKey: string, fingerprint: string): Promise<CommandRow | undefined> {
    const existing = await repo.findCommandByIdempotencyKey(this.db, organizationId, kind, idempotencyKey);
    if (existing && existing.request_fingerprint !== fingerprint) {
      throw GatewayError.badUserInput('idempotencyKey', 'this idempotencyKey was already used with different input');
    }
    return existing;
  }
}
