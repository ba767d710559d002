import { encodeGlobalID } from '@pothos/plugin-relay';
import { CommandConnection, CommandRef } from '../commands/command-types.js';
import type { ProgramEventRow, ProgramRow, SiteRow } from '../db/tables.js';
import { DispatchModeEnum, DispatchRef } from '../dispatch/dispatch-types.js';
import { GatewayError } from '../gateway-error.js';
import { builder } from '../graphql/builder.js';
import { parseGlobalId } from '../graphql/global-id.js';
import { keysetConnection } from '../graphql/pagination.js';
import { toSiteSettings } from '../sites/site-mapping.js';
import { SiteRef } from '../sites/site-types.js';
import type { EventPerformanceView, SitePerformanceView } from './event-performance-service.js';
import type { BaselineSpec } from './performance/baselines.js';
import type { PerformanceInterval } from './performance/site-performance.js';
import { siteCapacity, sumCapacity, type ProgramCapacity } from './program-capacity.js';
import type { EnrollmentRefusal } from './program-service.js';
import type { ScheduleConflict } from './program-event-service.js';
import { INPUT_LIMITS, maxItems, maxLength } from '../server/input-limits.js';

export const ProgramRef = builder.objectRef<ProgramRow>('Program');
export const ProgramEventRef = builder.objectRef<ProgramEventRow>('ProgramEvent');

const ProgramKindEnum = builder.enumType('ProgramKind', {
  description: 'What the program is for',
  values: {
    DEMAND_RESPONSE: { description: 'Reduce load (or export) when the utility calls an event' },
    VPP: { description: 'A virtual power plant: aggregated batteries bid or dispatched as one resource' },
    PEAK_SHAVING: { description: "Lower the system's or a feeder's peak" },
    GRID_SERVICES: { description: 'Frequency, capacity or other services for a grid operator' },
    RESILIENCY: { description: 'Keep batteries charged ahead of outages' },
  } as const,
});

const ProgramTransportEnum = builder.enumType('ProgramTransport', {
  description: 'How events reach the batteries',
  values: {
    FLEET_API: { description: "Tesla's Fleet API: per-site settings moved for the event and restored afterwards (DESIGN §8)" },
    POWERHUB: { description: "Tesla's Grid Services API (Powerhub): one direct power dispatch for the event's sites" },
  } as const,
});

const BaselineMethodEnum = builder.enumType('BaselineMethod', {
  description: 'How the counterfactual grid power is estimated',
  values: {
    PRE_EVENT_WINDOW: { description: 'Mean grid power over windowMinutes before the start' },
    X_OF_Y_DAYS: { description: 'Per interval, the mean of the X highest-import days among the Y most recent eligible weekdays, with a capped same-day adjustment' },
  } as const,
});

const ProgramEventStatusEnum = builder.enumType('ProgramEventStatus', {
  description: 'SCHEDULED → ACTIVE → COMPLETED, or CANCELLED, or FAILED',
  values: {
    SCHEDULED: { description: 'Waiting for its start' },
    ACTIVE: { description: 'Its sites are being moved' },
    COMPLETED: { description: 'Ended at its end; restores follow, staggered' },
    CANCELLED: { description: 'Cancelled before or during the event' },
    FAILED: { description: 'Could not start (reason says why)' },
  } as const,
});

const BaselineRef = builder.objectRef<BaselineSpec>('Baseline').implement({
  description: 'A measurement baseline (DESIGN §11)',
  fields: (t) => ({
    method: t.field({ type: BaselineMethodEnum, description: 'How the baseline is estimated; the other fields apply to the method they name', resolve: (b) => b.method }),
    windowMinutes: t.exposeInt('windowMinutes', { description: 'PRE_EVENT_WINDOW: minutes before the start averaged' }),
    x: t.exposeInt('x', { description: 'X_OF_Y_DAYS: days averaged' }),
    y: t.exposeInt('y', { description: 'X_OF_Y_DAYS: recent eligible days considered' }),
    adjustmentHours: t.exposeInt('adjustmentHours', { description: 'X_OF_Y_DAYS: hours before the start used for the same-day adjustment (0 = none)' }),
    adjustmentCapPercent: t.exposeFloat('adjustmentCapPercent', { description: 'X_OF_Y_DAYS: the adjustment is capped at ± this share of the baseline' }),
  }),
});

