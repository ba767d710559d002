import type { Kysely } from 'kysely';

/**
 * How many reads a sent command has made while watching its effect appear (null: not watching). A
 * dispatch step watches its battery respond from delayed jobs instead of holding a worker through
 * the verification interval, and this count survives a restart between two reads.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('commands').addColumn('watch_reads', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('commands').dropColumn('watch_reads').execute();
}
