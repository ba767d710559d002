import { sql, type Kysely } from 'kysely';

/** Battery dispatches: one per mutation, a command per site, and the settings to restore. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dispatches')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('power_kw', 'double precision')
    .addColumn('until', 'timestamptz', (c) => c.notNull())
    .addColumn('enable_grid_interaction', 'boolean', (c) => c.notNull())
    .addColumn('site_count', 'integer', (c) => c.notNull())
    .addColumn('idempotency_key', 'text')
    .addColumn('request_fingerprint', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('dispatches_idempotency')
    .on('dispatches')
    .columns(['organization_id', 'idempotency_key'])
    .unique()
    .where(sql.ref('idempotency_key'), 'is not', null)
    .execute();
  await db.schema.alterTable('commands').addColumn('dispatch_id', 'uuid', (c) => c.references('dispatches.id').onDelete('cascade')).execute();
  await db.schema.createIndex('commands_dispatch').on('commands').columns(['dispatch_id', 'status']).execute();
  // Taken once, before the first lever moves; a re-run of the step never overwrites it.
  await db.schema
    .createTable('dispatch_snapshots')
    .addColumn('dispatch_id', 'uuid', (c) => c.notNull().references('dispatches.id').onDelete('cascade'))
    .addColumn('site_id', 'uuid', (c) => c.notNull())
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('dispatch_snapshots_pk', ['dispatch_id', 'site_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dispatch_snapshots').execute();
  await db.schema.alterTable('commands').dropColumn('dispatch_id').execute();
  await db.schema.dropTable('dispatches').execute();
}