export const BaselineInput = builder.inputType('BaselineInput', {
  description: 'A baseline; omitted fields take the program\'s (or the defaults: PRE_EVENT_WINDOW, 60 min, 5 of 10 days, 3 h, 20 %)',
  fields: (t) => ({
    method: t.field({ type: BaselineMethodEnum, description: 'How the baseline is estimated' }),
    windowMinutes: t.int({ description: '5–1440, a multiple of 5' }),
    x: t.int({ description: '1 ≤ x ≤ y' }),
    y: t.int({ description: 'y ≤ 30' }),
    adjustmentHours: t.int({ description: '0–12' }),
    adjustmentCapPercent: t.float({ description: '0–100' }),
  }),
});

const ProgramCapacityRef = builder.objectRef<ProgramCapacity>('ProgramCapacity').implement({
  description: 'What the enrolled sites can deliver now, from their live status and backup reserve',
  fields: (t) => ({
    siteCount: t.exposeInt('siteCount', { description: 'Enrolled sites' }),
    reportingSiteCount: t.exposeInt('reportingSiteCount', { description: 'Sites whose live status could be read' }),
    availableDischargeKw: t.exposeFloat('availableDischargeKw', { description: 'Nameplate power of the sites with energy above their reserve' }),
    availableChargeKw: t.exposeFloat('availableChargeKw', { description: 'Nameplate power of the sites not full' }),
    energyAboveReserveWh: t.exposeFloat('energyAboveReserveWh', { description: 'Wh the reporting batteries hold above their backup reserve: what a discharge could deliver' }),
  }),
});

builder.node(ProgramRef, {
  description: 'A grid program: enrolled sites, and the events called on them',
  id: { resolve: (p) => p.id },
  loadMany: (ids, context) => context.services.programs.programsByIds(context.caller!.organizationId, ids).then((rows) => ids.map((id) => rows.find((r) => r.id === id) ?? null)),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'A label chosen at creation' }),
    kind: t.field({ type: ProgramKindEnum, description: 'What the program is for', resolve: (p) => p.kind }),
    transport: t.field({ type: ProgramTransportEnum, description: 'How its events reach the batteries', resolve: (p) => p.transport }),
    baseline: t.field({ type: BaselineRef, description: 'The default baseline of its events', resolve: (p) => p.baseline as unknown as BaselineSpec }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was created', resolve: (p) => p.created_at }),
    enrollments: t.connection(
      {
        type: SiteRef,
        description: 'Enrolled sites, oldest enrollment first',
        resolve: (p, args, context) =>
          keysetConnection(
            args,
            (page) => context.services.programs.enrollmentsPage(p.id, page),
            () => context.services.programs.countEnrollments(p.id),
          ),
      },
      { name: 'ProgramEnrollmentConnection', description: "A page of a program's enrolled sites" },
      {
        name: 'ProgramEnrollmentEdge',
        description: 'An enrolled site in a page, with its cursor and enrollment time',
        fields: (e) => ({ enrolledAt: e.field({ type: 'DateTime', description: 'When the site was enrolled', resolve: (edge) => (edge.node as SiteRow & { enrolled_at: Date }).enrolled_at }) }),
      },
    ),
    capacity: t.field({
      type: ProgramCapacityRef,
      description: 'Summed over the enrolled sites from their live status now (read through the shared cache)',
      resolve: async (p, _args, context) => {
        const sites = await context.services.programs.enrollments(p.id);
        const each = await Promise.all(
          sites.map(async (site) => {
            const [live, info] = await Promise.all([context.loaders.liveStatus.load(site).catch(() => null), context.loaders.siteInfo.load(site).catch(() => null)]);
            return siteCapacity(site, live, info ? toSiteSettings(info).backupReservePercent : null);
          }),
        );
        return sumCapacity(each);
      },
    }),
    events: t.connection(
      {
        type: ProgramEventRef,
        description: 'Its events, latest start first',
        resolve: (p, args, context) =>
          keysetConnection(
            args,
            (page) => context.services.programEvents.eventsOfProgram(p.id, page),
            () => context.services.programEvents.countEventsOfProgram(p.id),
          ),
      },
      { name: 'ProgramEventConnection', description: 'A page of program events' },
      { name: 'ProgramEventEdge', description: 'A program event in a page, with its cursor' },
    ),
  }),
});

