import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeslaAccountsOverviewDocument, CreateConnectLinkDocument, SiteLiveStatusesDocument } from '../../schema/generated/graphql.js';
import { consentAtTesla } from '../helpers/tesla-consent.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

/**
 * Tesla's documents disagree on hosts: the third-party discovery document names one issuer, the
 * id_tokens may carry another. The gateway uses no id_token (the account's `sub`, scopes and
 * region come from the access token), so code exchange and refresh must succeed whatever the
 * id_token's claims say — a mismatch must not become a live outage with the tokens in hand.
 */
describe('token calls do not hinge on id_token claims', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      simulator: { idTokenIssuer: 'https://auth.tesla.com/oauth2/v3', accessTokenLifetimeSeconds: 3 },
      env: { TOKEN_REFRESH_MARGIN_S: '1', UPSTREAM_CACHE_TTL_S: '1' },
    });
  });
  afterAll(() => stack?.close());

  it('connects through consent and refreshes, with an id_token whose issuer is not the discovery issuer', async () => {
    const org = await stack.createOrganization();
    const link = (await stack.execute(CreateConnectLinkDocument, { input: {} }, org.apiKey)).data!.createConnectLink;
    const callback = await consentAtTesla(link.authorizationUrl);
    const done = await fetch(callback);
    expect(await done.text()).toContain('Tesla account connected');
    expect(done.status).toBe(200);

    // The access token expires in 3 s: the next read refreshes it (an id_token comes back again).
    await new Promise((r) => setTimeout(r, 3100));
    await stack.sim.resetCounters();
    const reads = await stack.execute(SiteLiveStatusesDocument, { first: 2 }, org.apiKey);
    expect(reads.errors).toBeUndefined();
    expect((await stack.sim.counters()).byEndpointAndDevice['token:refresh_token']).toBe(1);
    const [connection] = (await stack.execute(TeslaAccountsOverviewDocument, {}, org.apiKey)).data!.teslaAccounts;
    expect(connection!.status).toBe('ACTIVE');
  });
});
