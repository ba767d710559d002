import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

/**
 * Issue 11 item 9: single-object roots are nullable, so one stale id in a dashboard's query nulls
 * only its own field (with a NOT_FOUND error whose path names it) instead of the whole answer.
 */
describe('single-object roots', () => {
  let stack: TestStack;
  let org: Awaited<ReturnType<TestStack['demoOrganization']>>;
  beforeAll(async () => {
    stack = await startTestStack();
    org = await stack.demoOrganization();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('answer null plus NOT_FOUND for a stale id, and the rest of the query still answers', async () => {
    const site = await stack.firstBatterySite(org.apiKey);
    const stale = (type: string) => encodeGlobalID(type, randomUUID());
    const result = await stack.execute<Record<string, { id: string } | null>, unknown>(
      `query($site: ID!, $s: ID!, $v: ID!, $c: ID!, $d: ID!, $p: ID!) {
        live: site(id: $site) { id }
        site(id: $s) { id }
        vehicle(id: $v) { id }
        command(id: $c) { id }
        dispatch(id: $d) { id }
        program(id: $p) { id }
      }`,
      { site: site.id, s: stale('Site'), v: stale('Vehicle'), c: stale('Command'), d: stale('Dispatch'), p: stale('Program') },
      org.apiKey,
    );
    expect(result.data).toEqual({ live: { id: site.id }, site: null, vehicle: null, command: null, dispatch: null, program: null });
    const byPath = Object.fromEntries(result.errors!.map((e) => [String(e.path?.[0]), e.extensions?.['code']]));
    expect(byPath).toEqual({ site: 'NOT_FOUND', vehicle: 'NOT_FOUND', command: 'NOT_FOUND', dispatch: 'NOT_FOUND', program: 'NOT_FOUND' });
  });
});