const IntervalRef = builder.objectRef<PerformanceInterval>('PerformanceInterval').implement({
  description: "One 5-minute clock-aligned interval. Grid power in kW with Tesla's sign (import positive)",
  fields: (t) => ({
    start: t.field({ type: 'DateTime', description: 'Start of the interval (inclusive)', resolve: (i) => i.start }),
    end: t.field({ type: 'DateTime', description: 'End of the interval (exclusive), 5 minutes after start', resolve: (i) => i.end }),
    baselineKw: t.exposeFloat('baselineKw', { nullable: true, description: 'Baseline grid power, kW; null when the baseline has no data for it' }),
    meteredKw: t.exposeFloat('meteredKw', { nullable: true, description: 'null when no sample was stored for it (missing)' }),
    deliveredKw: t.exposeFloat('deliveredKw', { nullable: true, description: 'baseline − metered (CHARGE: metered − baseline)' }),
    energyWh: t.exposeFloat('energyWh', { nullable: true, description: 'Energy delivered in the interval, Wh (deliveredKw over 5 minutes); null when it could not be measured' }),
    quality: t.string({ description: 'ok, stale (carried from the 5 minutes before) or missing', resolve: (i) => i.quality }),
  }),
});

const DataQualityRef = builder.objectRef<SitePerformanceView['dataQuality']>('PerformanceDataQuality').implement({
  description: "How far a site's figure can be trusted",
  fields: (t) => ({
    missingSamples: t.exposeInt('missingSamples', { description: 'Intervals during the event with no sample' }),
    staleSamples: t.exposeInt('staleSamples', { description: 'Intervals filled from a sample of the 5 minutes before' }),
    override: t.exposeBoolean('override', { description: 'The site was overridden during the event (customer change, storm watch, grid services) and left alone' }),
    timeZoneAssumed: t.exposeBoolean('timeZoneAssumed', { description: "The site had no time zone: the account region's default was used" }),
    baselineDays: t.exposeStringList('baselineDays', { description: 'X_OF_Y_DAYS: the site-local dates averaged' }),
    baselineIssue: t.exposeString('baselineIssue', { nullable: true, description: 'NO_BASELINE_DATA or FEWER_DAYS_THAN_X' }),
  }),
});

const SitePerformanceRef = builder.objectRef<SitePerformanceView>('SitePerformance').implement({
  description: "One site's measured performance in an event",
  fields: (t) => ({
    site: t.field({
      type: SiteRef,
      description: 'The site measured',
      resolve: async (s, _args, context) => {
        const site = await context.loaders.siteById.load(s.siteId);
        if (!site) throw GatewayError.notFound('site');
        return site;
      },
    }),
    baselineGridPowerW: t.exposeFloat('baselineGridPowerW', { nullable: true, description: "Time-weighted mean baseline grid power, W (Tesla's sign: import positive); null when no interval has a baseline" }),
    meanGridPowerW: t.exposeFloat('meanGridPowerW', { nullable: true, description: "Time-weighted mean metered grid power, W (Tesla's sign: import positive); null when every interval is missing" }),
    deliveredKw: t.exposeFloat('deliveredKw', { nullable: true, description: 'Time-weighted mean delivered power, kW (baseline − metered; CHARGE: metered − baseline); null when not measurable' }),
    energyDeliveredWh: t.exposeFloat('energyDeliveredWh', { nullable: true, description: 'Energy delivered over the event, Wh (sum of the intervals); null when no interval could be measured' }),
    powerhubDeliveredKwh: t.exposeFloat('powerhubDeliveredKwh', { nullable: true, description: "POWERHUB events: what Powerhub reported, kept beside this (authoritative) measurement" }),
    intervals: t.field({ type: [IntervalRef], description: "The event's 5-minute intervals, oldest first", resolve: (s) => s.intervals }),
    dataQuality: t.field({ type: DataQualityRef, description: 'How far this figure can be trusted', resolve: (s) => s.dataQuality }),
  }),
});

