import { CompiledQuery, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { RawSqlExecutor } from '../db/database.js';
import type { Database } from '../db/tables.js';
import type { Logger } from '../observability/logger.js';
import { JobPump } from './job-pump.js';

export const SEND_COMMAND_QUEUE = 'commands.send';

export interface SendCommandJob {
  commandId: string;
}

/**
 * The durable job queue (pg-boss, on the gateway's own Postgres or PGlite): a command's job is
 * inserted in the same transaction as the command, so a command is never stored without being
 * queued nor queued without being stored; a crashed worker's job is retried after it expires.
 * pg-boss 10 because it runs on Node 20 and accepts a plain SQL executor, which lets it share
 * PGlite in embedded mode (graphile-worker and BullMQ need a pg pool or Redis of their own).
 */
export class CommandQueue {
  private readonly boss: PgBoss;
  private started = false;
  private readonly pumps: JobPump<SendCommandJob>[] = [];

  constructor(
    raw: RawSqlExecutor,
    private readonly logger: Logger,
    private readonly options: { pollingIntervalSeconds: number; retryLimit: number; expireInSeconds: number; maintenanceIntervalSeconds: number },
  ) {
    this.boss = new PgBoss({
      db: raw as PgBoss.Db,
      schema: 'pgboss',
      supervise: true,
      schedule: false,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
    });
    this.boss.on('error', (error) => this.logger.warn({ err: error }, 'job queue error'));
  }

  async start(): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(SEND_COMMAND_QUEUE, {
      name: SEND_COMMAND_QUEUE,
      retryLimit: this.options.retryLimit,
      retryDelay: 2,
      retryBackoff: true,
      // A worker that died mid-job frees it after this long; the handler is safe to run again.
      expireInSeconds: this.options.expireInSeconds,
    });
    this.started = true;
  }

  /** Enqueues inside the caller's transaction; the job id is the command id, so it exists once. */
  async enqueue(trx: Transaction<Database>, job: SendCommandJob, startAfter?: Date): Promise<void> {
    await this.boss.send(SEND_COMMAND_QUEUE, job, {
      id: job.commandId,
      ...(startAfter ? { startAfter } : {}),
      db: { executeSql: async (text: string, values: unknown[] = []) => trx.executeQuery(CompiledQuery.raw(text, values)) },
    });
  }

  /** Many jobs in one statement (pg-boss insert), inside the caller's transaction. */
  /** `startAfter` may differ per job (e.g. restores staggered over a window). */
  async enqueueMany(trx: Transaction<Database>, jobs: SendCommandJob[], startAfter?: Date | ((job: SendCommandJob) => Date), options: { fresh?: boolean } = {}): Promise<void> {
    if (!jobs.length) return;
    const db = { executeSql: async (text: string, values: unknown[] = []) => trx.executeQuery(CompiledQuery.raw(text, values)) };
    for (let i = 0; i < jobs.length; i += 1000) {
      await this.boss.insert(
        jobs.slice(i, i + 1000).map((job) => ({
          name: SEND_COMMAND_QUEUE,
          data: job,
          // The command id is the job id, unless a second job for the same command is wanted (restore now).
          ...(options.fresh ? {} : { id: job.commandId }),
          ...(startAfter ? { startAfter: typeof startAfter === 'function' ? startAfter(job) : startAfter } : {}),
        })),
        { db },
      );
    }
  }

  /**
   * A fresh job for a command, later (e.g. a restore waiting for its dispatch step to finish).
   * `urgent` jobs are handed out before older ordinary ones (the queue is otherwise first in, first
   * out): a watched command's next read must not wait behind the rest of a 10,000-site dispatch.
   */
  async enqueueLater(commandId: string, seconds: number, options: { urgent?: boolean } = {}): Promise<void> {
    await this.boss.send(SEND_COMMAND_QUEUE, { commandId }, { startAfter: seconds, ...(options.urgent ? { priority: 1 } : {}) });
  }

  /** Runs command jobs, `concurrency` at a time, from one fetch loop (job-pump.ts). */
  async work(handler: (job: SendCommandJob) => Promise<void>, concurrency: number): Promise<void> {
    const pump = new JobPump<SendCommandJob>(this.boss, SEND_COMMAND_QUEUE, handler, concurrency, this.logger, {
      pollingIntervalSeconds: this.options.pollingIntervalSeconds,
      expireInSeconds: this.options.expireInSeconds,
    });
    this.pumps.push(pump);
    pump.start();
  }

  /**
   * Another queue on the same pg-boss (one per process), for jobs that are not command sends — e.g.
   * a program event's start and end. Create it before `start()` returns to workers.
   */
  async createQueue(name: string, options: { retryLimit: number }): Promise<void> {
    await this.boss.createQueue(name, { name, retryLimit: options.retryLimit, retryDelay: 2, retryBackoff: true, expireInSeconds: this.options.expireInSeconds });
  }

  /** A job on a queue of `createQueue`, inside the caller's transaction when given; `id` makes it exist once. */
  async sendTo(name: string, data: object, options: { trx?: Transaction<Database>; startAfter?: Date; id?: string } = {}): Promise<void> {
    const trx = options.trx;
    await this.boss.send(name, data, {
      ...(options.id ? { id: options.id } : {}),
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      ...(trx ? { db: { executeSql: async (text: string, values: unknown[] = []) => trx.executeQuery(CompiledQuery.raw(text, values)) } } : {}),
    });
  }

  async workOn<T extends object>(name: string, handler: (data: T) => Promise<void>, concurrency: number): Promise<void> {
    for (let i = 0; i < concurrency; i++) {
      await this.boss.work<T>(name, { pollingIntervalSeconds: this.options.pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
        if (job) await handler(job.data);
      });
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.pumps.map((pump) => pump.stop(5000)));
    if (this.started) await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}
