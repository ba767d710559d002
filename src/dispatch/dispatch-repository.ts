import type { Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import { isRowId } from '../db/row-id.js';
import { keyset, type KeysetOrder, type KeysetPage, type KeysetRow } from '../graphql/pagination.js';
import type { CommandRow, CommandStatus, Database, DispatchRow, DispatchesTable } from '../db/tables.js';
import type { Insertable } from 'kysely';
import type { SettingsSnapshot } from './dispatch-plan.js';

/** The dispatches table, its settings snapshots, and the reads of a dispatch's commands. */

type DbOrTrx = Db | Transaction<Database>;

export function insertDispatch(db: DbOrTrx, values: Insertable<DispatchesTable>): Promise<DispatchRow> {
  return db.insertInto('dispatches').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findDispatch(db: DbOrTrx, organizationId: string, dispatchId: string): Promise<DispatchRow | undefined> {
  if (!isRowId(dispatchId)) return Promise.resolve(undefined);
  return db.selectFrom('dispatches').selectAll().where('organization_id', '=', organizationId).where('id', '=', dispatchId).executeTakeFirst();
}

/** The organization's dispatches among `ids` (ids that are not row ids find nothing). */
export function dispatchesByIds(db: DbOrTrx, organizationId: string, ids: readonly string[]): Promise<DispatchRow[]> {
  const valid = ids.filter(isRowId);
  if (!valid.length) return Promise.resolve([]);
  return db.selectFrom('dispatches').selectAll().where('organization_id', '=', organizationId).where('id', 'in', valid).execute();
}

export function findDispatchByIdempotencyKey(db: DbOrTrx, organizationId: string, idempotencyKey: string): Promise<DispatchRow | undefined> {
  return db.selectFrom('dispatches').selectAll().where('organization_id', '=', organizationId).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
}

export async function isDispatchCancelled(db: DbOrTrx, dispatchId: string): Promise<boolean> {
  const row = await db.selectFrom('dispatches').select('cancelled_at').where('id', '=', dispatchId).executeTakeFirst();
  return !row || row.cancelled_at !== null;
}

export function markDispatchCancelled(db: DbOrTrx, dispatchId: string): Promise<DispatchRow> {
  return db.updateTable('dispatches').set({ cancelled_at: new Date() }).where('id', '=', dispatchId).returningAll().executeTakeFirstOrThrow();
}

export function siteCommandsOf(db: DbOrTrx, dispatchId: string): Promise<CommandRow[]> {
  return db.selectFrom('commands').selectAll().where('dispatch_id', '=', dispatchId).where('kind', '=', 'DISPATCH_SITE').execute();
}

/** The restores still to run: all of the dispatch's, or one site's. */
export function queuedRestoreIds(db: DbOrTrx, dispatchId: string, siteId?: string): Promise<{ id: string }[]> {
  let q = db.selectFrom('commands').select('id').where('dispatch_id', '=', dispatchId).where('kind', '=', 'RESTORE_SITE').where('status', '=', 'QUEUED');
  if (siteId) q = q.where('target_id', '=', siteId);
  return q.execute();
}

/** Every site not yet dispatched, in one statement (10 000 of them at worst), not one per command. */
export function cancelQueuedSiteCommands(db: DbOrTrx, dispatchId: string, reason: string): Promise<CommandRow[]> {
  const now = new Date();
  return db
    .updateTable('commands')
    .set({ status: 'CANCELLED', reason, updated_at: now, completed_at: now })
    .where('dispatch_id', '=', dispatchId)
    .where('kind', '=', 'DISPATCH_SITE')
    .where('status', '=', 'QUEUED')
    .returningAll()
    .execute();
}

/** The status of the site's lever step in a dispatch (a restore waits while it is SENT). */
export async function siteStepStatus(db: DbOrTrx, dispatchId: string, siteId: string): Promise<CommandStatus | undefined> {
  const step = await db.selectFrom('commands').select('status').where('dispatch_id', '=', dispatchId).where('kind', '=', 'DISPATCH_SITE').where('target_id', '=', siteId).executeTakeFirst();
  return step?.status;
}

export async function commandCountsByKindAndStatus(db: DbOrTrx, dispatchId: string): Promise<{ kind: string; status: CommandStatus; count: number }[]> {
  const rows = await db
    .selectFrom('commands')
    .select(['kind', 'status', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('dispatch_id', '=', dispatchId)
    .groupBy(['kind', 'status'])
    .execute();
  return rows.map((r) => ({ kind: r.kind, status: r.status, count: Number(r.n) }));
}

/** A dispatch's or an event's commands: by kind, then oldest first. */
export const COMMANDS_BY_KIND_ORDER: KeysetOrder = {
  name: 'commandsByKind',
  columns: [
    { ref: 'kind', type: 'text' },
    { ref: 'created_at', type: 'timestamptz' },
    { ref: 'id', type: 'uuid' },
  ],
};

export function commandsOf(db: DbOrTrx, dispatchId: string, page: KeysetPage): Promise<(CommandRow & KeysetRow)[]> {
  return keyset(db.selectFrom('commands').selectAll().where('dispatch_id', '=', dispatchId), COMMANDS_BY_KIND_ORDER, page).execute();
}

export async function countCommandsOf(db: DbOrTrx, dispatchId: string): Promise<number> {
  const row = await db.selectFrom('commands').select((eb) => eb.fn.countAll<string | number>().as('n')).where('dispatch_id', '=', dispatchId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Stores the customer's settings as first seen by the dispatch, once: a re-run of the step (after
 * a crash) keeps the first snapshot, taken before any lever moved. Returns the stored one.
 */
export async function keepFirstSnapshot(db: DbOrTrx, dispatchId: string, siteId: string, snapshot: SettingsSnapshot): Promise<SettingsSnapshot> {
  const inserted = await db
    .insertInto('dispatch_snapshots')
    .values({ dispatch_id: dispatchId, site_id: siteId, settings: JSON.stringify(snapshot) })
    .onConflict((oc) => oc.columns(['dispatch_id', 'site_id']).doNothing())
    .returning('settings')
    .executeTakeFirst();
  // Nothing inserted: an earlier run of the step kept the first one, which stands.
  return inserted ? (inserted.settings as unknown as SettingsSnapshot) : (await findSnapshot(db, dispatchId, siteId))!;
}

export async function findSnapshot(db: DbOrTrx, dispatchId: string, siteId: string): Promise<SettingsSnapshot | undefined> {
  const row = await db.selectFrom('dispatch_snapshots').select('settings').where('dispatch_id', '=', dispatchId).where('site_id', '=', siteId).executeTakeFirst();
  return row ? (row.settings as unknown as SettingsSnapshot) : undefined;
}
