import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startGatewayProcess } from '../helpers/gateway-process.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { waitUntil, wsClients, type Subscription } from '../helpers/ws-client.js';

const INTERVAL_S = 2;
const SUBSCRIBERS = 200;
type Org = Awaited<ReturnType<TestStack['demoOrganization']>>;
interface TelemetryEvent {
  siteTelemetry: { site: { id: string }; sampledAt: string; stale: boolean };
}
const QUERY = 'subscription ($ids: [ID!]!) { siteTelemetry(siteIds: $ids) { site { id } sampledAt stale } }';

/**
 * Several instances on one Postgres and one Redis: subscribers on an API-only instance (A), the
 * poller in a worker process (B) that is killed with SIGKILL, and a second worker (C) that must
 * take its leases over within two intervals.
 */
describe.runIf(process.env['DATABASE_URL'] && process.env['REDIS_URL'])('telemetry across instances', () => {
  let stack: TestStack;
  let org: Org;
  let site: { id: string; energySiteId: string };
  let worker: ChildProcess | undefined;
  let dataDir: string;
  const output: string[] = [];
  const ws = wsClients();
  const subscriptions: Subscription<TelemetryEvent>[] = [];
  const liveStatusCalls = async () => (await stack.sim.counters()).byEndpointAndDevice[`live_status:${site.energySiteId}`] ?? 0;

  beforeAll(async () => {
    stack = await startTestStack({ env: { ROLES: 'api', TELEMETRY_INTERVAL_S: String(INTERVAL_S) } });
    org = await stack.demoOrganization();
    site = await stack.firstBatterySite(org.apiKey);
    dataDir = await mkdtemp(path.join(tmpdir(), 'derms-telemetry-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    worker = await startGatewayProcess(
      {
        PATH: process.env['PATH'],
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: url,
        DATA_DIR: dataDir,
        DATABASE_URL: stack.databaseUrl,
        REDIS_URL: process.env['REDIS_URL'],
        TOKEN_ENCRYPTION_KEY: stack.tokenEncryptionKey,
        TESLA_MODE: 'sandbox',
        SIMULATOR_URL: stack.simulator.url,
        ROLES: 'worker',
        TELEMETRY_INTERVAL_S: String(INTERVAL_S),
        LOG_LEVEL: 'warn',
      },
      url,
      output,
    );
  }, 120_000);
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await ws.disposeAll();
    await stack?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(`${SUBSCRIBERS} subscribers on instance A, the poller in process B: events arrive, one live_status call per interval`, async () => {
    await stack.sim.resetCounters();
    const clients = Array.from({ length: 20 }, () => ws.client(stack.gatewayUrl, org.apiKey));
    const started = Date.now();
    for (let i = 0; i < SUBSCRIBERS; i++) subscriptions.push(ws.subscribe<TelemetryEvent>(clients[i % clients.length]!, QUERY, { ids: [site.id] }));
    await waitUntil(() => subscriptions.every((s) => s.events.filter((e) => Date.parse(e.siteTelemetry.sampledAt) >= started).length >= 3), 20_000, 'three polled events for every subscriber');
    const elapsedIntervals = (Date.now() - started) / 1000 / INTERVAL_S;
    for (const s of subscriptions) {
      expect(s.errors).toEqual([]);
      expect(s.events.every((e) => e.siteTelemetry.site.id === site.id && !e.siteTelemetry.stale)).toBe(true);
    }
    // A has no worker role: every call was B's, one per interval (plus the first, at once).
    const calls = await liveStatusCalls();
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(calls).toBeLessThanOrEqual(Math.ceil(elapsedIntervals) + 2);
  });

  it('a second worker C waits while B holds the lease, and takes over within two intervals of B being killed', async () => {
    await stack.addGatewayInstance({ ROLES: 'worker', TELEMETRY_INTERVAL_S: String(INTERVAL_S) });
    await stack.sim.resetCounters();
    const window = Date.now();
    await new Promise((r) => setTimeout(r, 3 * INTERVAL_S * 1000));
    // Two workers, still one poller.
    expect(await liveStatusCalls()).toBeLessThanOrEqual(Math.ceil((Date.now() - window) / 1000 / INTERVAL_S) + 1);

    const watcher = subscriptions[0]!;
    worker!.kill('SIGKILL');
    const killedAt = Date.now();
    await waitUntil(() => watcher.events.some((e) => Date.parse(e.siteTelemetry.sampledAt) > killedAt), 6 * INTERVAL_S * 1000, 'a sample polled after the kill');
    const firstAfter = Math.min(...watcher.events.map((e) => Date.parse(e.siteTelemetry.sampledAt)).filter((t) => t > killedAt));
    // The lease lives 1.5 intervals and C looks every half interval; the read itself may take a moment.
    expect(firstAfter - killedAt).toBeLessThanOrEqual(2 * INTERVAL_S * 1000 + 500);
    // Every subscriber on A keeps receiving C's samples.
    await waitUntil(() => subscriptions.every((s) => s.events.some((e) => Date.parse(e.siteTelemetry.sampledAt) > killedAt)), 3 * INTERVAL_S * 1000, 'every subscriber to hear C');
  });

  it('the last unsubscribe on A stops the polling on C', async () => {
    for (const s of subscriptions) s.stop();
    await new Promise((r) => setTimeout(r, INTERVAL_S * 1000));
    const after = await liveStatusCalls();
    await new Promise((r) => setTimeout(r, 2 * INTERVAL_S * 1000));
    expect(await liveStatusCalls()).toBe(after);
  });
});