const EventPerformanceRef = builder.objectRef<EventPerformanceView>('ProgramEventPerformance').implement({
  description: 'Measured performance (M&V) from stored telemetry; frozen when the event ends',
  fields: (t) => ({
    baselineMethod: t.field({ type: BaselineMethodEnum, description: "The baseline method used (the event's baseline)", resolve: (p) => p.baselineMethod }),
    baselineKw: t.exposeFloat('baselineKw', { nullable: true, description: 'Σ site mean baselines' }),
    deliveredKw: t.exposeFloat('deliveredKw', { nullable: true, description: 'Σ site mean delivered power' }),
    energyDeliveredWh: t.exposeFloat('energyDeliveredWh', { nullable: true, description: 'Σ site energy delivered, Wh; null when no site could be measured' }),
    start: t.field({ type: 'DateTime', description: 'The event start: where measurement begins', resolve: (p) => p.start }),
    end: t.field({ type: 'DateTime', description: 'The event end, its cancellation, or now while it runs', resolve: (p) => p.end }),
    frozen: t.exposeBoolean('frozen', { description: 'Settled: telemetry retention no longer changes it' }),
    sites: t.field({ type: [SitePerformanceRef], description: "Each of the event's sites, measured", resolve: (p) => p.sites }),
  }),
});

const EventSiteConflictRef = builder.objectRef<ScheduleConflict>('EventSiteConflict').implement({
  description: 'A site left out of an event: it is already in an overlapping event or dispatch',
  fields: (t) => ({
    site: t.field({ type: SiteRef, description: 'The site left out', resolve: (c) => c.site }),
    code: t.string({ description: 'SCHEDULE_CONFLICT', resolve: () => 'SCHEDULE_CONFLICT' }),
    message: t.string({ description: 'The conflict in words', resolve: (c) => `already in ${c.conflictingId.split(':')[0] === 'Dispatch' ? 'a dispatch' : 'an event'} that overlaps this one` }),
    conflictingId: t.id({ description: 'The overlapping ProgramEvent or Dispatch', resolve: (c) => globalIdOf(c.conflictingId) }),
  }),
});

function globalIdOf(typedId: string): string {
  const [type, id] = typedId.split(':');
  return encodeGlobalID(type ?? '', id ?? '');
}

