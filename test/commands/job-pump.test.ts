import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandQueue } from '../../src/commands/command-queue.js';
import { openDatabase, type DatabaseHandle, type RawSqlExecutor } from '../../src/db/database.js';
import { createLogger } from '../../src/observability/logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/**
 * Command jobs run from one fetch loop (src/commands/job-pump.ts): up to COMMAND_CONCURRENCY at a
 * time, free slots filled by one fetch, a failed job retried by the queue — on the real job queue
 * (pg-boss on the test's Postgres, or PGlite).
 */
describe('command jobs', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let queue: CommandQueue;
  const statements = { fetch: 0, complete: 0 };

  beforeAll(async () => {
    database = await createTestDatabase();
    handle = await openDatabase({ databaseUrl: database.url });
    // Counts the queue's own statements as they reach the database.
    const counted: RawSqlExecutor = {
      executeSql: (text, values) => {
        if (/WITH next as/i.test(text)) statements.fetch++;
        if (/state = 'completed'/.test(text) && /UPDATE/i.test(text)) statements.complete++;
        return handle.raw.executeSql(text, values);
      },
    };
    queue = new CommandQueue(counted, createLogger('silent'), { pollingIntervalSeconds: 0.5, retryLimit: 3, expireInSeconds: 60, maintenanceIntervalSeconds: 120 });
    await queue.start();
  }, 60_000);
  afterAll(async () => {
    await queue?.stop();
    await handle?.close();
    await database?.drop();
  });

  it('runs at most `concurrency` at once, fills free slots together, and retries a job that throws', { timeout: 60_000 }, async () => {
    const ids = Array.from({ length: 40 }, () => randomUUID());
    const failOnce = ids[7]!;
    const runs = new Map<string, number>();
    let running = 0;
    let mostAtOnce = 0;
    await handle.db.transaction().execute((trx) => queue.enqueueMany(trx, ids.map((commandId) => ({ commandId }))));
    const [fetchesBefore, completesBefore] = [statements.fetch, statements.complete];
    await queue.work(async ({ commandId }) => {
      runs.set(commandId, (runs.get(commandId) ?? 0) + 1);
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      try {
        await sleep(100);
        if (commandId === failOnce && runs.get(commandId) === 1) throw new Error('Tesla did not answer');
      } finally {
        running--;
      }
    }, 5);

    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline && !ids.every((id) => runs.has(id))) await sleep(20);
    await sleep(150); // the last completions of the first pass are written
    // One worker per slot fetches and completes once per job (40 here): slots are filled, and
    // completions written, several at a time.
    expect(statements.fetch - fetchesBefore).toBeLessThan(20);
    expect(statements.complete - completesBefore).toBeLessThan(20);

    while (Date.now() < deadline && runs.get(failOnce) !== 2) await sleep(100);
    expect(ids.filter((id) => !runs.has(id))).toEqual([]);
    expect(runs.get(failOnce)).toBe(2); // retried by the queue after it threw
    expect(ids.filter((id) => id !== failOnce).every((id) => runs.get(id) === 1)).toBe(true);
    expect(mostAtOnce).toBe(5);
  });
});
