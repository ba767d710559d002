import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelDispatchDocument, DispatchBatteryDocument, DispatchByIdDocument } from '../../schema/generated/graphql.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { SUMMER_AFTERNOON } from '../helpers/fixtures.js';
import { executeOperation } from '../helpers/graphql-client.js';
import { SimulatorAdmin } from '../helpers/simulator-admin.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const root = path.resolve(import.meta.dirname, '../..');
const SITES = 500;
const LEVER_ENDPOINTS = ['backup', 'operation', 'grid_import_export', 'time_of_use_settings'];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The gateway as a real process (`src/main.ts`), killed with SIGKILL mid-dispatch and started again
 * on the same database: every command must end, no lever may be sent twice, and the restore must
 * still happen.
 */
describe('a gateway killed during a 500-site dispatch', () => {
  let simulator: RunningSimulator;
  let sim: SimulatorAdmin;
  let database: TestDatabase;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let url: string;
  let child: ChildProcess | undefined;
  const apiKey = `dgw_${randomBytes(24).toString('base64url')}`;
  const output: string[] = [];

  const startGateway = async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
    proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`gateway exited: ${output.join('').slice(-2000)}`);
      const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200).catch(() => false);
      if (ready) return proc;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`gateway not ready: ${output.join('').slice(-2000)}`);
  };

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, seed: 42, speed: 60, startTime: SUMMER_AFTERNOON, largeAccountSites: SITES, rateLimits: { dataPerMinute: 0, commandsPerMinute: 0 } });
    sim = new SimulatorAdmin(simulator.url);
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'derms-crash-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = {
      PATH: process.env['PATH'],
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      DATA_DIR: dataDir,
      ...(database.url ? { DATABASE_URL: database.url } : {}),
      ...(process.env['REDIS_URL'] ? { REDIS_URL: process.env['REDIS_URL'] } : {}),
      TESLA_MODE: 'sandbox',
      SIMULATOR_URL: simulator.url,
      SANDBOX_ACCOUNT: 'large',
      BOOTSTRAP_API_KEY: apiKey,
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      COMMAND_CONCURRENCY: '16',
      COMMAND_POLL_INTERVAL_S: '0.5',
      COMMAND_JOB_EXPIRE_S: '5',
      COMMAND_QUEUE_MAINTENANCE_S: '1',
      DISPATCH_VERIFY_INTERVAL_S: '1',
      DISPATCH_VERIFY_POLLS: '2',
      UPSTREAM_CACHE_TTL_S: '1',
    };
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await simulator?.close();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const progress = async (id: string) => (await executeOperation(url, DispatchByIdDocument, { id }, apiKey)).data!.dispatch.progress;
  const waitFor = async (read: () => Promise<boolean>, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await read())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };

  it('ends every command, sends no lever twice, and still restores', { timeout: 420_000 }, async () => {
    child = await startGateway();
    const listing = await executeOperation(url, `query { sites(first: 500) { totalCount edges { node { id energySiteId } } } }`, {}, apiKey);
    const sites = (listing.data as { sites: { totalCount: number; edges: { node: { id: string; energySiteId: string } }[] } }).sites;
    expect(sites.totalCount).toBe(SITES);

    const created = await executeOperation(
      url,
      DispatchBatteryDocument,
      { input: { siteIds: sites.edges.map((e) => e.node.id), mode: 'DISCHARGE', enableGridInteraction: true, until: new Date(Date.now() + 3600_000).toISOString() } },
      apiKey,
    );
    expect(created.errors).toBeUndefined();
    const dispatchId = created.data!.dispatchBattery.dispatch.id;
    expect(created.data!.dispatchBattery.commands).toHaveLength(SITES);

    // Let the workers get going, then pull the plug.
    await waitFor(async () => {
      const p = await progress(dispatchId);
      return p.succeeded + p.failed >= 30;
    }, 180_000, 'the first sites to be dispatched');
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const atKill = await sim.counters();

    child = await startGateway();
    await waitFor(async () => {
      const p = await progress(dispatchId);
      return p.queued + p.sent === 0;
    }, 300_000, 'every dispatch command to end');
    const final = await progress(dispatchId);
    expect(final.total).toBe(SITES);
    expect(final.succeeded + final.failed + final.expired + final.cancelled).toBe(SITES);
    expect(final.succeeded).toBeGreaterThan(SITES / 2);

    const counters = await sim.counters();
    expect(counters.total).toBeGreaterThan(atKill.total); // the restarted gateway carried on
    for (const { energySiteId } of sites.edges.map((e) => e.node)) {
      for (const endpoint of LEVER_ENDPOINTS) expect(counters.byEndpointAndDevice[`${endpoint}:${energySiteId}`] ?? 0, `${endpoint}:${energySiteId}`).toBeLessThanOrEqual(1);
    }

    // The restore jobs survived the crash too.
    await executeOperation(url, CancelDispatchDocument, { input: { dispatchId } }, apiKey);
    await waitFor(async () => (await progress(dispatchId)).restoresPending === 0, 240_000, 'every restore');
    const sample = sites.edges.slice(0, 5).map((e) => e.node.energySiteId);
    for (const id of sample) {
      const site = (await sim.site(id)) as { settings: { operationMode: string; backupReservePercent: number } };
      expect(site.settings).toMatchObject({ operationMode: 'self_consumption', backupReservePercent: 20 });
    }
  });
});
