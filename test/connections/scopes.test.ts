import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SitesOverviewDocument, TeslaAccountsDocument, VehiclesOverviewDocument } from '../../schema/generated/graphql.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

describe('Tesla scopes', () => {
  let stack: TestStack;
  let org: Awaited<ReturnType<TestStack['demoOrganization']>>;

  beforeAll(async () => {
    // The `large` account: energy sites only, no cars.
    stack = await startTestStack({ simulator: { largeAccountSites: 3 } });
    org = await stack.demoOrganization();
  });
  afterAll(() => stack?.close());

  it('reads the granted scopes from the access token', async () => {
    const result = await stack.execute(TeslaAccountsDocument, {}, org.apiKey);
    const [connection] = result.data!.teslaAccounts;
    expect(connection!.grantedScopes).toEqual(expect.arrayContaining(['energy_device_data', 'vehicle_device_data']));
    expect(connection!.region).toBe('na');
    expect(connection!.status).toBe('ACTIVE');
    // The sandbox's default consent covers every scope its sites and cars need.
    expect(connection!.missingScopes).toEqual([]);
  });

  it('says which scope is missing, and how the customer fixes it, without calling Tesla', async () => {
    // The customer consents again, this time without energy data: same account, fewer scopes.
    await stack.connectAccount(org.organizationId, 'demo', ['openid', 'offline_access', 'vehicle_device_data']);
    const connections = await stack.execute(TeslaAccountsDocument, {}, org.apiKey);
    expect(connections.data!.teslaAccounts).toHaveLength(1);
    expect(connections.data!.teslaAccounts[0]!.grantedScopes).not.toContain('energy_device_data');
    // The account has energy sites and cars: what both need, less vehicle_device_data.
    expect(connections.data!.teslaAccounts[0]!.missingScopes).toEqual(['energy_device_data', 'energy_cmds', 'vehicle_cmds', 'vehicle_charging_cmds']);

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
    // The account's sites need the energy scopes; a consent with no vehicle scope asks nothing for its cars.
    const accounts = await stack.execute(TeslaAccountsDocument, {}, org.apiKey);
    expect(accounts.data!.teslaAccounts[0]!.missingScopes).toEqual(['energy_device_data', 'energy_cmds']);
  });

  it('asks an energy-only account for energy scopes only, never for vehicle scopes', async () => {
    // A customer with a car whose integrator asked for energy only: nothing is missing.
    const energyOnly = await stack.createOrganization();
    await stack.connectAccount(energyOnly.organizationId, 'small', ['openid', 'offline_access', 'energy_device_data', 'energy_cmds']);
    const withCar = await stack.execute(TeslaAccountsDocument, {}, energyOnly.apiKey);
    expect(withCar.data!.teslaAccounts[0]!.missingScopes).toEqual([]);
    // A token that lists no device at all needs the energy scopes to be of any use.
    const blind = await stack.createOrganization();
    await stack.connectAccount(blind.organizationId, 'small', ['openid', 'offline_access']);
    expect((await stack.execute(TeslaAccountsDocument, {}, blind.apiKey)).data!.teslaAccounts[0]!.missingScopes).toEqual(['energy_device_data', 'energy_cmds']);

    // An account without cars (the simulator's `large` one): energy scopes only, whatever was granted for vehicles.
    const other = await stack.createOrganization();
    await stack.connectAccount(other.organizationId, 'large', ['openid', 'offline_access', 'energy_device_data', 'energy_cmds']);
    const complete = await stack.execute(TeslaAccountsDocument, {}, other.apiKey);
    expect(complete.data!.teslaAccounts[0]!.grantedScopes).not.toContain('vehicle_device_data');
    expect(complete.data!.teslaAccounts[0]!.missingScopes).toEqual([]);

    await stack.connectAccount(other.organizationId, 'large', ['openid', 'offline_access', 'energy_device_data']);
    const readOnly = await stack.execute(TeslaAccountsDocument, {}, other.apiKey);
    expect(readOnly.data!.teslaAccounts[0]!.missingScopes).toEqual(['energy_cmds']);
  });
});
