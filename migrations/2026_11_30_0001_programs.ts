import { sql, type Kysely } from 'kysely';

/**
 * Grid programs (DESIGN §11): a program enrolls sites; an event on a schedule moves the enrolled
 * sites it targets; its measured performance is frozen at completion, apart from telemetry (whose
 * retention must never change a settled figure).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('programs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('transport', 'text', (c) => c.notNull())
    .addColumn('baseline', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('programs_organization').on('programs').columns(['organization_id', 'created_at']).execute();

  await db.schema
    .createTable('program_enrollments')
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('enrolled_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('program_enrollments_pk', ['program_id', 'site_id'])
    .execute();

  await db.schema
    .createTable('program_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('program_id', 'uuid', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('start_at', 'timestamptz', (c) => c.notNull())
    .addColumn('end_at', 'timestamptz', (c) => c.notNull())
    .addColumn('target_kw', 'double precision')
    .addColumn('requested_kw', 'double precision', (c) => c.notNull())
    .addColumn('baseline', 'jsonb', (c) => c.notNull())
    .addColumn('enable_grid_interaction', 'boolean', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('dispatch_id', 'uuid', (c) => c.references('dispatches.id').onDelete('set null'))
    .addColumn('powerhub_dispatch_id', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('request_fingerprint', 'text', (c) => c.notNull())
    .addColumn('performance', 'jsonb')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('program_events_program').on('program_events').columns(['program_id', 'start_at']).execute();
  await db.schema
    .createIndex('program_events_idempotency')
    .on('program_events')
    .columns(['organization_id', 'idempotency_key'])
    .unique()
    .where(sql.ref('idempotency_key'), 'is not', null)
    .execute();

  // The sites an event moves, and those it left out (a conflict) or stopped steering (an override).
  await db.schema
    .createTable('program_event_sites')
    .addColumn('event_id', 'uuid', (c) => c.notNull().references('program_events.id').onDelete('cascade'))
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('included', 'boolean', (c) => c.notNull())
    .addColumn('conflict_id', 'text')
    .addColumn('override', 'text')
    .addColumn('powerhub_delivered_kwh', 'double precision')
    .addPrimaryKeyConstraint('program_event_sites_pk', ['event_id', 'site_id'])
    .execute();
  await db.schema.createIndex('program_event_sites_site').on('program_event_sites').columns(['site_id']).execute();
  // A POWERHUB event's per-site acknowledgements are commands of the event (a FLEET_API event's are its dispatch's).
  await db.schema.alterTable('commands').addColumn('program_event_id', 'uuid', (c) => c.references('program_events.id').onDelete('cascade')).execute();
  await db.schema.createIndex('commands_program_event').on('commands').columns(['program_event_id']).where(sql.ref('program_event_id'), 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('commands').dropColumn('program_event_id').execute();
  await db.schema.dropTable('program_event_sites').execute();
  await db.schema.dropTable('program_events').execute();
  await db.schema.dropTable('program_enrollments').execute();
  await db.schema.dropTable('programs').execute();
}
