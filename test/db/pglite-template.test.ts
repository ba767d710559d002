import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { pgliteDirectory } from '../../src/db/pglite-template.js';
import { migrations } from '../../migrations/index.js';

// The first run may build the template (initdb + migrations): slow on a loaded 2-core machine.
describe('a fresh PGlite data directory starts from the template', { timeout: 120_000 }, () => {
  const dirs: string[] = [];
  const open: DatabaseHandle[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((handle) => handle.close()));
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  const freshDataDir = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'derms-template-'));
    dirs.push(dir);
    return dir;
  };
  const openIn = async (dataDir: string) => {
    const errors: Error[] = [];
    const handle = await openDatabase({ dataDir, onTemplateError: (error) => errors.push(error) });
    open.push(handle);
    return { handle, errors };
  };

  it('already migrated, with the job queue schema, and nothing left beside it', async () => {
    const dataDir = await freshDataDir();
    const { handle, errors } = await openIn(dataDir);
    expect(errors).toEqual([]);
    // Every migration was applied in the template: the migrator finds nothing to do.
    expect(await migrateToLatest(handle.db)).toEqual([]);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(handle.db);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    const boss = await sql<{ version: number }>`select version from pgboss.version`.execute(handle.db);
    expect(boss.rows).toHaveLength(1);
    // No data: a template is schema only.
    const organizations = await sql<{ n: number }>`select count(*)::int as n from organizations`.execute(handle.db);
    expect(organizations.rows[0]!.n).toBe(0);
    expect(await readdir(dataDir)).toEqual([path.basename(pgliteDirectory(dataDir))]);
  });

  it('leaves an existing data directory as it is', async () => {
    const dataDir = await freshDataDir();
    const first = await openIn(dataDir);
    await sql`create table kept (note text)`.execute(first.handle.db);
    await sql`insert into kept values ('still here')`.execute(first.handle.db);
    await first.handle.close();
    const again = await openIn(dataDir);
    expect(again.errors).toEqual([]);
    const kept = await sql<{ note: string }>`select note from kept`.execute(again.handle.db);
    expect(kept.rows).toEqual([{ note: 'still here' }]);
  });

  it('gives each data directory its own copy', async () => {
    const [a, b] = [await freshDataDir(), await freshDataDir()];
    const first = await openIn(a);
    await sql`create table only_in_a (x int)`.execute(first.handle.db);
    const second = await openIn(b);
    const found = await sql<{ t: string | null }>`select to_regclass('only_in_a')::text as t`.execute(second.handle.db);
    expect(found.rows[0]!.t).toBeNull();
  });
});
