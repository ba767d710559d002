import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentAtTesla } from '../helpers/tesla-consent.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

/**
 * Issue 10 item 8: China is a separate Tesla (auth.tesla.cn, developer.tesla.cn) with its own app
 * credentials. A consent started for CN goes to the CN app, its code is exchanged and its tokens
 * refreshed with that app, and its calls go to the CN Fleet base. The simulator's one OAuth server
 * knows both apps; a code or refresh token of one app is refused to the other, as at Tesla.
 */

const CN_APP = { clientId: 'derms-sandbox-cn', clientSecret: 'derms-sandbox-cn-secret' };

const CONNECT = `mutation Connect($input: CreateConnectLinkInput!) { createConnectLink(input: $input) { authorizationUrl } }`;
const ACCOUNTS = `query { teslaAccounts { id status region sites { totalCount } } }`;
const LIVE = `query { sites(first: 1, filter: { hasBattery: true }) { edges { node { liveStatus { percentageCharged } } } } }`;

describe('China accounts use the CN Tesla app end to end', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({
      // Access tokens shorter than the refresh margin: every use refreshes, through the CN app.
      simulator: { cnClient: CN_APP, accessTokenLifetimeSeconds: 60 },
      env: { TESLA_CN_CLIENT_ID: CN_APP.clientId, TESLA_CN_CLIENT_SECRET: CN_APP.clientSecret },
      envFromSimulator: (url) => ({ TESLA_CN_AUTH_ISSUER: `${url}/oauth2/v3` }),
    });
    await stack.sim.moveAccount('small', 'cn');
  });
  afterAll(async () => {
    await stack?.sim.moveAccount('small', 'na');
    await stack?.close();
  });

  it('consents at the CN app, exchanges and refreshes with it, and reads from the CN base', async () => {
    const org = await stack.createOrganization();
    const link = await stack.execute<{ createConnectLink: { authorizationUrl: string } }, unknown>(CONNECT, { input: { authRegion: 'CN' } }, org.apiKey);
    expect(link.errors).toBeUndefined();
    const url = new URL(link.data!.createConnectLink.authorizationUrl);
    expect(url.searchParams.get('client_id')).toBe(CN_APP.clientId);

    const callback = await consentAtTesla(url.toString(), { account: 'small' });
    const done = await fetch(callback);
    expect(await done.text()).toContain('Tesla account connected');

    const accounts = await stack.execute<{ teslaAccounts: { status: string; region: string; sites: { totalCount: number } }[] }, unknown>(ACCOUNTS, {}, org.apiKey);
    expect(accounts.data!.teslaAccounts).toEqual([expect.objectContaining({ status: 'ACTIVE', region: 'cn' })]);
    expect(accounts.data!.teslaAccounts[0]!.sites.totalCount).toBeGreaterThan(0);

    await stack.sim.resetCounters();
    const live = await stack.execute(LIVE, {}, org.apiKey);
    expect(live.errors).toBeUndefined();
    // The token was due: refreshed with the CN app's refresh token (the global app's would be refused).
    const counters = await stack.sim.counters();
    expect(counters.byEndpointAndDevice['token:refresh_token']).toBeGreaterThanOrEqual(1);
    const after = await stack.execute<{ teslaAccounts: { status: string }[] }, unknown>(ACCOUNTS, {}, org.apiKey);
    expect(after.data!.teslaAccounts[0]!.status).toBe('ACTIVE');
  });

  it("sends a CN customer to auth.tesla.cn's revoke page for the CN app, and a global one to auth.tesla.com's", async () => {
    // The CN customer consents without energy data: energy reads need it, and say how to grant it.
    const cnOrg = await stack.createOrganization();
    const link = await stack.execute<{ createConnectLink: { authorizationUrl: string } }, unknown>(CONNECT, { input: { authRegion: 'CN' } }, cnOrg.apiKey);
    const callback = await consentAtTesla(link.data!.createConnectLink.authorizationUrl, { account: 'small', scopes: ['openid', 'offline_access', 'vehicle_device_data'] });
    expect(await (await fetch(callback)).text()).toContain('Tesla account connected');
    const cn = await stack.execute(LIVE, {}, cnOrg.apiKey);
    const cnError = cn.errors!.find((e) => e.path?.includes('liveStatus'))!;
    expect(cnError.extensions).toMatchObject({ code: 'INSUFFICIENT_SCOPES', missingScopes: ['energy_device_data'] });
    const cnRemediation = cnError.extensions!['remediation'] as { revokeConsentUrl: string; steps: string[] };
    // China's own Tesla holds this consent: auth.tesla.com knows neither the account nor the CN app.
    expect(cnRemediation.revokeConsentUrl).toBe(`https://auth.tesla.cn/user/revoke/consent?revoke_client_id=${CN_APP.clientId}`);
    expect(cnRemediation.steps.join(' ')).toContain(`https://auth.tesla.cn/user/revoke/consent?revoke_client_id=${CN_APP.clientId}`);

    // On the same gateway, an account of another region keeps the global app's page.
    const naOrg = await stack.createOrganization();
    await stack.connectAccount(naOrg.organizationId, 'demo', ['openid', 'offline_access', 'vehicle_device_data']);
    const na = await stack.execute(LIVE, {}, naOrg.apiKey);
    const naError = na.errors!.find((e) => e.path?.includes('liveStatus'))!;
    expect(naError.extensions).toMatchObject({ code: 'INSUFFICIENT_SCOPES' });
    expect((naError.extensions!['remediation'] as { revokeConsentUrl: string }).revokeConsentUrl).toBe(
      `https://auth.tesla.com/user/revoke/consent?revoke_client_id=${stack.gateway.config.tesla.clientId}`,
    );
  });

  it('refuses a CN consent when the gateway has no CN app, naming the settings', async () => {
    const plain = await startTestStack();
    try {
      const org = await plain.createOrganization();
      const result = await plain.execute(CONNECT, { input: { authRegion: 'CN' } }, org.apiKey);
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.authRegion' });
      expect(result.errors![0]!.message).toContain('TESLA_CN_CLIENT_ID');
    } finally {
      await plain.close();
    }
  });
});
