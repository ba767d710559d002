import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SetBackupReserveDocument } from '../../schema/generated/graphql.js';
import { settledCommand } from '../helpers/settled-command.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

/**
 * The job queue frees a job that runs longer than COMMAND_JOB_EXPIRE_S (that is how a crashed
 * worker's job comes back). A worker that is merely slow — Tesla taking its time to answer — is
 * still running it: the second delivery must wait for the first, not send the lever again.
 */
describe('a command whose job outlives its expiry', () => {
  let stack: TestStack;
  let org: Awaited<ReturnType<TestStack['demoOrganization']>>;

  beforeAll(async () => {
    stack = await startTestStack({
      env: { COMMAND_POLL_INTERVAL_S: '0.5', COMMAND_JOB_EXPIRE_S: '5', COMMAND_QUEUE_MAINTENANCE_S: '1', UPSTREAM_TIMEOUT_MS: '20000' },
    });
    org = await stack.demoOrganization();
  });
  afterAll(() => stack?.close());

  it('is sent to Tesla once, while the first delivery is still waiting for Tesla', { timeout: 60_000 }, async () => {
    const { id, energySiteId } = await stack.firstBatterySite(org.apiKey);
    await stack.sim.resetCounters();
    // Tesla answers this site's backup write after 9 s: past the job's 5 s expiry.
    await stack.sim.addFault({ endpoint: 'backup', deviceId: energySiteId, latencyMs: 9000, count: 1 });
    const submitted = await stack.execute(SetBackupReserveDocument, { input: { siteId: id, backupReservePercent: 55 } }, org.apiKey);
    expect(submitted.errors).toBeUndefined();
    const command = await settledCommand(stack, org.apiKey, submitted.data!.setBackupReserve.command.id, 40_000);
    expect(command.status).toBe('SUCCEEDED');
    // A second delivery that finds the command still leased comes back later and finds it settled.
    await new Promise((r) => setTimeout(r, 3000));
    expect((await stack.sim.counters()).byEndpointAndDevice[`backup:${energySiteId}`]).toBe(1);
  });
});
