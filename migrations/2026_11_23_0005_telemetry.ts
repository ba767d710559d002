import { sql, type Kysely } from 'kysely';

/**
 * Telemetry history: every polled live-status sample, plus Tesla's calendar_history buckets for
 * ranges older than what was polled (fetched once per site and local day, then kept).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('telemetry_samples')
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('POLL', 'CALENDAR_HISTORY')`))
    .addColumn('sampled_at', 'timestamptz', (c) => c.notNull())
    // Seconds the values average over: 0 for an instantaneous poll, 300 for a 5-minute bucket.
    .addColumn('period_s', 'integer', (c) => c.notNull())
    .addColumn('solar_power_w', 'double precision')
    .addColumn('battery_power_w', 'double precision')
    .addColumn('load_power_w', 'double precision')
    .addColumn('grid_power_w', 'double precision')
    .addColumn('percentage_charged', 'double precision')
    .addColumn('energy_left_wh', 'double precision')
    .addColumn('grid_status', 'text')
    .addPrimaryKeyConstraint('telemetry_samples_pk', ['site_id', 'sampled_at', 'source'])
    .execute();
  await db.schema
    .createTable('telemetry_backfills')
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('local_day', 'date', (c) => c.notNull())
    .addColumn('bucket_count', 'integer', (c) => c.notNull())
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('telemetry_backfills_pk', ['site_id', 'local_day'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('telemetry_backfills').execute();
  await db.schema.dropTable('telemetry_samples').execute();
}
