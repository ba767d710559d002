import { createHash } from 'node:crypto';
import type { Bus } from '../bus/bus.js';
import type { CommandQueue } from '../commands/command-queue.js';
import { insertCommands } from '../commands/command-repository.js';
import { publishCommandUpdate } from '../commands/command-service.js';
import type { Db } from '../db/database.js';
import type { CommandRow, DispatchMode, ProgramEventRow, ProgramRow, SiteRow } from '../db/tables.js';
import type { DispatchService } from '../dispatch/dispatch-service.js';
import { GatewayError } from '../gateway-error.js';
import type { KeysetPage } from '../graphql/pagination.js';
import type { Logger } from '../observability/logger.js';
import type { SiteService } from '../sites/site-service.js';
import type { TelemetryInterest } from '../telemetry/telemetry-interest.js';
import type { EventOverrides } from './event-overrides.js';
import type { EventPerformanceService } from './event-performance-service.js';
import type { BaselineSpec } from './performance/baselines.js';
import type { PowerhubTransport } from './powerhub-transport.js';
import { baselineFrom, type ProgramService } from './program-service.js';
import * as repo from './program-repository.js';

/** The durable queue of event transitions: start at `start`, end at `end`, settle after it. */
export const PROGRAM_EVENT_QUEUE = 'program-events';
/** Bus channel of event changes: the event's id, organization, program and status. */
export const PROGRAM_EVENT_UPDATED_CHANNEL = 'program-event-updated';

export const MAX_EVENT_HOURS = 24;
const MAX_SCHEDULE_AHEAD_DAYS = 90;
const MAX_TARGET_KW = 10_000_000;
/** A start this far in the past is still "now" (a clock or a slow client); earlier is refused. */
const START_GRACE_MS = 60_000;

export type EventStep = 'prepare' | 'start' | 'end' | 'settle' | 'watch';
export interface EventJob {
  eventId: string;
  step: EventStep;
}

export interface ScheduleEventInput {
  programId: string;
  mode: DispatchMode;
  start: Date;
  end: Date;
  targetKw?: number | null;
  siteIds?: string[] | null;
  baseline?: Partial<BaselineSpec> | null;
  enableGridInteraction: boolean;
  idempotencyKey?: string | null;
  /** The API key asking (audit); the event's dispatch and commands carry it too. */
  createdBy?: string | null;
}

export interface ScheduleConflict {
  site: SiteRow;
  /** `Type:rowId` of the overlapping event or dispatch. */
  conflictingId: string;
}

export interface ProgramEventOptions {
  /** Restores after an event are spread at random over this window per site. */
  restoreStaggerMs: number;
  /** How long after the end performance is computed and frozen (the last samples must be in). */
  settleDelayMs: number;
  /** How often an active event looks for overrides (customer changes, storm watch, grid services). */
  watchIntervalMs: number;
  telemetryIntervalMs: number;
}

/**
 * When an event's sites start being watched: the baseline's pre-event window (or same-day
 * adjustment hours) before the start, plus a margin — not from scheduling, which may be days ahead
 * and would spend Tesla calls on polling nobody needs.
 */
function prepareAt(start: Date, baseline: BaselineSpec): Date {
  const leadMinutes = (baseline.method === 'PRE_EVENT_WINDOW' ? baseline.windowMinutes : baseline.adjustmentHours * 60) + 10;
  return new Date(Math.max(Date.now(), start.getTime() - leadMinutes * 60_000));
}

export function publishEventUpdate(bus: Bus, event: ProgramEventRow): void {
  void bus
    .publish(PROGRAM_EVENT_UPDATED_CHANNEL, JSON.stringify({ eventId: event.id, organizationId: event.organization_id, programId: event.program_id, status: event.status }))
    .catch(() => undefined);
}

/**
 * Program events: scheduled by the API, moved by jobs on the durable queue (so whichever instance
 * is alive starts and ends them on time, and a restart between scheduling and start changes
 * nothing). A FLEET_API event runs as one dispatch of its sites (restores staggered after the
 * end); a POWERHUB event as one Powerhub dispatch whose per-site answers become commands.
 */