builder.node(ProgramEventRef, {
  description: "An event of a program: its sites are moved from start to end, then restored, and paid on measured performance",
  id: { resolve: (e) => e.id },
  loadMany: (ids, context) => Promise.all(ids.map((id) => context.loaders.programEventById.load(id))),
  fields: (t) => ({
    program: t.field({
      type: ProgramRef,
      description: 'The program it belongs to',
      resolve: async (e, _args, context) => context.services.programs.find(e.organization_id, e.program_id),
    }),
    mode: t.field({ type: DispatchModeEnum, description: 'What the batteries are asked to do', resolve: (e) => e.mode }),
    status: t.field({ type: ProgramEventStatusEnum, description: 'Where it is in its life', resolve: (e) => e.status }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why it failed or was cancelled' }),
    start: t.field({ type: 'DateTime', description: 'When its sites are moved', resolve: (e) => e.start_at }),
    end: t.field({ type: 'DateTime', description: 'When its sites are restored', resolve: (e) => e.end_at }),
    targetKw: t.exposeFloat('target_kw', { nullable: true, description: 'The power asked of the event as a whole, kW; null when none was given' }),
    requestedKw: t.exposeFloat('requested_kw', { description: 'targetKw, or the nameplate power of its sites' }),
    enableGridInteraction: t.exposeBoolean('enable_grid_interaction', { description: 'Battery export (DISCHARGE) or grid charging (CHARGE) is allowed for the event, then restored' }),
    baseline: t.field({ type: BaselineRef, description: "The baseline its performance is measured against (the program's, or the event's override)", resolve: (e) => e.baseline as unknown as BaselineSpec }),
    idempotencyKey: t.exposeString('idempotency_key', { nullable: true, description: 'The idempotency key it was scheduled with; null when none was given' }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was scheduled', resolve: (e) => e.created_at }),
    sites: t.field({
      type: [SiteRef],
      description: 'The sites the event moves',
      resolve: async (e, _args, context) => {
        const rows = (await context.services.programEvents.eventSites(e.id)).filter((s) => s.included);
        return (await Promise.all(rows.map((r) => context.loaders.siteById.load(r.site_id)))).filter((s): s is SiteRow => s !== null);
      },
    }),
    conflicts: t.field({
      type: [EventSiteConflictRef],
      description: 'Targeted sites left out: already in an overlapping event or dispatch',
      resolve: async (e, _args, context) => {
        const rows = (await context.services.programEvents.eventSites(e.id)).filter((s) => !s.included);
        const sites = await Promise.all(rows.map((r) => context.loaders.siteById.load(r.site_id)));
        return rows.flatMap((r, i) => (sites[i] ? [{ site: sites[i]!, conflictingId: r.conflict_id ?? '' }] : []));
      },
    }),
    dispatch: t.field({
      type: DispatchRef,
      nullable: true,
      description: 'FLEET_API events: the dispatch that moves the sites',
      resolve: (e, _args, context) => (e.dispatch_id ? context.loaders.dispatchById.load(e.dispatch_id) : null),
    }),
    commands: t.connection(
      {
        type: CommandRef,
        description: 'The per-site commands: DISPATCH_SITE and RESTORE_SITE (FLEET_API) or POWERHUB_DISPATCH_SITE (POWERHUB), by kind, then oldest first',
        resolve: (e, args, context) =>
          keysetConnection(
            args,
            (page) => context.services.programEvents.commandsOf(e, page),
            () => context.services.programEvents.countCommandsOf(e),
          ),
      },
      CommandConnection,
    ),
    performance: t.field({
      type: EventPerformanceRef,
      nullable: true,
      description: 'null before the event starts; computed from stored telemetry while it runs; frozen once it ends',
      resolve: (e, _args, context) => context.services.eventPerformance.performance(e),
    }),
  }),
});

builder.queryFields((t) => ({
  programs: t.connection({
    type: ProgramRef,
    description: "The organization's programs, newest first",
    resolve: (_root, args, context) =>
      keysetConnection(
        args,
        (page) => context.services.programs.list(context.caller!.organizationId, page),
        () => context.services.programs.count(context.caller!.organizationId),
      ),
  }, { name: 'ProgramConnection', description: 'A page of programs' }, { name: 'ProgramEdge', description: 'A program in a page, with its cursor' }),
  program: t.field({
    type: ProgramRef,
    nullable: true,
    description: "A program by id; null with a NOT_FOUND error when it does not exist or is another organization's",
    args: { id: t.arg.id({ required: true, description: 'Program global ID' }) },
    resolve: async (_root, args, context) => {
      const program = await context.services.programs.find(context.caller!.organizationId, parseGlobalId(String(args.id), 'Program', 'id'));
      if (!program) throw GatewayError.notFound('program');
      return program;
    },
  }),
  programEvent: t.field({
    type: ProgramEventRef,
    nullable: true,
    description: "A program event by id; null with a NOT_FOUND error when it does not exist or is another organization's",
    args: { id: t.arg.id({ required: true, description: 'ProgramEvent global ID' }) },
    resolve: async (_root, args, context) => {
      const event = await context.services.programEvents.find(context.caller!.organizationId, parseGlobalId(String(args.id), 'ProgramEvent', 'id'));
      if (!event) throw GatewayError.notFound('program event');
      return event;
    },
  }),
}));

const EnrollmentRefusalRef = builder.objectRef<EnrollmentRefusal>('EnrollmentRefusal').implement({
  description: 'A site enrollment refused, with the remedy in the message',
  fields: (t) => ({
    site: t.field({ type: SiteRef, description: 'The site refused', resolve: (r) => r.site }),
    code: t.exposeString('code', { description: 'NO_BATTERY, MISSING_ENERGY_CMDS_SCOPE, ACCOUNT_NEEDS_REAUTH or NOT_LINKED_TO_POWERHUB' }),
    message: t.exposeString('message', { description: 'Why, and the remedy' }),
  }),
});

const EnrollmentPayload = builder.objectRef<{ program: ProgramRow; enrolled: SiteRow[]; rejected: EnrollmentRefusal[] }>('EnrollmentPayload').implement({
  description: 'The program after the change, what was enrolled and what was refused',
  fields: (t) => ({
    program: t.field({ type: ProgramRef, description: 'The program after the change', resolve: (p) => p.program }),
    enrolled: t.field({ type: [SiteRef], description: 'The sites enrollSites enrolled; empty for unenrollSites', resolve: (p) => p.enrolled }),
    rejected: t.field({ type: [EnrollmentRefusalRef], description: 'The sites refused, each with the remedy; empty when none was', resolve: (p) => p.rejected }),
  }),
});

const EnrollSitesInput = (name: string) =>
  builder.inputType(name, {
    description: 'Sites of a program to add or remove',
    fields: (f) => ({ programId: f.id({ required: true, description: 'Program global ID' }), siteIds: f.idList({ required: true, description: '1 to 10000 sites', extensions: maxItems(10_000) }) }),
  });

function siteRowIds(ids: readonly (string | number)[]): string[] {
  return ids.map((id) => parseGlobalId(String(id), 'Site', 'input.siteIds'));
}

builder.mutationFields((t) => ({
  createProgram: t.field({
    type: builder.objectRef<{ program: ProgramRow }>('CreateProgramPayload').implement({
      description: 'The new program',
      fields: (f) => ({ program: f.field({ type: ProgramRef, description: 'The program as stored, with no sites enrolled', resolve: (p) => p.program }) }),
    }),
    description: 'Creates a grid program; enroll sites next',
    args: {
      input: t.arg({
        required: true,
        description: 'Name, kind, transport and default baseline',
        type: builder.inputType('CreateProgramInput', {
          description: 'A new grid program',
          fields: (f) => ({
            name: f.string({ required: true, description: `At most ${INPUT_LIMITS.nameMaxLength} characters`, extensions: maxLength(INPUT_LIMITS.nameMaxLength) }),
            kind: f.field({ type: ProgramKindEnum, required: true, description: 'What the program is for' }),
            transport: f.field({ type: ProgramTransportEnum, required: true, description: 'How its events reach the batteries' }),
            baseline: f.field({ type: BaselineInput, description: 'The default baseline of its events; the defaults when omitted' }),
          }),
        }),
      }),
    },
    resolve: async (_root, { input }, context) => ({
      program: await context.services.programs.create(context.caller!.organizationId, { ...input, baseline: input.baseline as Partial<BaselineSpec> | null | undefined }),
    }),
  }),
  enrollSites: t.field({
    type: EnrollmentPayload,
    description: 'Enrolls sites; sites with a hard blocker (no battery, no energy_cmds, account needing re-auth, POWERHUB: not linked) are refused with the remedy',
    args: { input: t.arg({ required: true, description: 'The program and the sites to enroll', type: EnrollSitesInput('EnrollSitesInput') }) },
    resolve: (_root, { input }, context) =>
      context.services.programs.enroll(context.caller!.organizationId, parseGlobalId(String(input.programId), 'Program', 'input.programId'), siteRowIds(input.siteIds)),
  }),
  unenrollSites: t.field({
    type: EnrollmentPayload,
    description: 'Removes sites from the program (events already scheduled keep them)',
    args: { input: t.arg({ required: true, description: 'The program and the sites to remove', type: EnrollSitesInput('UnenrollSitesInput') }) },
    resolve: (_root, { input }, context) =>
      context.services.programs.unenroll(context.caller!.organizationId, parseGlobalId(String(input.programId), 'Program', 'input.programId'), siteRowIds(input.siteIds)),
  }),
  scheduleProgramEvent: t.field({
    type: builder.objectRef<{ event: ProgramEventRow; conflicts: ScheduleConflict[] }>('ScheduleProgramEventPayload').implement({
      description: 'The scheduled event, and the targeted sites it left out',
      fields: (f) => ({
        event: f.field({ type: ProgramEventRef, description: 'The event, SCHEDULED (or as first scheduled when an idempotency key was replayed)', resolve: (p) => p.event }),
        conflicts: f.field({ type: [EventSiteConflictRef], description: 'Sites left out (SCHEDULE_CONFLICT); the event runs with the rest', resolve: (p) => p.conflicts }),
      }),
    }),
    description: "Schedules an event on a program's enrolled sites (or a subset: locational targeting); it starts and ends on time from the durable queue",
    args: {
      input: t.arg({
        required: true,
        description: 'The program, the window, the mode and the sites',
        type: builder.inputType('ScheduleProgramEventInput', {
          description: 'An event to schedule on a program',
          fields: (f) => ({
            programId: f.id({ required: true, description: 'Program global ID' }),
            mode: f.field({ type: DispatchModeEnum, required: true, description: 'POWERHUB programs: DISCHARGE or CHARGE' }),
            start: f.field({ type: 'DateTime', required: true, description: 'When to move the sites' }),
            end: f.field({ type: 'DateTime', required: true, description: 'At most 24 h after start' }),
            targetKw: f.float({ description: 'The power asked of the event as a whole' }),
            siteIds: f.idList({ description: 'A subset of the enrolled sites (at most 10000); all of them when omitted', extensions: maxItems(10_000) }),
            baseline: f.field({ type: BaselineInput, description: "Overrides the program's baseline for this event" }),
            enableGridInteraction: f.boolean({ required: true, description: 'Allow battery export (DISCHARGE) or grid charging (CHARGE) for the event, restored afterwards' }),
            idempotencyKey: f.string({
              description: `Replaying a key returns the first event and schedules nothing again; at most ${INPUT_LIMITS.idempotencyKeyMaxLength} characters`,
              extensions: maxLength(INPUT_LIMITS.idempotencyKeyMaxLength),
            }),
          }),
        }),
      }),
    },
    resolve: (_root, { input }, context) =>
      context.services.programEvents
        .schedule(context.caller!.organizationId, {
        programId: parseGlobalId(String(input.programId), 'Program', 'input.programId'),
        mode: input.mode,
        start: input.start,
        end: input.end,
        targetKw: input.targetKw,
        siteIds: input.siteIds ? siteRowIds(input.siteIds) : null,
        baseline: input.baseline as Partial<BaselineSpec> | null | undefined,
        enableGridInteraction: input.enableGridInteraction,
        idempotencyKey: input.idempotencyKey,
        createdBy: context.caller!.apiKeyId,
      })
        .catch((error: unknown) => {
          // The service names rows; callers get global IDs.
          if (error instanceof GatewayError && error.code === 'SCHEDULE_CONFLICT') {
            throw new GatewayError(error.code, error.message, { siteId: encodeGlobalID('Site', String(error.details['siteId'])), conflictingId: globalIdOf(String(error.details['conflictingId'])) });
          }
          throw error;
        }),
  }),
  cancelProgramEvent: t.field({
    type: builder.objectRef<{ event: ProgramEventRow }>('CancelProgramEventPayload').implement({
      description: 'The cancelled event',
      fields: (f) => ({ event: f.field({ type: ProgramEventRef, description: 'The event, CANCELLED', resolve: (p) => p.event }) }),
    }),
    description: 'Cancels a scheduled event, or stops an active one: its sites are restored at once',
    args: {
      input: t.arg({
        required: true,
        description: 'The event to cancel',
        type: builder.inputType('CancelProgramEventInput', {
          description: 'A program event to cancel',
          fields: (f) => ({ eventId: f.id({ required: true, description: 'ProgramEvent global ID' }) }),
        }),
      }),
    },
    resolve: async (_root, { input }, context) => ({
      event: await context.services.programEvents.cancel(context.caller!.organizationId, parseGlobalId(String(input.eventId), 'ProgramEvent', 'input.eventId')),
    }),
  }),
}));
