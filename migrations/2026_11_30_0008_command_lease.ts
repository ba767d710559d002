import type { Kysely } from 'kysely';

/**
 * Which delivery of a command's job is running it, and until when (renewed while it runs). The job
 * queue hands a job out again once it outlives its expiry — how a crashed worker's job comes back —
 * and a worker that is only slow must not be joined by a second one sending the same levers.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('commands').addColumn('lease_holder', 'text').addColumn('leased_until', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('commands').dropColumn('lease_holder').dropColumn('leased_until').execute();
}
