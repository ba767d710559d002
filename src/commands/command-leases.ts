import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { LeasedCommand } from './command-handler.js';
import { TERMINAL_STATUSES } from './command-repository.js';

/**
 * A command is run by one delivery of its job at a time. pg-boss hands a job out again once it
 * outlives `expireInSeconds` (that is how a crashed worker's job comes back), but it cannot tell a
 * dead worker from a slow one — Tesla taking 10 s to answer a write, a car taking a minute to wake.
 * The lease (on the database's clock, so instances need not agree on time) tells them apart: the
 * running delivery renews it, a dead one stops renewing and it lapses.
 *
 * Claims the lease of an unsettled command and returns the command as it is under the lease;
 * undefined when it is settled, gone, or leased by another delivery.
 */
export async function claimCommandLease(db: Db, commandId: string, holder: string, leaseMs: number): Promise<LeasedCommand | undefined> {
  // One statement claims the lease and reads the command under it (and whether its dispatch was
  // cancelled, which a dispatch step checks first): a settled command is not claimed.
  return db
    .updateTable('commands')
    .set({ lease_holder: holder, leased_until: sql<Date>`now() + ${leaseMs}::int * interval '1 millisecond'` })
    .where('id', '=', commandId)
    .where('status', 'not in', [...TERMINAL_STATUSES])
    .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', sql<Date>`now()`), eb('lease_holder', '=', holder)]))
    .returningAll()
    .returning((eb) => eb.selectFrom('dispatches').select('dispatches.cancelled_at').whereRef('dispatches.id', '=', 'commands.dispatch_id').as('dispatch_cancelled_at'))
    .executeTakeFirst();
}

/** Extends the holder's lease; false when it was lost (it lapsed and another delivery took it). */
export async function renewCommandLease(db: Db, commandId: string, holder: string, leaseMs: number): Promise<boolean> {
  const renewed = await db
    .updateTable('commands')
    .set({ leased_until: sql<Date>`now() + ${leaseMs}::int * interval '1 millisecond'` })
    .where('id', '=', commandId)
    .where('lease_holder', '=', holder)
    .returning('id')
    .executeTakeFirst();
  return renewed !== undefined;
}

export async function releaseCommandLease(db: Db, commandId: string, holder: string): Promise<void> {
  await db.updateTable('commands').set({ lease_holder: null, leased_until: null }).where('id', '=', commandId).where('lease_holder', '=', holder).execute();
}
