import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Database } from './tables.js';

/**
 * A fresh PGlite data directory costs initdb (a second WASM Postgres bootstrapping the catalog,
 * written out file by file), every migration and pg-boss's schema: about 2 s of a 2-core machine,
 * the largest part of a cold `npm start`. For one PGlite build and one set of migrations the result
 * is the same files every time, so it is built once into a template, and every later fresh data
 * directory starts as a copy of it (about 1,100 files, 40 MB), then opens as an existing one.
 *
 * The template lives in node_modules/.cache (a build artifact, like vite's) under a key hashing the
 * PGlite, kysely and pg-boss versions and every file of migrations/: a changed or added migration
 * gives a new key, so a stale template is never used. The gateway still runs migrateToLatest after
 * opening, and pg-boss still checks its schema version, as on any existing directory. A template is
 * a cleanly closed cluster (never a copy of a running one), built in a temporary directory and
 * renamed into place, so a crash or a concurrent start never leaves a half-written one; a copy into
 * a data directory is renamed into place the same way. Any failure (read-only node_modules, no
 * space) falls back to what PGlite does without a template: initdb in the data directory.
 *
 * `npm install` builds the template ahead (the prepare script runs this file), so even the first
 * `npm start` copies it; a start that finds none (a migration added since) builds it first, once.
 * This module loads nothing heavy: PGlite, kysely and pg-boss only when a template is to be built,
 * so `npm start` can begin the copy (startSeeding) before loading the rest of the program.
 */

/** Bump when what goes into a template changes in a way the key does not see. */
const TEMPLATE_FORMAT = 1;
const ROOT = path.resolve(import.meta.dirname, '../..');
const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'derms-gateway');
const MIGRATIONS_DIR = path.join(ROOT, 'migrations');
/**
 * The schema the job queue gives pg-boss (src/commands/command-queue.ts). Were that to change, the
 * template would carry an unused schema, and pg-boss would install its own on first start as before.
 */
const PG_BOSS_SCHEMA = 'pgboss';
/** Templates of other migration sets kept besides the current one. */
const KEPT_OTHER_TEMPLATES = 2;
/** A build or copy left behind by a process that died is removed after this long. */
const STALE_BUILD_MS = 10 * 60_000;

const exists = (file: string) => stat(file).then(() => true, () => false);

async function packageVersion(name: string): Promise<string> {
  // The packages do not export their package.json: walk up from their entry point.
  let dir = path.dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    const file = path.join(dir, 'package.json');
    const pkg = await readFile(file, 'utf8').then((text) => JSON.parse(text) as { name?: string; version?: string }, () => undefined);
    if (pkg?.name === name && pkg.version) return pkg.version;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json for ${name}`);
    dir = parent;
  }
}

/** What the template's files depend on: the PGlite build, kysely's migrator, pg-boss, every migration's source. */
async function templateKey(): Promise<string> {
  const hash = createHash('sha256');
  const versions = await Promise.all(['@electric-sql/pglite', 'kysely', 'pg-boss'].map(async (name) => `${name} ${await packageVersion(name)}`));
  hash.update(`format ${TEMPLATE_FORMAT}\n${versions.join('\n')}\npg-boss schema ${PG_BOSS_SCHEMA}\n`);
  const files = (await readdir(MIGRATIONS_DIR, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  const names = files.map((entry) => path.relative(MIGRATIONS_DIR, path.join(entry.parentPath, entry.name))).sort();
  for (const name of names) {
    const content = await readFile(path.join(MIGRATIONS_DIR, name));
    hash.update(`${name}\n${content.length}\n`).update(content);
  }
  return hash.digest('hex').slice(0, 24);
}

/**
 * A recursive copy on a thread of its own: fs.promises.cp needs the main thread between each of its
 * several steps per file, and at start-up the main thread is busy loading modules (measured on 2
 * cores: 2.9 s instead of 0.7 s for the template). Copy-on-write where the filesystem supports it
 * (btrfs, xfs), a plain copy elsewhere.
 */
function copyTree(from: string, to: string): Promise<void> {
  const source = `
    const { cpSync, constants } = require('node:fs');
    const { workerData } = require('node:worker_threads');
    cpSync(workerData.from, workerData.to, { recursive: true, mode: constants.COPYFILE_FICLONE });`;
  return new Promise((resolve, reject) => {
    // execArgv: [] — plain CommonJS; none of the parent's preloads (tsx) in this thread.
    const worker = new Worker(source, { eval: true, workerData: { from, to }, execArgv: [] });
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the copy of ${from} stopped (exit code ${code})`))));
  });
}

const tempSuffix = () => `${process.pid}-${randomBytes(4).toString('hex')}`;

