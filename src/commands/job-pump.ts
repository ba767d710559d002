import type PgBoss from 'pg-boss';
import type { Logger } from '../observability/logger.js';

/** Completions written together: at most this many per statement, at most this long after the first. */
const COMPLETE_BATCH = 100;
const COMPLETE_AFTER_MS = 50;
/**
 * While jobs are waiting, a quarter of the slots free is fetched for at once; fewer, this long after
 * a slot freed, so that finishing jobs share one fetch.
 */
const REFILL_AFTER_MS = 50;
/** The idle poll never runs more often than this. */
const MIN_POLL_MS = 50;

/**
 * Runs up to `concurrency` jobs of one pg-boss queue at once from a single fetch loop. pg-boss's own
 * `work` runs one polling worker per slot, and each job costs a fetch and a complete of its own: at
 * 100 slots a 10,000-site dispatch spends more round trips on the queue than on the commands. Here
 * one loop fetches as many jobs as there are free slots, and completions are written together.
 * Written by hand because pg-boss's batch mode (`batchSize` in `work`) completes or fails a batch
 * as a whole and waits for its slowest job; its fetch, complete and fail keep their meaning here: a
 * job that throws is failed and retried with the queue's backoff, one still running after the
 * queue's expiry frees its slot and is expired by pg-boss's maintenance, which hands it out again.
 */
export class JobPump<T extends object> {
  private running = 0;
  private stopped = false;
  private fetching = false;
  /** The last fetch filled every free slot: more jobs are probably waiting. */
  private backlog = false;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  private completed: string[] = [];
  private completeTimer: NodeJS.Timeout | null = null;
  private readonly writes = new Set<Promise<unknown>>();
  private readonly pollMs: number;
  private readonly expireMs: number;
  private readonly refillAt: number;

  constructor(
    private readonly boss: PgBoss,
    private readonly name: string,
    private readonly handler: (data: T) => Promise<void>,
    private readonly concurrency: number,
    private readonly logger: Logger,
    options: { pollingIntervalSeconds: number; expireInSeconds: number },
  ) {
    // As often as `concurrency` pg-boss workers polling every interval would, at most every 50 ms.
    this.pollMs = Math.max(MIN_POLL_MS, (options.pollingIntervalSeconds * 1000) / concurrency);
    this.expireMs = options.expireInSeconds * 1000;
    this.refillAt = Math.max(1, Math.ceil(concurrency / 4));
  }

  start(): void {
    this.schedule(0);
  }

  /** Fetches no more; waits up to `timeoutMs` for running jobs, then writes their completions. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const deadline = Date.now() + timeoutMs;
    while ((this.running > 0 || this.fetching) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.flushCompletions();
    await Promise.allSettled([...this.writes]);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    const at = Date.now() + ms;
    if (this.timer) {
      // An earlier wake-up stands; only an earlier one replaces it.
      if (this.timerAt <= at) return;
      clearTimeout(this.timer);
    }
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.fill();
    }, ms);
  }

  private async fill(): Promise<void> {
    if (this.stopped || this.fetching) return;
    const free = this.concurrency - this.running;
    if (free <= 0) return; // a finishing job schedules the next fill
    this.fetching = true;
    let jobs: PgBoss.Job<T>[] = [];
    try {
      jobs = await this.boss.fetch<T>(this.name, { batchSize: free });
    } catch (error) {
      this.logger.warn({ err: error, queue: this.name }, 'could not fetch jobs');
    } finally {
      this.fetching = false;
    }
    for (const job of jobs) this.runJob(job);
    this.backlog = jobs.length === free;
    if (!this.backlog) this.schedule(this.pollMs);
  }

  private runJob(job: PgBoss.Job<T>): void {
    this.running++;
    let expiry: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => (expiry = setTimeout(() => resolve('expired'), this.expireMs)));
    Promise.race([this.handler(job.data).then(() => 'done' as const), expired])
      .then(
        (result) => {
          if (result === 'done') this.complete(job.id);
          else this.logger.warn({ queue: this.name, jobId: job.id }, 'a job outlived its expiry; the queue hands it out again');
        },
        (error: unknown) => this.fail(job.id, error),
      )
      .finally(() => {
        clearTimeout(expiry);
        this.running--;
        if (this.backlog) this.schedule(this.concurrency - this.running >= this.refillAt ? 0 : REFILL_AFTER_MS);
      });
  }

  private complete(id: string): void {
    this.completed.push(id);
    if (this.completed.length >= COMPLETE_BATCH) this.flushCompletions();
    else this.completeTimer ??= setTimeout(() => this.flushCompletions(), COMPLETE_AFTER_MS);
  }

  private flushCompletions(): void {
    if (this.completeTimer) clearTimeout(this.completeTimer);
    this.completeTimer = null;
    const ids = this.completed;
    this.completed = [];
    if (ids.length === 0) return;
    // Not written (the database away): the jobs stay active, expire, and run again — harmless, a
    // settled command is left alone.
    this.track(this.boss.complete(this.name, ids), 'could not mark jobs completed');
  }

  private fail(id: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.track(this.boss.fail(this.name, id, { message }), 'could not mark a job failed');
  }

  private track(write: Promise<unknown>, warning: string): void {
    const tracked = write.catch((error: unknown) => this.logger.warn({ err: error, queue: this.name }, warning)).finally(() => this.writes.delete(tracked));
    this.writes.add(tracked);
  }
}
