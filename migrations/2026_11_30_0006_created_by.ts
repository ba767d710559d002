import type { Kysely } from 'kysely';

/**
 * Audit: the API key that asked for a command, a dispatch or a program event (null for what the
 * gateway started itself, e.g. a restore after an event, and for rows older than this column).
 * Commands of a dispatch or event carry its creator.
 */
const TABLES = ['commands', 'dispatches', 'program_events'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await db.schema.alterTable(table).addColumn('created_by_api_key_id', 'uuid', (c) => c.references('api_keys.id')).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await db.schema.alterTable(table).dropColumn('created_by_api_key_id').execute();
}
