import { sql } from 'kysely';
import type { Insertable, Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import { isRowId } from '../db/row-id.js';
import { keyset, type KeysetOrder, type KeysetPage, type KeysetRow } from '../graphql/pagination.js';
import type { CommandRow, CommandStatus, CommandsTable, Database } from '../db/tables.js';

type DbOrTrx = Db | Transaction<Database>;

export const TERMINAL_STATUSES: readonly CommandStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED'];

export interface CommandFilter {
  statuses?: readonly CommandStatus[] | null | undefined;
  kinds?: readonly string[] | null | undefined;
  targetId?: string | null | undefined;
  createdAfter?: Date | null | undefined;
  createdBefore?: Date | null | undefined;
}

export async function findCommandsByIds(db: Db, organizationId: string, ids: readonly string[]): Promise<CommandRow[]> {
  const valid = ids.filter(isRowId);
  if (!valid.length) return [];
  return db.selectFrom('commands').selectAll().where('organization_id', '=', organizationId).where('id', 'in', valid).execute();
}

export async function findCommandById(db: Db, id: string): Promise<CommandRow | undefined> {
  if (!isRowId(id)) return undefined;
  return db.selectFrom('commands').selectAll().where('id', '=', id).executeTakeFirst();
}

function filtered(db: Db, organizationId: string, filter: CommandFilter) {
  let q = db.selectFrom('commands').where('organization_id', '=', organizationId);
  if (filter.statuses?.length) q = q.where('status', 'in', [...filter.statuses]);
  if (filter.kinds?.length) q = q.where('kind', 'in', [...filter.kinds]);
  if (filter.targetId != null) q = q.where('target_id', '=', isRowId(filter.targetId) ? filter.targetId : '00000000-0000-0000-0000-000000000000');
  if (filter.createdAfter) q = q.where('created_at', '>=', filter.createdAfter);
  if (filter.createdBefore) q = q.where('created_at', '<', filter.createdBefore);
  return q;
}

/** Commands newest first (then by id). */
export const COMMAND_ORDER: KeysetOrder = { name: 'commands', columns: [{ ref: 'created_at', type: 'timestamptz', desc: true }, { ref: 'id', type: 'uuid' }] };

export async function listCommands(db: Db, organizationId: string, filter: CommandFilter, page: KeysetPage): Promise<(CommandRow & KeysetRow)[]> {
  return keyset(filtered(db, organizationId, filter).selectAll(), COMMAND_ORDER, page).execute();
}

export async function countCommands(db: Db, organizationId: string, filter: CommandFilter): Promise<number> {
  const row = await filtered(db, organizationId, filter).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Moves a command to `to` only from one of `from`: the state machine is enforced in the database,
 * so a cancel and a send racing each other cannot both win.
 */
export async function transitionCommand(
  db: DbOrTrx,
  id: string,
  from: readonly CommandStatus[],
  to: CommandStatus,
  changes: {
    reason?: string | null;
    incrementAttempts?: boolean;
    watchReads?: number | null;
    /** Also releases the lease (command-leases.ts) if this holder has it: one statement, not two. */
    releaseLeaseOf?: string;
  } = {},
): Promise<CommandRow | undefined> {
  const now = new Date();
  const holder = changes.releaseLeaseOf;
  return db
    .updateTable('commands')
    .set((eb) => ({
      status: to,
      updated_at: now,
      ...(changes.reason !== undefined ? { reason: changes.reason } : {}),
      ...(changes.incrementAttempts ? { attempts: eb('attempts', '+', 1) } : {}),
      ...(changes.watchReads !== undefined ? { watch_reads: changes.watchReads } : {}),
      ...(holder !== undefined
        ? {
            // Both read the row as it was before this update.
            lease_holder: sql<string | null>`case when lease_holder = ${holder} then null else lease_holder end`,
            leased_until: sql<Date | null>`case when lease_holder = ${holder} then null else leased_until end`,
          }
        : {}),
      ...(TERMINAL_STATUSES.includes(to) ? { completed_at: now } : {}),
    }))
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .returningAll()
    .executeTakeFirst();
}

export function insertCommand(db: DbOrTrx, row: Insertable<CommandsTable>): Promise<CommandRow> {
  return db.insertInto('commands').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Inserts commands in batches that keep each INSERT's parameter count well under Postgres' limit. */
export async function insertCommands(db: DbOrTrx, rows: readonly Insertable<CommandsTable>[]): Promise<CommandRow[]> {
  const inserted: CommandRow[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    inserted.push(...(await db.insertInto('commands').values(rows.slice(i, i + 500)).returningAll().execute()));
  }
  return inserted;
}

export function findCommandByIdempotencyKey(db: DbOrTrx, organizationId: string, kind: string, idempotencyKey: string): Promise<CommandRow | undefined> {
  return db.selectFrom('commands').selectAll().where('organization_id', '=', organizationId).where('kind', '=', kind).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
}

/** Commands not yet ended, by status, across organizations (the queue depth, for metrics). */
export async function openCommandCounts(db: DbOrTrx): Promise<{ status: string; count: number }[]> {
  const rows = await db
    .selectFrom('commands')
    .select((eb) => ['status', eb.fn.countAll<string | number>().as('count')])
    .where('status', 'not in', [...TERMINAL_STATUSES])
    .groupBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
}
