import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './tables.js';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** Real Postgres when set. */
  databaseUrl?: string | undefined;
  /** Where the embedded PGlite keeps its files; omitted → in memory (tests). */
  dataDir?: string | undefined;
  /** Errors of idle pooled connections (e.g. Postgres restarted); without a listener they crash the process. */
  onIdleError?: (error: Error) => void;
}

/** Plain SQL for libraries that bring their own (the job queue): `$1` placeholders, several statements when no values. */
export interface RawSqlExecutor {
  executeSql(text: string, values: unknown[]): Promise<{ rows: any[] }>;
}

export interface DatabaseHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  raw: RawSqlExecutor;
  /** Cheap round trip used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      // Without it an exhausted pool makes requests hang forever (brianc/node-postgres#2704). Long
      // enough that a burst (10,000 homeowner apps subscribing at once: a few queries each) waits
      // its turn rather than failing; the bench measured 5 s failing a third of such a burst.
      connectionTimeoutMillis: 30_000,
      idleTimeoutMillis: 10_000,
    });
    pool.on('error', (error) => options.onIdleError?.(error));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      raw: { executeSql: async (text, values = []) => pool.query(text, values) },
      ping: async () => void (await pool.query('select 1')),
      close: () => db.destroy(),
    };
  }
  let dataDir: string | undefined;
  if (options.dataDir) {
    dataDir = path.resolve(options.dataDir, 'pglite');
    await mkdir(dataDir, { recursive: true });
  }
  const pglite = new PGlite(dataDir);
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    // PGlite's query() takes one statement; exec() takes scripts (the queue's schema migrations).
    // PGlite serialises both with kysely's transactions on its single session.
    raw: {
      executeSql: async (text, values = []) => {
        if (values.length) return pglite.query(text, values);
        const results = await pglite.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      },
    },
    ping: async () => void (await pglite.query('select 1')),
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
