import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeslaAccountsOverviewDocument, CreateConnectLinkDocument, SitesOverviewDocument } from '../../schema/generated/graphql.js';
import { consentAtTesla } from '../helpers/tesla-consent.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

describe('connecting a Tesla account through consent (OAuth 2 + PKCE)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.close());

  const newLink = async (apiKey: string, input: { scopes?: string[]; redirectAfter?: string } = {}) => {
    const result = await stack.execute(CreateConnectLinkDocument, { input }, apiKey);
    expect(result.errors).toBeUndefined();
    return result.data!.createConnectLink;
  };

  it('runs the whole flow: link → consent with a subset of scopes → callback → usable connection', async () => {
    const org = await stack.createOrganization();
    const link = await newLink(org.apiKey, { scopes: ['energy_device_data', 'vehicle_device_data'] });
    const url = new URL(link.authorizationUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${stack.simulator.url}/oauth2/v3/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('redirect_uri')).toBe(`${stack.gatewayUrl}/oauth/tesla/callback`);
    expect(url.searchParams.get('prompt_missing_scopes')).toBe('true');
    // A browser signed in to another Tesla account must sign in again, not connect that one.
    expect(url.searchParams.get('prompt')).toBe('login');
    expect(url.searchParams.get('scope')!.split(' ').sort()).toEqual(['energy_device_data', 'offline_access', 'openid', 'vehicle_device_data']);

    // The customer unticks energy data.
    const callback = await consentAtTesla(link.authorizationUrl, { scopes: ['openid', 'offline_access', 'vehicle_device_data'] });
    expect(callback.startsWith(`${stack.gatewayUrl}/oauth/tesla/callback?`)).toBe(true);
    const done = await fetch(callback);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Tesla account connected');

    const connections = await stack.execute(TeslaAccountsOverviewDocument, {}, org.apiKey);
    const [connection] = connections.data!.teslaAccounts;
    expect(connection!.status).toBe('ACTIVE');
    expect([...connection!.grantedScopes].sort()).toEqual(['offline_access', 'openid', 'vehicle_device_data']);
    expect(connection!.capabilities).toEqual({ readEnergy: false, commandEnergy: false, readVehicles: true, commandVehicles: false, vehicleLocation: false });
    expect(connection!.sites.totalCount).toBeGreaterThanOrEqual(25);
    expect(connection!.vehicles.totalCount).toBeGreaterThanOrEqual(10);
    expect(connection!.region).toBe('na');

    // A subset grant: energy reads name exactly the missing scope, with Tesla's revoke page and a reconnect link.
    const sites = await stack.execute(SitesOverviewDocument, { first: 1 }, org.apiKey);
    const error = sites.errors!.find((e) => e.path?.includes('liveStatus'))!;
    expect(error.extensions).toMatchObject({ code: 'INSUFFICIENT_SCOPES', missingScopes: ['energy_device_data'], requiredScopes: ['energy_device_data'] });
    const remediation = error.extensions!['remediation'] as { revokeConsentUrl: string; connectUrl: string; steps: string[] };
    expect(remediation.revokeConsentUrl).toBe(`https://auth.tesla.com/user/revoke/consent?revoke_client_id=${stack.gateway.config.tesla.clientId}`);
    expect(remediation.connectUrl.startsWith(`${stack.gatewayUrl}/oauth/tesla/connect?link=`)).toBe(true);
    const reconnect = await fetch(remediation.connectUrl, { redirect: 'manual' });
    expect(reconnect.status).toBe(302);
    expect(reconnect.headers.get('location')!.startsWith(`${stack.simulator.url}/oauth2/v3/authorize?`)).toBe(true);
  });

  it('sends the customer on to redirectAfter with the connection id', async () => {
    const org = await stack.createOrganization();
    const link = await newLink(org.apiKey, { redirectAfter: 'https://integrator.example/connected?customer=42' });
    const callback = await consentAtTesla(link.authorizationUrl);
    const done = await fetch(callback, { redirect: 'manual' });
    expect(done.status).toBe(302);
    const next = new URL(done.headers.get('location')!);
    expect(next.origin + next.pathname).toBe('https://integrator.example/connected');
    expect(next.searchParams.get('customer')).toBe('42');
    expect(next.searchParams.get('status')).toBe('connected');
    const connections = await stack.execute(TeslaAccountsOverviewDocument, {}, org.apiKey);
    expect(next.searchParams.get('accountId')).toBe(connections.data!.teslaAccounts[0]!.id);
  });

  it('refuses a tampered state, and a replayed callback', async () => {
    const org = await stack.createOrganization();
    const link = await newLink(org.apiKey);
    const callback = new URL(await consentAtTesla(link.authorizationUrl));
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const refused = await fetch(tampered);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('unknown, expired or already used');

    expect((await fetch(callback)).status).toBe(200);
    const replay = await fetch(callback);
    expect(replay.status).toBe(400);
    expect((await stack.execute(TeslaAccountsOverviewDocument, {}, org.apiKey)).data!.teslaAccounts).toHaveLength(1);
  });

  it("refuses a code exchanged with another session's PKCE verifier", async () => {
    const org = await stack.createOrganization();
    const a = await newLink(org.apiKey);
    const b = await newLink(org.apiKey);
    const codeOfA = new URL(await consentAtTesla(a.authorizationUrl)).searchParams.get('code')!;
    const stateOfB = new URL(b.authorizationUrl).searchParams.get('state')!;
    const mixed = new URL(`${stack.gatewayUrl}/oauth/tesla/callback`);
    mixed.searchParams.set('code', codeOfA);
    mixed.searchParams.set('state', stateOfB);
    const refused = await fetch(mixed);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/refused the code exchange|invalid_grant/);
    expect((await stack.execute(TeslaAccountsOverviewDocument, {}, org.apiKey)).data!.teslaAccounts).toHaveLength(0);
  });

  it('reports a denied consent', async () => {
    const org = await stack.createOrganization();
    const link = await newLink(org.apiKey);
    const refused = await fetch(await consentAtTesla(link.authorizationUrl, { decision: 'deny' }));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('access_denied');
  });

  it('refuses an expired link', async () => {
    const org = await stack.createOrganization();
    const link = await newLink(org.apiKey);
    const callback = await consentAtTesla(link.authorizationUrl);
    await stack.gateway.database.db.updateTable('connect_sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('organization_id', '=', org.organizationId).execute();
    expect((await fetch(callback)).status).toBe(400);
  });

  it('rejects unknown scopes and a relative redirectAfter with BAD_USER_INPUT', async () => {
    const org = await stack.createOrganization();
    const scopes = await stack.execute(CreateConnectLinkDocument, { input: { scopes: ['energy_device_data', 'everything'] } }, org.apiKey);
    expect(scopes.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.scopes' });
    const redirect = await stack.execute(CreateConnectLinkDocument, { input: { redirectAfter: '/relative' } }, org.apiKey);
    expect(redirect.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.redirectAfter' });
  });

  it('lets only admin and operator keys create links', async () => {
    const org = await stack.createOrganization();
    const { apiKey } = await stack.gateway.services.organizations.createApiKey(org.organizationId, { role: 'read_only' });
    const result = await stack.execute(CreateConnectLinkDocument, { input: {} }, apiKey);
    expect(result.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
  });
});