export class ProgramEventService {
  constructor(
    private readonly db: Db,
    private readonly queue: CommandQueue,
    private readonly programs: ProgramService,
    private readonly dispatches: DispatchService,
    private readonly sites: SiteService,
    private readonly powerhub: PowerhubTransport,
    private readonly interest: TelemetryInterest,
    private readonly performance: Pick<EventPerformanceService, 'prepare' | 'settle'>,
    private readonly overrides: Pick<EventOverrides, 'watch'>,
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly options: ProgramEventOptions,
  ) {}

  find(organizationId: string, eventId: string): Promise<ProgramEventRow | undefined> {
    return repo.findEvent(this.db, organizationId, eventId);
  }

  eventsByIds(organizationId: string, ids: readonly string[]): Promise<ProgramEventRow[]> {
    return repo.eventsByIds(this.db, organizationId, ids);
  }

  eventsOfProgram(programId: string, page: KeysetPage) {
    return repo.eventsOfProgram(this.db, programId, page);
  }

  countEventsOfProgram(programId: string) {
    return repo.countEventsOfProgram(this.db, programId);
  }

  eventSites(eventId: string) {
    return repo.eventSites(this.db, eventId);
  }

  /** Its per-site commands: its dispatch's (FLEET_API) or its Powerhub acknowledgements (POWERHUB). */
  commandsOf(event: ProgramEventRow, page: KeysetPage) {
    return repo.commandsOfEvent(this.db, event, page);
  }

  countCommandsOf(event: ProgramEventRow) {
    return repo.countCommandsOfEvent(this.db, event);
  }

  async schedule(organizationId: string, input: ScheduleEventInput): Promise<{ event: ProgramEventRow; conflicts: ScheduleConflict[] }> {
    const program = await this.programs.find(organizationId, input.programId);
    this.validate(program, input);
    const baseline = baselineFrom(input.baseline, program.baseline as unknown as BaselineSpec, 'input.baseline');
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([program.id, input.mode, input.start.toISOString(), input.end.toISOString(), input.targetKw ?? null, [...(input.siteIds ?? [])].sort(), baseline, input.enableGridInteraction]))
      .digest('hex');
    if (input.idempotencyKey) {
      const replay = await this.replay(organizationId, input.idempotencyKey, fingerprint);
      if (replay) return replay;
    }

    const enrolled = new Map((await this.programs.enrollments(program.id)).map((s) => [s.id, s]));
    const targeted = input.siteIds ? [...new Set(input.siteIds)] : [...enrolled.keys()];
    if (!targeted.length) throw GatewayError.badUserInput('input.siteIds', 'the program has no enrolled site');
    const notEnrolled = targeted.find((id) => !enrolled.has(id));
    if (notEnrolled) throw GatewayError.badUserInput('input.siteIds', 'every site of an event must be enrolled in its program (enrollSites first)');
    const conflictsBySite = await repo.conflictsFor(this.db, targeted, input.start, input.end);
    const included = targeted.filter((id) => !conflictsBySite.has(id)).map((id) => enrolled.get(id)!);
    const conflicts = targeted.filter((id) => conflictsBySite.has(id)).map((id) => ({ site: enrolled.get(id)!, conflictingId: conflictsBySite.get(id)! }));
    if (!included.length) {
      const first = conflicts[0]!;
      throw new GatewayError('SCHEDULE_CONFLICT', 'every site of the event is already in an overlapping event or dispatch', { siteId: first.site.id, conflictingId: first.conflictingId });
    }
    const requestedKw = input.targetKw ?? included.reduce((kw, s) => kw + (s.nameplate_power_w ?? 0) / 1000, 0);