/** Builds the template (initdb, migrations, pg-boss's schema; cleanly closed) unless it exists; resolves with its path. */
async function ensureTemplate(): Promise<string> {
  const key = await templateKey();
  const template = path.join(CACHE_DIR, `pglite-${key}`);
  if (await exists(path.join(template, 'PG_VERSION'))) return template;
  await mkdir(CACHE_DIR, { recursive: true });
  const building = `${template}.build-${tempSuffix()}`;
  try {
    const [{ PGlite }, { Kysely, PGliteDialect }, { migrateToLatest }, { default: PgBoss }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('kysely'),
      import('./migrate.js'),
      import('pg-boss'),
    ]);
    const pglite = new PGlite(building);
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
    try {
      await migrateToLatest(db);
      // What the job queue's first start installs (pg-boss's own schema, the SQL its start() runs on
      // an empty database; its start() then finds it at its version). Queues are not created here:
      // their options come from the configuration.
      await pglite.exec(PgBoss.getConstructionPlans(PG_BOSS_SCHEMA));
    } finally {
      await db.destroy(); // closes PGlite: a clean shutdown, the cluster consistent on disk
    }
    // Atomic: the template appears whole or not at all. Another process may have won the race.
    await rename(building, template).catch(async (error: NodeJS.ErrnoException) => {
      if (!(await exists(path.join(template, 'PG_VERSION')))) throw error;
    });
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  await pruneOtherTemplates(path.basename(template));
  return template;
}

/**
 * Best effort: templates of older migration sets (40 MB each) beyond the most recent few (other
 * checkouts sharing this node_modules may still use theirs), and builds abandoned long ago.
 */
async function pruneOtherTemplates(current: string): Promise<void> {
  const entries = (await readdir(CACHE_DIR).catch(() => [] as string[])).filter((e) => e.startsWith('pglite-') && e !== current);
  const aged = await Promise.all(entries.map(async (entry) => ({ entry, age: await stat(path.join(CACHE_DIR, entry)).then((s) => Date.now() - s.mtimeMs, () => 0) })));
  const builds = aged.filter((e) => e.entry.includes('.build-'));
  const others = aged.filter((e) => !e.entry.includes('.build-')).sort((a, b) => a.age - b.age);
  const doomed = [...builds.filter((e) => e.age >= STALE_BUILD_MS), ...others.slice(KEPT_OTHER_TEMPLATES)];
  await Promise.all(doomed.map(({ entry }) => rm(path.join(CACHE_DIR, entry), { recursive: true, force: true }).catch(() => {})));
}

/** Copies into `dataDir` left by a process killed while copying (40 MB each). */
async function removeAbandonedCopies(dataDir: string): Promise<void> {
  const prefix = `${path.basename(dataDir)}.seed-`;
  const entries = await readdir(path.dirname(dataDir)).catch(() => [] as string[]);
  for (const entry of entries.filter((e) => e.startsWith(prefix))) {
    const file = path.join(path.dirname(dataDir), entry);
    const age = await stat(file).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age >= STALE_BUILD_MS) await rm(file, { recursive: true, force: true }).catch(() => {});
  }
}

/** PGlite's own directory inside DATA_DIR. */
export function pgliteDirectory(dataDir: string): string {
  return path.resolve(dataDir, 'pglite');
}

type SeedOutcome = { seeded: boolean; error?: Error };

/** Seedings started ahead (startSeeding), each picked up once by seedFromTemplate. */
const started = new Map<string, Promise<SeedOutcome>>();

/**
 * Begins seedFromTemplate's work now, e.g. while the rest of the program loads; the database's
 * seedFromTemplate for the same directory then waits for it instead of starting another.
 */
export function startSeeding(dataDir: string): void {
  if (!started.has(dataDir)) started.set(dataDir, seed(dataDir));
}

/**
 * Makes `dataDir` (PGlite's own directory, not yet opened) a migrated cluster copied from the
 * template, if it does not hold one yet. Resolves true when seeded; false when it already held a
 * cluster or something else, or when the template failed (`onError` says why): PGlite then runs
 * initdb in it as it would without a template.
 */
export async function seedFromTemplate(dataDir: string, onError?: (error: Error) => void): Promise<boolean> {
  const ahead = started.get(dataDir);
  started.delete(dataDir);
  const { seeded, error } = await (ahead ?? seed(dataDir));
  if (error) onError?.(error);
  return seeded;
}

async function seed(dataDir: string): Promise<SeedOutcome> {
  const existing = await readdir(dataDir).catch(() => null);
  if (existing?.length) return { seeded: false }; // an existing cluster, or something to leave alone
  const seeding = `${dataDir}.seed-${tempSuffix()}`;
  try {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await removeAbandonedCopies(dataDir);
    const template = await ensureTemplate();
    await copyTree(template, seeding);
    if (existing) await rmdir(dataDir); // an empty directory, e.g. made by an earlier version
    await rename(seeding, dataDir);
    return { seeded: true };
  } catch (error) {
    return { seeded: false, error: error instanceof Error ? error : new Error(String(error)) };
  } finally {
    await rm(seeding, { recursive: true, force: true }).catch(() => {});
  }
}

// `node --import tsx src/db/pglite-template.ts` (npm install's prepare): builds the template now.
// Never fails the install: without a template, the first start builds it.
if (process.argv[1]?.endsWith(path.join('db', 'pglite-template.ts'))) {
  ensureTemplate().then(
    (template) => process.stdout.write(`PGlite template ready: ${path.relative(ROOT, template)}\n`),
    (error: unknown) => process.stderr.write(`warning: no PGlite template built (the first start builds it): ${error instanceof Error ? error.message : String(error)}\n`),
  );
}
