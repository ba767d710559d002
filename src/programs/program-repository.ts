import type { Insertable, Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import { isRowId } from '../db/row-id.js';
import { COMMANDS_BY_KIND_ORDER } from '../dispatch/dispatch-repository.js';
import { keyset, type KeysetOrder, type KeysetPage, type KeysetRow } from '../graphql/pagination.js';
import type { CommandRow, Database, ProgramEventRow, ProgramEventsTable, ProgramEventSiteRow, ProgramEventStatus, ProgramRow, ProgramsTable, SiteRow } from '../db/tables.js';

/** Programs, their enrollments, their events and each event's sites. */

type DbOrTrx = Db | Transaction<Database>;

export function insertProgram(db: DbOrTrx, values: Insertable<ProgramsTable>): Promise<ProgramRow> {
  return db.insertInto('programs').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findProgramsByIds(db: DbOrTrx, organizationId: string, ids: readonly string[]): Promise<ProgramRow[]> {
  const valid = ids.filter(isRowId);
  if (!valid.length) return Promise.resolve([]);
  return db.selectFrom('programs').selectAll().where('organization_id', '=', organizationId).where('id', 'in', valid).execute();
}

/** Programs newest first (then by id). */
const PROGRAM_ORDER: KeysetOrder = { name: 'programs', columns: [{ ref: 'created_at', type: 'timestamptz', desc: true }, { ref: 'id', type: 'uuid' }] };

export function listPrograms(db: DbOrTrx, organizationId: string, page: KeysetPage): Promise<(ProgramRow & KeysetRow)[]> {
  return keyset(db.selectFrom('programs').selectAll().where('organization_id', '=', organizationId), PROGRAM_ORDER, page).execute();
}

export async function countPrograms(db: DbOrTrx, organizationId: string): Promise<number> {
  const row = await db.selectFrom('programs').select((eb) => eb.fn.countAll<string | number>().as('n')).where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Enrolls the sites not enrolled yet; enrolling twice keeps the first enrollment's date. */
export async function enroll(db: DbOrTrx, programId: string, siteIds: readonly string[]): Promise<void> {
  for (let i = 0; i < siteIds.length; i += 1000) {
    await db
      .insertInto('program_enrollments')
      .values(siteIds.slice(i, i + 1000).map((siteId) => ({ program_id: programId, site_id: siteId })))
      .onConflict((oc) => oc.columns(['program_id', 'site_id']).doNothing())
      .execute();
  }
}

export async function unenroll(db: DbOrTrx, programId: string, siteIds: readonly string[]): Promise<void> {
  if (!siteIds.length) return;
  await db.deleteFrom('program_enrollments').where('program_id', '=', programId).where('site_id', 'in', [...siteIds]).execute();
}

/** Enrollments oldest first (then by site id). */
const ENROLLMENT_ORDER: KeysetOrder = {
  name: 'enrollments',
  columns: [
    { ref: 'program_enrollments.enrolled_at', type: 'timestamptz' },
    { ref: 'sites.id', type: 'uuid' },
  ],
};

function enrollmentsQuery(db: DbOrTrx, programId: string) {
  return db
    .selectFrom('program_enrollments')
    .innerJoin('sites', 'sites.id', 'program_enrollments.site_id')
    .selectAll('sites')
    .select('program_enrollments.enrolled_at')
    .where('program_enrollments.program_id', '=', programId);
}

/** Every enrolled site, oldest enrollment first. */
export function enrollments(db: DbOrTrx, programId: string): Promise<(SiteRow & { enrolled_at: Date })[]> {
  return enrollmentsQuery(db, programId).orderBy('program_enrollments.enrolled_at').orderBy('sites.id').execute();
}

export function enrollmentsPage(db: DbOrTrx, programId: string, page: KeysetPage): Promise<(SiteRow & { enrolled_at: Date } & KeysetRow)[]> {
  return keyset(enrollmentsQuery(db, programId), ENROLLMENT_ORDER, page).execute();
}

export async function countEnrollments(db: DbOrTrx, programId: string): Promise<number> {
  const row = await db.selectFrom('program_enrollments').select((eb) => eb.fn.countAll<string | number>().as('n')).where('program_id', '=', programId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertEvent(db: DbOrTrx, values: Insertable<ProgramEventsTable>): Promise<ProgramEventRow> {
  return db.insertInto('program_events').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findEvent(db: DbOrTrx, organizationId: string, eventId: string): Promise<ProgramEventRow | undefined> {
  if (!isRowId(eventId)) return Promise.resolve(undefined);
  return db.selectFrom('program_events').selectAll().where('organization_id', '=', organizationId).where('id', '=', eventId).executeTakeFirst();
}

/** The organization's events among `ids` (ids that are not row ids find nothing). */
export function eventsByIds(db: DbOrTrx, organizationId: string, ids: readonly string[]): Promise<ProgramEventRow[]> {
  const valid = ids.filter(isRowId);
  if (!valid.length) return Promise.resolve([]);
  return db.selectFrom('program_events').selectAll().where('organization_id', '=', organizationId).where('id', 'in', valid).execute();
}

/** Any organization's event: what the queue's workers act on. */
export function findEventById(db: DbOrTrx, eventId: string): Promise<ProgramEventRow | undefined> {
  return db.selectFrom('program_events').selectAll().where('id', '=', eventId).executeTakeFirst();
}

export function findEventByIdempotencyKey(db: DbOrTrx, organizationId: string, key: string): Promise<ProgramEventRow | undefined> {
  return db.selectFrom('program_events').selectAll().where('organization_id', '=', organizationId).where('idempotency_key', '=', key).executeTakeFirst();
}

/** Events latest start first (then by id). */
const EVENT_ORDER: KeysetOrder = { name: 'programEvents', columns: [{ ref: 'start_at', type: 'timestamptz', desc: true }, { ref: 'id', type: 'uuid' }] };

export function eventsOfProgram(db: DbOrTrx, programId: string, page: KeysetPage): Promise<(ProgramEventRow & KeysetRow)[]> {
  return keyset(db.selectFrom('program_events').selectAll().where('program_id', '=', programId), EVENT_ORDER, page).execute();
}

export async function countEventsOfProgram(db: DbOrTrx, programId: string): Promise<number> {
  const row = await db.selectFrom('program_events').select((eb) => eb.fn.countAll<string | number>().as('n')).where('program_id', '=', programId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Moves an event to `to` only from one of `from` (a start and a cancel racing cannot both win). */
export function transitionEvent(
  db: DbOrTrx,
  eventId: string,
  from: readonly ProgramEventStatus[],
  to: ProgramEventStatus,
  changes: { reason?: string | null; dispatch_id?: string; powerhub_dispatch_id?: string; cancelled_at?: Date } = {},
): Promise<ProgramEventRow | undefined> {
  return db
    .updateTable('program_events')
    .set({ status: to, updated_at: new Date(), ...changes })
    .where('id', '=', eventId)
    .where('status', 'in', [...from])
    .returningAll()
    .executeTakeFirst();
}

export async function freezePerformance(db: DbOrTrx, eventId: string, performance: object): Promise<void> {
  await db.updateTable('program_events').set({ performance: JSON.stringify(performance), updated_at: new Date() }).where('id', '=', eventId).execute();
}

export async function insertEventSites(db: DbOrTrx, rows: readonly ProgramEventSiteRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('program_event_sites').values(rows.slice(i, i + 1000)).execute();
}

export function eventSites(db: DbOrTrx, eventId: string): Promise<ProgramEventSiteRow[]> {
  return db.selectFrom('program_event_sites').selectAll().where('event_id', '=', eventId).orderBy('site_id').execute();
}

/** Flags a site the event stops steering; the first reason stays. Returns false when it was already flagged. */
export async function flagOverride(db: DbOrTrx, eventId: string, siteId: string, reason: string): Promise<boolean> {
  const row = await db
    .updateTable('program_event_sites')
    .set({ override: reason })
    .where('event_id', '=', eventId)
    .where('site_id', '=', siteId)
    .where('override', 'is', null)
    .returning('site_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function setPowerhubDelivered(db: DbOrTrx, eventId: string, siteId: string, deliveredKwh: number | null): Promise<void> {
  await db.updateTable('program_event_sites').set({ powerhub_delivered_kwh: deliveredKwh }).where('event_id', '=', eventId).where('site_id', '=', siteId).execute();
}

/**
 * For each site, another event (scheduled or active) or an ad-hoc dispatch (not cancelled, still
 * running) that overlaps [start, end): the first one found.
 */
export async function conflictsFor(db: DbOrTrx, siteIds: readonly string[], start: Date, end: Date): Promise<Map<string, string>> {
  const conflicts = new Map<string, string>();
  if (!siteIds.length) return conflicts;
  for (let i = 0; i < siteIds.length; i += 1000) {
    const batch = siteIds.slice(i, i + 1000);
    const events = await db
      .selectFrom('program_event_sites')
      .innerJoin('program_events', 'program_events.id', 'program_event_sites.event_id')
      .select(['program_event_sites.site_id', 'program_events.id'])
      .where('program_event_sites.site_id', 'in', batch)
      .where('program_event_sites.included', '=', true)
      .where('program_events.status', 'in', ['SCHEDULED', 'ACTIVE'])
      .where('program_events.start_at', '<', end)
      .where('program_events.end_at', '>', start)
      .execute();
    for (const row of events) if (!conflicts.has(row.site_id)) conflicts.set(row.site_id, `ProgramEvent:${row.id}`);
    const dispatches = await db
      .selectFrom('commands')
      .innerJoin('dispatches', 'dispatches.id', 'commands.dispatch_id')
      .select(['commands.target_id', 'dispatches.id'])
      .where('commands.target_id', 'in', batch)
      .where('commands.kind', '=', 'DISPATCH_SITE')
      .where('dispatches.cancelled_at', 'is', null)
      .where('dispatches.until', '>', start)
      .where('dispatches.created_at', '<', end)
      .execute();
    for (const row of dispatches) if (!conflicts.has(row.target_id)) conflicts.set(row.target_id, `Dispatch:${row.id}`);
  }
  return conflicts;
}

/** The local days of each site (as event start dates) that had another event: left out of X-of-Y baselines. */
export async function eventStartsOfSites(db: DbOrTrx, siteIds: readonly string[], since: Date, exceptEventId: string): Promise<{ site_id: string; start_at: Date }[]> {
  if (!siteIds.length) return [];
  return db
    .selectFrom('program_event_sites')
    .innerJoin('program_events', 'program_events.id', 'program_event_sites.event_id')
    .select(['program_event_sites.site_id', 'program_events.start_at'])
    .where('program_event_sites.site_id', 'in', [...siteIds])
    .where('program_event_sites.included', '=', true)
    .where('program_events.id', '!=', exceptEventId)
    .where('program_events.status', 'in', ['ACTIVE', 'COMPLETED', 'CANCELLED'])
    .where('program_events.start_at', '>=', since)
    .execute();
}

function commandsOfEventQuery(db: DbOrTrx, event: ProgramEventRow) {
  return db.selectFrom('commands').where((eb) => (event.dispatch_id ? eb.or([eb('program_event_id', '=', event.id), eb('dispatch_id', '=', event.dispatch_id)]) : eb('program_event_id', '=', event.id)));
}

export function commandsOfEvent(db: DbOrTrx, event: ProgramEventRow, page: KeysetPage): Promise<(CommandRow & KeysetRow)[]> {
  return keyset(commandsOfEventQuery(db, event).selectAll(), COMMANDS_BY_KIND_ORDER, page).execute();
}

export async function countCommandsOfEvent(db: DbOrTrx, event: ProgramEventRow): Promise<number> {
  const row = await commandsOfEventQuery(db, event).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