    const event = await this.db.transaction().execute(async (trx) => {
      const event = await repo.insertEvent(trx, {
        organization_id: organizationId,
        program_id: program.id,
        mode: input.mode,
        start_at: input.start,
        end_at: input.end,
        target_kw: input.targetKw ?? null,
        requested_kw: requestedKw,
        baseline: JSON.stringify(baseline),
        enable_grid_interaction: input.enableGridInteraction,
        status: 'SCHEDULED',
        idempotency_key: input.idempotencyKey ?? null,
        request_fingerprint: fingerprint,
        created_by_api_key_id: input.createdBy ?? null,
      });
      await repo.insertEventSites(trx, [
        ...included.map((s) => ({ event_id: event.id, site_id: s.id, included: true, conflict_id: null, override: null, powerhub_delivered_kwh: null })),
        ...conflicts.map((c) => ({ event_id: event.id, site_id: c.site.id, included: false, conflict_id: c.conflictingId, override: null, powerhub_delivered_kwh: null })),
      ]);
      // Shortly before the baseline's own window: poll the sites from then on, and fetch from
      // calendar_history what was not polled (retried if Tesla says wait).
      await this.queue.sendTo(PROGRAM_EVENT_QUEUE, { eventId: event.id, step: 'prepare' } satisfies EventJob, { trx, startAfter: prepareAt(input.start, baseline) });
      await this.queue.sendTo(PROGRAM_EVENT_QUEUE, { eventId: event.id, step: 'start' } satisfies EventJob, { trx, startAfter: input.start });
      await this.queue.sendTo(PROGRAM_EVENT_QUEUE, { eventId: event.id, step: 'end' } satisfies EventJob, { trx, startAfter: input.end });
      return event;
    });
    publishEventUpdate(this.bus, event);
    return { event, conflicts };
  }

  async cancel(organizationId: string, eventId: string): Promise<ProgramEventRow> {
    const event = await this.find(organizationId, eventId);
    if (!event) throw GatewayError.notFound('program event');
    if (event.status === 'CANCELLED') return event;
    if (event.status !== 'SCHEDULED' && event.status !== 'ACTIVE') throw GatewayError.badUserInput('input.eventId', `the event is ${event.status} and can no longer be cancelled`);
    const now = new Date();
    const cancelled = await repo.transitionEvent(this.db, event.id, [event.status], 'CANCELLED', { reason: 'cancelled by the caller', cancelled_at: now });
    if (!cancelled) return this.cancel(organizationId, eventId); // it moved meanwhile: decide again
    if (event.status === 'ACTIVE') {
      // Stop the sites now: their restores run at once (not staggered); Powerhub ends its own dispatch.
      if (event.dispatch_id) await this.dispatches.cancel(organizationId, event.dispatch_id);
      if (event.powerhub_dispatch_id) await this.powerhub.cancelDispatch(organizationId, event.powerhub_dispatch_id);
      await this.queue.sendTo(PROGRAM_EVENT_QUEUE, { eventId: event.id, step: 'settle' } satisfies EventJob, { startAfter: new Date(Date.now() + this.options.settleDelayMs) });
    }
    publishEventUpdate(this.bus, cancelled);
    return cancelled;
  }

  /** One job of the durable queue; safe to run twice (each step moves the event only from where it expects it). */
  async runJob(job: EventJob): Promise<void> {
    const event = await repo.findEventById(this.db, job.eventId);
    if (!event) return;
    switch (job.step) {
      case 'prepare':
        if (event.status !== 'SCHEDULED') return;
        await this.watchSites(event, (await repo.eventSites(this.db, event.id)).filter((s) => s.included).map((s) => s.site_id));
        return this.performance.prepare(event);
      case 'start':
        return this.start(event);
      case 'end':
        return this.end(event);
      case 'watch':
        return this.watch(event);
      case 'settle':
        return this.performance.settle(event);
    }
  }

  private async start(event: ProgramEventRow): Promise<void> {
    if (event.status !== 'SCHEDULED') return;
    if (event.end_at.getTime() <= Date.now()) {
      await this.fail(event, 'no instance could start the event before its end');
      return;
    }
    const included = (await repo.eventSites(this.db, event.id)).filter((s) => s.included).map((s) => s.site_id);
    await this.watchSites(event, included);
    const program = (await this.programs.programsByIds(event.organization_id, [event.program_id]))[0];
    if (!program) return;
    try {
      const started =
        program.transport === 'POWERHUB'
          ? await this.startOnPowerhub(event, included)
          : await this.startDispatch(event, included);
      if (started) {
        publishEventUpdate(this.bus, started);
        await this.queue.sendTo(PROGRAM_EVENT_QUEUE, { eventId: event.id, step: 'watch' } satisfies EventJob, { startAfter: new Date(Date.now() + this.options.watchIntervalMs) });
      }
    } catch (error) {
      if (error instanceof GatewayError && (error.code === 'RATE_LIMITED' || error.code === 'UPSTREAM_UNAVAILABLE')) throw error; // the queue retries
      await this.fail(event, error instanceof GatewayError ? error.message : 'unexpected error while starting the event');
      if (!(error instanceof GatewayError)) this.logger.error({ err: error, eventId: event.id }, 'program event failed to start');
    }
  }

  private async startDispatch(event: ProgramEventRow, siteIds: string[]): Promise<ProgramEventRow | undefined> {
    const { dispatch } = await this.dispatches.dispatch(
      event.organization_id,
      {
        siteIds,
        mode: event.mode,
        powerKw: event.target_kw === null ? null : event.target_kw / siteIds.length,
        until: event.end_at,
        enableGridInteraction: event.enable_grid_interaction,
        // A second run of this job replays the same dispatch instead of sending twice.
        idempotencyKey: `program-event:${event.id}`,
        createdBy: event.created_by_api_key_id,
      },
      { readinessUpFront: false, restoreStaggerMs: this.options.restoreStaggerMs },
    );
    return repo.transitionEvent(this.db, event.id, ['SCHEDULED'], 'ACTIVE', { dispatch_id: dispatch.id });
  }

  /** One Powerhub dispatch; each site's acknowledgement is stored as that site's command. */
  private async startOnPowerhub(event: ProgramEventRow, siteIds: string[]): Promise<ProgramEventRow | undefined> {
    if (event.mode !== 'DISCHARGE' && event.mode !== 'CHARGE') throw GatewayError.badUserInput('input.mode', 'a Powerhub event is DISCHARGE or CHARGE');
    const sites = await this.sites.sitesByIds(event.organization_id, siteIds);
    const linked = await this.powerhub.linkedSites(event.organization_id, siteIds);
    const perSiteKw = event.target_kw !== null ? event.target_kw / sites.length : sites.reduce((kw, s) => kw + (s.nameplate_power_w ?? 0) / 1000, 0) / sites.length;
    const answer = await this.powerhub.createDispatch(event.organization_id, {
      powerhubSiteIds: sites.flatMap((s) => (linked.has(s.id) ? [linked.get(s.id)!] : [])),
      mode: event.mode === 'DISCHARGE' ? 'discharge' : 'charge',
      perSiteKw: Math.round(perSiteKw * 1000) / 1000,
      start: event.start_at,
      end: event.end_at,
      idempotencyKey: event.id,
    });
    const bySiteId = new Map(answer.sites.map((a) => [a.siteId, a]));
    const { started, commands } = await this.db.transaction().execute(async (trx) => {
      const started = await repo.transitionEvent(trx, event.id, ['SCHEDULED'], 'ACTIVE', { powerhub_dispatch_id: answer.dispatchId });
      if (!started) return { started, commands: [] as CommandRow[] };
      const now = new Date();
      const commands = await insertCommands(
        trx,
        sites.map((site) => {
          const ack = linked.has(site.id) ? bySiteId.get(linked.get(site.id)!) : undefined;
          const accepted = ack?.status === 'accepted';
          return {
            organization_id: event.organization_id,
            kind: 'POWERHUB_DISPATCH_SITE',
            target_type: 'SITE' as const,
            target_id: site.id,
            connection_id: site.connection_id,
            parameters: JSON.stringify({ eventId: event.id, powerhubDispatchId: answer.dispatchId, mode: event.mode, perSiteKw }),
            status: accepted ? ('SUCCEEDED' as const) : ('FAILED' as const),
            reason: accepted ? null : `Powerhub: ${ack?.reason ?? (linked.has(site.id) ? 'no answer for this site' : 'the site is no longer linked to Powerhub')}`,
            attempts: 1,
            expires_at: event.end_at,
            completed_at: now,
            program_event_id: event.id,
            created_by_api_key_id: event.created_by_api_key_id,
          };
        }),
      );
      return { started, commands };
    });
    for (const command of commands) publishCommandUpdate(this.bus, command);
    return started;
  }

  private async end(event: ProgramEventRow): Promise<void> {
    if (event.status !== 'ACTIVE') return;
    const ended = await repo.transitionEvent(this.db, event.id, ['ACTIVE'], 'COMPLETED');
    if (!ended) return;
    publishEventUpdate(this.bus, ended);
    await this.queue.sendTo(PROGRAM_EVENT_QUEUE, { eventId: event.id, step: 'settle' } satisfies EventJob, { startAfter: new Date(Date.now() + this.options.settleDelayMs) });
  }

  private async watch(event: ProgramEventRow): Promise<void> {
    if (event.status !== 'ACTIVE' || event.end_at.getTime() <= Date.now()) return;
    try {
      await this.overrides.watch(event);
    } finally {
      await this.queue.sendTo(PROGRAM_EVENT_QUEUE, { eventId: event.id, step: 'watch' } satisfies EventJob, { startAfter: new Date(Date.now() + this.options.watchIntervalMs) });
    }
  }

  private async fail(event: ProgramEventRow, reason: string): Promise<void> {
    const failed = await repo.transitionEvent(this.db, event.id, ['SCHEDULED'], 'FAILED', { reason });
    if (failed) publishEventUpdate(this.bus, failed);
  }

  private async watchSites(event: ProgramEventRow, siteIds: readonly string[]): Promise<void> {
    const ttlMs = event.end_at.getTime() - Date.now() + 2 * this.options.telemetryIntervalMs;
    if (ttlMs <= 0) return;
    await Promise.all(siteIds.map((siteId) => this.interest.hold(siteId, `event:${event.id}`, ttlMs))).catch((error: unknown) =>
      this.logger.warn({ err: error, eventId: event.id }, 'could not register telemetry interest for an event'),
    );
  }

  private validate(program: ProgramRow, input: ScheduleEventInput): void {
    const now = Date.now();
    if (program.transport === 'POWERHUB' && input.mode !== 'DISCHARGE' && input.mode !== 'CHARGE') {
      throw GatewayError.badUserInput('input.mode', 'a Powerhub program dispatches DISCHARGE or CHARGE only');
    }
    if (!(input.end > input.start)) throw GatewayError.badUserInput('input.end', 'end must be after start');
    if (input.start.getTime() < now - START_GRACE_MS) throw GatewayError.badUserInput('input.start', 'start is in the past');
    if (input.start.getTime() > now + MAX_SCHEDULE_AHEAD_DAYS * 86_400_000) throw GatewayError.badUserInput('input.start', `start is more than ${MAX_SCHEDULE_AHEAD_DAYS} days away`);
    if (input.end.getTime() - input.start.getTime() > MAX_EVENT_HOURS * 3_600_000) throw GatewayError.badUserInput('input.end', `an event lasts at most ${MAX_EVENT_HOURS} h`);
    if (input.targetKw != null && !(input.targetKw > 0 && input.targetKw <= MAX_TARGET_KW)) {
      throw GatewayError.badUserInput('input.targetKw', `targetKw must be more than 0 and at most ${MAX_TARGET_KW}`);
    }
  }

  private async replay(organizationId: string, idempotencyKey: string, fingerprint: string) {
    const event = await repo.findEventByIdempotencyKey(this.db, organizationId, idempotencyKey);
    if (!event) return undefined;
    if (event.request_fingerprint !== fingerprint) throw GatewayError.badUserInput('input.idempotencyKey', 'this idempotencyKey was already used with different input');
    const sites = await repo.eventSites(this.db, event.id);
    const rows = new Map((await this.sites.sitesByIds(organizationId, sites.map((s) => s.site_id))).map((s) => [s.id, s]));
    const conflicts = sites.filter((s) => !s.included && rows.has(s.site_id)).map((s) => ({ site: rows.get(s.site_id)!, conflictingId: s.conflict_id ?? '' }));
    return { event, conflicts };
  }
}
