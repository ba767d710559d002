import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SitesOverviewDocument, VehiclesOverviewDocument } from '../../schema/generated/graphql.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

describe('logs', () => {
  const lines: string[] = [];
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ env: { LOG_LEVEL: 'trace', UPSTREAM_RETRIES: '0' }, logStream: { write: (line) => void lines.push(line) } });
  });
  afterAll(() => stack?.close());

  it('never carry tokens or API keys, even when things fail', async () => {
    const org = await stack.createOrganization();
    const tokens = await stack.sim.mintTokens('demo');
    await stack.gateway.services.connections.importConnection({ organizationId: org.organizationId, accessToken: tokens.access_token, refreshToken: tokens.refresh_token });
    await stack.sim.addFault({ endpoint: 'live_status', status: 500 });
    await stack.sim.addFault({ endpoint: 'vehicles', status: 401, error: 'invalid bearer token' });
    const sites = await stack.execute(SitesOverviewDocument, { first: 5 }, org.apiKey);
    expect(sites.errors?.length).toBeGreaterThan(0);
    await stack.execute(VehiclesOverviewDocument, { first: 5 }, org.apiKey);
    await stack.execute(SitesOverviewDocument, { first: 1 }, 'dgw_wrong_key_for_the_log_test');

    const log = lines.join('');
    expect(log.length).toBeGreaterThan(0);
    expect(log).toContain('Tesla connection imported');
    for (const secret of [tokens.access_token, tokens.refresh_token, org.apiKey, 'dgw_wrong_key_for_the_log_test']) {
      expect(log).not.toContain(secret);
      expect(log).not.toContain(secret.slice(-24));
    }
    for (const error of sites.errors ?? []) expect(JSON.stringify(error)).not.toContain(tokens.access_token.slice(-24));
  });
});
