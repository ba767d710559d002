import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SitesOverviewDocument, TeslaAccountsDocument, VehiclesOverviewDocument } from '../../schema/generated/graphql.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

describe('Tesla scopes', () => {
  let stack: TestStack;
  let org: Awaited<ReturnType<TestStack['demoOrganization']>>;

  beforeAll(async () => {
    stack = await startTestStack();
    org = await stack.demoOrganization();
  });
  afterAll(() => stack?.close());

  it('reads the granted scopes from the access token', async () => {
    const result = await stack.execute(TeslaAccountsDocument, {}, org.apiKey);
    const [connection] = result.data!.teslaAccounts;
    expect(connection!.grantedScopes).toEqual(expect.arrayContaining(['energy_device_data', 'vehicle_device_data']));
    expect(connection!.region).toBe('na');
    expect(connection!.status).toBe('ACTIVE');
  });

  it('says which scope is missing, and how the customer fixes it, without calling Tesla', async () => {
    // The customer consents again, this time without energy data: same account, fewer scopes.
    await stack.connectAccount(org.organizationId, 'demo', ['openid', 'offline_access', 'vehicle_device_data']);
    const connections = await stack.execute(TeslaAccountsDocument, {}, org.apiKey);
    expect(connections.data!.teslaAccounts).toHaveLength(1);
    expect(connections.data!.teslaAccounts[0]!.grantedScopes).not.toContain('energy_device_data');

    await stack.sim.resetCounters();
    const result = await stack.execute(SitesOverviewDocument, { first: 3 }, org.apiKey);
    // Inventory is still listed; the live fields carry the error.
    expect(result.data!.sites.edges).toHaveLength(3);
    expect(result.data!.sites.edges.every((e) => e.node.liveStatus === null && e.node.settings === null)).toBe(true);
    const error = result.errors![0]!;
    expect(error.extensions).toMatchObject({
      code: 'INSUFFICIENT_SCOPES',
      requiredScopes: ['energy_device_data'],
      missingScopes: ['energy_device_data'],
      grantedScopes: ['openid', 'offline_access', 'vehicle_device_data'],
    });
    expect(error.message).toContain('energy_device_data');
    const remediation = error.extensions!['remediation'] as { revokeConsentUrl: string; steps: string[] };
    expect(remediation.revokeConsentUrl).toBe(`https://auth.tesla.com/user/revoke/consent?revoke_client_id=${stack.gateway.config.tesla.clientId}`);
    expect(remediation.steps.join(' ')).toContain('energy_device_data');
    const counters = await stack.sim.counters();
    expect(counters.byEndpoint['live_status'] ?? 0).toBe(0);
    expect(counters.byEndpoint['site_info'] ?? 0).toBe(0);
  });

  it('a token with no data scopes at all: vehicles say INSUFFICIENT_SCOPES naming vehicle_device_data', async () => {
    await stack.connectAccount(org.organizationId, 'demo', ['openid', 'offline_access']);
    const result = await stack.execute(VehiclesOverviewDocument, { first: 1 }, org.apiKey);
    const codes = new Set(result.errors?.map((e) => e.extensions?.code));
    expect(codes).toEqual(new Set(['INSUFFICIENT_SCOPES']));
    expect(result.errors![0]!.extensions!['missingScopes']).toEqual(['vehicle_device_data']);
  });
});
