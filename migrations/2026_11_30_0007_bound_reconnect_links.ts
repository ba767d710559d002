import type { Kysely } from 'kysely';

/**
 * Reconnect links are bound to the Tesla account they were made for: a consent started from one
 * must come back with the same account (`sub`), and each link works once (its id is remembered
 * until it would have expired anyway).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connect_sessions').addColumn('expected_tesla_user_id', 'text').execute();
  await db.schema
    .createTable('used_reconnect_links')
    .addColumn('link_id', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('used_reconnect_links').execute();
  await db.schema.alterTable('connect_sessions').dropColumn('expected_tesla_user_id').execute();
}
