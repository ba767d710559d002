import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/**
 * A command is run by one delivery of its job at a time. pg-boss hands a job out again once it
 * outlives `expireInSeconds` (that is how a crashed worker's job comes back), but it cannot tell a
 * dead worker from a slow one — Tesla taking 10 s to answer a write, a car taking a minute to wake.
 * The lease (on the database's clock, so instances need not agree on time) tells them apart: the
 * running delivery renews it, a dead one stops renewing and it lapses.
 */
export async function claimCommandLease(db: Db, commandId: string, holder: string, leaseMs: number): Promise<boolean> {
  const claimed = await db
    .updateTable('commands')
    .set({ lease_holder: holder, leased_until: sql<Date>`now() + ${leaseMs}::int * interval '1 millisecond'` })
    .where('id', '=', commandId)
    .where((eb) => eb.or([eb('leased_until', 'is', null), eb('leased_until', '<', sql<Date>`now()`), eb('lease_holder', '=', holder)]))
    .returning('id')
    .executeTakeFirst();
  return claimed !== undefined;
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
