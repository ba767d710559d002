import { sql, type Kysely } from 'kysely';

/** Durable control actions: every command is stored before anything is sent to Tesla. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('commands')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'uuid', (c) => c.notNull())
    .addColumn('connection_id', 'uuid', (c) => c.notNull().references('tesla_connections.id').onDelete('cascade'))
    .addColumn('parameters', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('PENDING'))
    .addColumn('reason', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('idempotency_key', 'text')
    // What the idempotency key was first used for: a replay with different input is refused.
    .addColumn('request_fingerprint', 'text')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('commands_org_created').on('commands').columns(['organization_id', 'created_at']).execute();
  await db.schema.createIndex('commands_target').on('commands').columns(['target_id', 'created_at']).execute();
  await db.schema
    .createIndex('commands_idempotency')
    .on('commands')
    .columns(['organization_id', 'kind', 'idempotency_key'])
    .unique()
    .where(sql.ref('idempotency_key'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('commands').execute();
}
