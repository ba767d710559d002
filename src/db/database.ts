import { mkdir } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { pgliteDirectory, seedFromTemplate } from './pglite-template.js';
import type { Logger } from '../observability/logger.js';
import type { Database } from './tables.js';

// PGlite, kysely and pg load when a database opens, not with this module: `npm start` opens the
// embedded database while the rest of the program (kysely's 250 modules among it) still loads.

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** Real Postgres when set. */
  databaseUrl?: string | undefined;
  /** Where the embedded PGlite keeps its files; omitted → in memory (tests). */
  dataDir?: string | undefined;
  /** Errors of idle pooled connections (e.g. Postgres restarted); without a listener they crash the process. */
  onIdleError?: (error: Error) => void;
  /** Why a fresh data directory could not start from the template (src/db/pglite-template.ts); start-up goes on without it. */
  onTemplateError?: (error: Error) => void;
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

/** DatabaseOptions' callbacks, logged. */
export function loggedDatabaseEvents(logger: Pick<Logger, 'warn'>): Pick<DatabaseOptions, 'onIdleError' | 'onTemplateError'> {
  return {
    onIdleError: (error) => logger.warn({ err: error }, 'an idle database connection failed; the pool replaces it'),
    onTemplateError: (error) => logger.warn({ err: error }, 'could not start the fresh data directory from the PGlite template; running initdb instead'),
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const [{ default: pg }, { Kysely, PostgresDialect }] = await Promise.all([import('pg'), import('kysely')]);
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
  const pgliteModule = import('@electric-sql/pglite'); // loads while a fresh directory is seeded
  pgliteModule.catch(() => {}); // awaited below
  let dataDir: string | undefined;
  if (options.dataDir) {
    dataDir = pgliteDirectory(options.dataDir);
    await mkdir(options.dataDir, { recursive: true });
    // A fresh directory starts as a copy of an initialised, migrated cluster instead of running initdb.
    if (!(await seedFromTemplate(dataDir, options.onTemplateError))) await mkdir(dataDir, { recursive: true });
  }
  const { PGlite } = await pgliteModule;
  const pglite = new PGlite(dataDir);
  const [{ Kysely, PGliteDialect }] = await Promise.all([import('kysely'), pglite.waitReady]);
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  let closing: Promise<void> | undefined;
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
    close: () =>
      (closing ??= (async () => {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
      })()),
  };
}
