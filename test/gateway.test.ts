import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createGateway } from '../src/gateway.js';
import { createLogger } from '../src/observability/logger.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';

/** Timers and sockets this process holds (pg pools, pg-boss and the poll scheduler leave both). */
function openResources(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'TCPSocketWrap').length;
}

describe('createGateway', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('closes everything it had started when start-up fails half-way', async () => {
    const before = openResources();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      TESLA_MODE: 'sandbox',
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      // Read after the database, bus, queue, workers and poll scheduler have started.
      TESLA_PUBLIC_KEY_FILE: '/nonexistent/derms-gateway/public-key.pem',
      ...(database.url ? { DATABASE_URL: database.url } : {}),
      ...(process.env['REDIS_URL'] ? { REDIS_URL: process.env['REDIS_URL'] } : {}),
    });
    await expect(createGateway(config, { logger: createLogger('silent'), inMemoryDatabase: true })).rejects.toThrow(/ENOENT/);

    // Nothing keeps running: no timer or socket is left behind (a closing socket's last timer may
    // take a moment: an interval left running would never go)…
    for (const deadline = Date.now() + 5000; openResources() > before && Date.now() < deadline; ) await sleep(100);
    expect(openResources()).toBeLessThanOrEqual(before);
    // …and on Postgres no connection to the gateway's database stays open.
    if (database.url) {
      const admin = new pg.Client({ connectionString: process.env['DATABASE_URL'] });
      await admin.connect();
      try {
        const { rows } = await admin.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [new URL(database.url).pathname.slice(1)]);
        expect(Number(rows[0]!.n)).toBe(0);
      } finally {
        await admin.end();
      }
    }
  });
});
