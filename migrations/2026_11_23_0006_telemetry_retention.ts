import { sql, type Kysely } from 'kysely';

/** Retention deletes samples by age: a BRIN index suits an append-mostly time series and stays tiny. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index telemetry_samples_sampled_at on telemetry_samples using brin (sampled_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('telemetry_samples_sampled_at').execute();
}
