import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelDispatchDocument, DispatchBatteryDocument, DispatchByIdDocument } from '../../schema/generated/graphql.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { SUMMER_AFTERNOON } from '../helpers/fixtures.js';
import { freePort, largeSandboxGatewayEnv, startGatewayProcess } from '../helpers/gateway-process.js';
import { executeOperation } from '../helpers/graphql-client.js';
import { SimulatorAdmin } from '../helpers/simulator-admin.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const SITES = 500;
const LEVER_ENDPOINTS = ['backup', 'operation', 'grid_import_export', 'time_of_use_settings'];

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

  const startGateway = () => startGatewayProcess(env, url, output);

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, seed: 42, speed: 60, startTime: SUMMER_AFTERNOON, largeAccountSites: SITES, rateLimits: { dataPerMinute: 0, commandsPerMinute: 0 } });
    sim = new SimulatorAdmin(simulator.url);
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'derms-crash-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = largeSandboxGatewayEnv({ port, dataDir, databaseUrl: database.url, simulatorUrl: simulator.url, apiKey }, {
      COMMAND_CONCURRENCY: '16',
      COMMAND_POLL_INTERVAL_S: '0.5',
      COMMAND_JOB_EXPIRE_S: '5',
      COMMAND_QUEUE_MAINTENANCE_S: '1',
      DISPATCH_VERIFY_INTERVAL_S: '1',
      DISPATCH_VERIFY_POLLS: '2',
      UPSTREAM_CACHE_TTL_S: '1',
    });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await simulator?.close();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const progress = async (id: string) => (await executeOperation(url, DispatchByIdDocument, { id }, apiKey)).data!.dispatch!.progress;
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
    const dispatchId = created.data!.dispatchBattery.dispatch!.id;
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
      // Carried out at most once: a write killed before its body reached Tesla may be sent again.
      for (const endpoint of LEVER_ENDPOINTS) expect(counters.appliedByEndpointAndDevice[`${endpoint}:${energySiteId}`] ?? 0, `${endpoint}:${energySiteId}`).toBeLessThanOrEqual(1);
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
