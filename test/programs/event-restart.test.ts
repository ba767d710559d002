import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateProgramDocument, EnrollSitesDocument, ProgramEventByIdDocument, ScheduleProgramEventDocument } from '../../schema/generated/graphql.js';
import { executeOperation } from '../helpers/graphql-client.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { waitUntil } from '../helpers/ws-client.js';

/**
 * An event is scheduled through one instance, which then goes away before the start: the durable
 * queue (Postgres) hands its start and end to the instance still alive. Needs a second instance on
 * the same Postgres and Redis.
 */
describe.runIf(process.env['DATABASE_URL'] && process.env['REDIS_URL'])('a program event outlives the instance that scheduled it', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      simulator: { largeAccountSites: 5 },
      env: { COMMAND_POLL_INTERVAL_S: '0.5', DISPATCH_VERIFY_INTERVAL_S: '1', TELEMETRY_INTERVAL_S: '5', EVENT_RESTORE_STAGGER_S: '2', EVENT_SETTLE_DELAY_S: '1' },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('starts, completes and restores on the surviving instance', async () => {
    const org = await stack.createOrganization();
    await stack.connectAccount(org.organizationId, 'large');
    const scheduler = await stack.addGatewayInstance();
    const run = <R, V>(document: Parameters<typeof executeOperation<R, V>>[1], variables: V) => executeOperation(scheduler.url, document, variables, org.apiKey);
    const siteIds = ((await run(`query { sites(first: 10) { edges { node { id } } } }`, {})).data as { sites: { edges: { node: { id: string } }[] } }).sites.edges.map((e) => e.node.id);
    const programId = (await run(CreateProgramDocument, { input: { name: 'restart', kind: 'VPP', transport: 'FLEET_API' } })).data!.createProgram.program.id;
    await run(EnrollSitesDocument, { input: { programId, siteIds } });
    const scheduled = await run(ScheduleProgramEventDocument, {
      input: { programId, mode: 'DISCHARGE', start: new Date(Date.now() + 4000).toISOString(), end: new Date(Date.now() + 20_000).toISOString(), enableGridInteraction: true },
    });
    const eventId = scheduled.data!.scheduleProgramEvent.event.id;
    // The scheduling instance goes away before the start.
    await scheduler.gateway.close();

    const read = () => stack.execute(ProgramEventByIdDocument, { id: eventId }, org.apiKey).then((r) => r.data!.programEvent!);
    await waitUntil(async () => (await read()).status === 'COMPLETED', 60_000, 'the event to complete on the surviving instance');
    await waitUntil(async () => (await read()).commands.edges.filter((c) => c.node.kind === 'RESTORE_SITE' && c.node.status === 'SUCCEEDED').length === siteIds.length, 30_000, 'restores');
    const event = await read();
    expect(event.commands.edges.filter((c) => c.node.kind === 'DISPATCH_SITE' && c.node.status === 'SUCCEEDED')).toHaveLength(siteIds.length);
  }, 120_000);
});
