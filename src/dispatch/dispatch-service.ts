import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import type { Bus } from '../bus/bus.js';
import type { CommandQueue } from '../commands/command-queue.js';
import { insertCommands } from '../commands/command-repository.js';
import { publishCommandUpdate } from '../commands/command-service.js';
import type { ConnectionService } from '../connections/connection-service.js';
import type { Db } from '../db/database.js';
import type { CommandRow, DispatchMode, DispatchRow, SiteRow, TeslaConnectionRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import type { KeysetPage, KeysetRow } from '../graphql/pagination.js';
import type { SiteService } from '../sites/site-service.js';
import { dispatchParameters } from './dispatch-parameters.js';
import { comparableLevers, type PlanStep } from './dispatch-plan.js';
import { blockersFor, gridFlowOf } from './dispatch-readiness.js';
import * as repo from './dispatch-repository.js';

export const MAX_DISPATCH_SITES = 10_000;
/** Up to this many sites, readiness is checked before anything is stored (it reads site_info). */
const SYNC_READINESS_LIMIT = 100;
const MAX_DISPATCH_HOURS = 24;

export interface DispatchInput {
  siteIds: string[];
  mode: DispatchMode;
  powerKw?: number | null;
  until?: Date | null;
  enableGridInteraction: boolean;
  idempotencyKey?: string | null;
  /** The API key asking (audit); its commands carry it too. */
  createdBy?: string | null;
}

/** How a dispatch started by another domain (a program event) differs from dispatchBattery's. */
export interface DispatchOptions {
  /**
   * true (dispatchBattery): a blocked site fails the whole request up front, nothing stored.
   * false (an event): each blocked site's step fails on its own, with the blockers in its reason.
   */
  readinessUpFront: boolean;
  /** Restores start at `until` plus a random share of this window per site, so a fleet does not snap back at once. */
  restoreStaggerMs: number;
}

const DISPATCH_BATTERY: DispatchOptions = { readinessUpFront: true, restoreStaggerMs: 0 };

export interface DispatchProgress {
  total: number;
  byStatus: Record<string, number>;
  restoresPending: number;
}

/**
 * dispatchBattery: validates, checks readiness, then writes the dispatch, one DISPATCH_SITE command
 * per site and one RESTORE_SITE command per site (due at `until`), with their jobs, in one
 * transaction, and returns at once; workers do the rest.
 */
/** Per site: a Megapack-sized commercial site is a few MW; anything beyond 10 MW is a unit mistake. */
export const MAX_SITE_POWER_KW = 10_000;

export class DispatchService {
  constructor(
    private readonly db: Db,
    private readonly queue: CommandQueue,
    private readonly sites: SiteService,
    private readonly connections: ConnectionService,
    private readonly bus: Bus,
  ) {}

  async dispatch(organizationId: string, input: DispatchInput, options: DispatchOptions = DISPATCH_BATTERY): Promise<{ dispatch: DispatchRow; commands: CommandRow[] }> {
    const siteIds = [...new Set(input.siteIds)];
    if (siteIds.length === 0) throw GatewayError.badUserInput('siteIds', 'siteIds is empty');
    if (siteIds.length > MAX_DISPATCH_SITES) throw GatewayError.badUserInput('siteIds', `at most ${MAX_DISPATCH_SITES} sites per dispatch`);
    if (input.powerKw != null && !(input.powerKw > 0 && input.powerKw <= MAX_SITE_POWER_KW)) {
      throw GatewayError.badUserInput('powerKw', `powerKw is per site: more than 0 and at most ${MAX_SITE_POWER_KW} kW`);
    }
    const until = input.until ?? new Date(Date.now() + 3600_000);
    if (until.getTime() <= Date.now()) throw GatewayError.badUserInput('until', 'until is in the past');
    if (until.getTime() > Date.now() + MAX_DISPATCH_HOURS * 3600_000) throw GatewayError.badUserInput('until', `until is more than ${MAX_DISPATCH_HOURS} h away`);
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([[...siteIds].sort(), input.mode, input.powerKw ?? null, input.until?.toISOString() ?? null, input.enableGridInteraction]))
      .digest('hex');
    if (input.idempotencyKey) {
      const replay = await this.replay(organizationId, input.idempotencyKey, fingerprint);
      if (replay) return replay;
    }

    const rows = await this.sites.sitesByIds(organizationId, siteIds);
    if (rows.length !== siteIds.length) throw GatewayError.notFound('site');
    const connections = new Map((await this.connections.connectionsByIds(organizationId, [...new Set(rows.map((s) => s.connection_id))])).map((c) => [c.id, c]));
    for (const site of rows) {
      const connection = connections.get(site.connection_id);
      if (!connection) throw GatewayError.notFound('site');
      if (!site.has_battery) throw GatewayError.badUserInput('siteIds', `site ${site.name} has no battery`);
      this.connections.assertUsable(connection, ['energy_cmds', 'energy_device_data']);
    }
    if (options.readinessUpFront && rows.length <= SYNC_READINESS_LIMIT) await this.assertReady(rows, connections, input);

    const { dispatch, commands } = await this.db.transaction().execute(async (trx) => {
      const dispatch = await repo.insertDispatch(trx, {
        organization_id: organizationId,
        mode: input.mode,
        power_kw: input.powerKw ?? null,
        until,
        enable_grid_interaction: input.enableGridInteraction,
        site_count: rows.length,
        idempotency_key: input.idempotencyKey ?? null,
        request_fingerprint: fingerprint,
        created_by_api_key_id: input.createdBy ?? null,
      });
      const parameters = dispatchParameters.encode({ dispatchId: dispatch.id, mode: input.mode, enableGridInteraction: input.enableGridInteraction, powerKw: input.powerKw ?? null });
      const command = (site: SiteRow, kind: 'DISPATCH_SITE' | 'RESTORE_SITE', expiresAt: Date) => ({
        organization_id: organizationId,
        kind,
        target_type: 'SITE' as const,
        target_id: site.id,
        connection_id: site.connection_id,
        parameters,
        status: 'QUEUED' as const,
        dispatch_id: dispatch.id,
        expires_at: expiresAt,
        created_by_api_key_id: input.createdBy ?? null,
      });
      const commands = await insertCommands(trx, rows.map((s) => command(s, 'DISPATCH_SITE', until)));
      const restores = await insertCommands(trx, rows.map((s) => command(s, 'RESTORE_SITE', new Date(until.getTime() + 24 * 3600_000))));
      await this.queue.enqueueMany(trx, commands.map((c) => ({ commandId: c.id })));
      const restoreAt = () => new Date(until.getTime() + Math.floor(Math.random() * options.restoreStaggerMs));
      await this.queue.enqueueMany(trx, restores.map((c) => ({ commandId: c.id })), options.restoreStaggerMs > 0 ? restoreAt : until);
      return { dispatch, commands };
    });
    // Thousands of updates would hold the event loop before the answer goes out: they follow it.
    setImmediate(() => {
      for (const command of commands) publishCommandUpdate(this.bus, command);
    });
    return { dispatch, commands };
  }

  /** Stops the event: queued site commands are cancelled and every restore runs now. */
  async cancel(organizationId: string, dispatchId: string): Promise<DispatchRow> {
    const dispatch = await this.find(organizationId, dispatchId);
    if (!dispatch) throw GatewayError.notFound('dispatch');
    if (dispatch.cancelled_at) return dispatch;
    const cancelled = await this.db.transaction().execute(async (trx) => {
      const cancelled = await repo.markDispatchCancelled(trx, dispatch.id);
      const restores = await repo.queuedRestoreIds(trx, dispatch.id);
      // A second job for the same restore command: whichever runs first settles it, the other finds it settled.
      await this.queue.enqueueMany(trx, restores.map((r) => ({ commandId: r.id })), undefined, { fresh: true });
      return cancelled;
    });
    for (const row of await repo.cancelQueuedSiteCommands(this.db, dispatch.id, 'dispatch cancelled')) publishCommandUpdate(this.bus, row);
    return cancelled;
  }

  /** Puts one site's customer settings back now instead of at `until` (e.g. the site was overridden). */
  async restoreSiteNow(dispatchId: string, siteId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const restores = await repo.queuedRestoreIds(trx, dispatchId, siteId);
      await this.queue.enqueueMany(trx, restores.map((r) => ({ commandId: r.id })), undefined, { fresh: true });
    });
  }

  /** The sites whose levers the dispatch has moved (their DISPATCH_SITE step succeeded). */
  async dispatchedSiteIds(dispatchId: string): Promise<string[]> {
    return (await repo.siteCommandsOf(this.db, dispatchId)).filter((c) => c.status === 'SUCCEEDED').map((c) => c.target_id);
  }

  /** What the dispatch set at a site, from its snapshot: the levers a change by someone else would undo. */
  async leversOf(dispatch: DispatchRow, siteId: string): Promise<PlanStep[] | null> {
    const snapshot = await repo.findSnapshot(this.db, dispatch.id, siteId);
    return snapshot ? comparableLevers(dispatch, snapshot) : null;
  }

  find(organizationId: string, dispatchId: string): Promise<DispatchRow | undefined> {
    return repo.findDispatch(this.db, organizationId, dispatchId);
  }

  dispatchesByIds(organizationId: string, ids: readonly string[]): Promise<DispatchRow[]> {
    return repo.dispatchesByIds(this.db, organizationId, ids);
  }

  async progress(dispatchId: string): Promise<DispatchProgress> {
    const byStatus: Record<string, number> = {};
    let total = 0;
    let restoresPending = 0;
    for (const row of await repo.commandCountsByKindAndStatus(this.db, dispatchId)) {
      if (row.kind === 'DISPATCH_SITE') {
        byStatus[row.status] = (byStatus[row.status] ?? 0) + row.count;
        total += row.count;
      } else if (row.status === 'QUEUED' || row.status === 'SENT') restoresPending += row.count;
    }
    return { total, byStatus, restoresPending };
  }

  commandsOf(dispatchId: string, page: KeysetPage): Promise<(CommandRow & KeysetRow)[]> {
    return repo.commandsOf(this.db, dispatchId, page);
  }

  countCommandsOf(dispatchId: string): Promise<number> {
    return repo.countCommandsOf(this.db, dispatchId);
  }

  /** Without enableGridInteraction, a flow the site's settings forbid fails fast, nothing stored or sent. */
  private async assertReady(rows: SiteRow[], connections: Map<string, TeslaConnectionRow>, input: DispatchInput): Promise<void> {
    const flow = gridFlowOf(input.mode);
    if (!flow) return;
    const limit = pLimit(8);
    const blocked = (
      await Promise.all(
        rows.map((site) =>
          limit(async () => {
            const connection = connections.get(site.connection_id)!;
            const [info, live] = await Promise.all([this.sites.siteInfo(site, connection), this.sites.liveStatus(site, connection).catch(() => null)]);
            return blockersFor(site, connection, info, live, input).map((b) => ({ siteId: site.id, siteName: site.name, code: b.code, message: b.message, remediation: b.remediation }));
          }),
        ),
      )
    ).flat();
    if (blocked.length) {
      throw new GatewayError(
        'EXPORT_NOT_PERMITTED',
        `${new Set(blocked.map((b) => b.siteId)).size} site(s) cannot ${flow === 'EXPORT' ? 'export battery energy to the grid' : 'charge from the grid'} with their current settings${
          input.enableGridInteraction ? '' : '; enableGridInteraction may lift some blockers'
        }`,
        { blockers: blocked },
      );
    }
  }

  private async replay(organizationId: string, idempotencyKey: string, fingerprint: string) {
    const dispatch = await repo.findDispatchByIdempotencyKey(this.db, organizationId, idempotencyKey);
    if (!dispatch) return undefined;
    if (dispatch.request_fingerprint !== fingerprint) throw GatewayError.badUserInput('idempotencyKey', 'this idempotencyKey was already used with different input');
    return { dispatch, commands: await repo.siteCommandsOf(this.db, dispatch.id) };
  }
}
