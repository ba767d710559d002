import { Migrator } from 'kysely/migration';
import { migrations } from '../../migrations/index.js';
import type { Db } from './database.js';

/** Runs every pending migration; kysely's lock makes concurrent starts of several instances safe. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${String(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
