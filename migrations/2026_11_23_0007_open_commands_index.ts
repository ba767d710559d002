import { sql, type Kysely } from 'kysely';

/** The queue-depth gauge counts commands not yet ended on every scrape: a small partial index serves it. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('commands_open')
    .on('commands')
    .column('status')
    .where(sql.ref('status'), 'in', ['PENDING', 'QUEUED', 'SENT'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('commands_open').execute();
}
