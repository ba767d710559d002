import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeByIdDocument, SiteByIdDocument, SitesOverviewDocument, VehicleByIdDocument, VehiclesOverviewDocument } from '../../schema/generated/graphql.js';
import { missingGlobalId } from '../helpers/fixtures.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

describe('API keys and organizations', () => {
  let stack: TestStack;
  let a: Awaited<ReturnType<TestStack['demoOrganization']>>;
  let b: { organizationId: string; apiKey: string };
  let siteOfA: string;
  let vehicleOfA: string;

  beforeAll(async () => {
    stack = await startTestStack();
    a = await stack.demoOrganization();
    b = await stack.createOrganization();
    await stack.connectAccount(b.organizationId, 'small');
    const sites = await stack.execute(SitesOverviewDocument, { first: 1 }, a.apiKey);
    siteOfA = sites.data!.sites.edges[0]!.node.id;
    const vehicles = await stack.execute(VehiclesOverviewDocument, { first: 1 }, a.apiKey);
    vehicleOfA = vehicles.data!.vehicles.edges[0]!.node.id;
  });
  afterAll(() => stack?.close());

  it('answers UNAUTHENTICATED without a key or with an unknown one', async () => {
    for (const key of [undefined, 'dgw_not_a_real_key']) {
      const result = await stack.execute(SitesOverviewDocument, { first: 1 }, key);
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.errors?.[0]?.message).toContain('Authorization: Bearer');
    }
  });

  it("shows each organization only its own fleet", async () => {
    const accountB = await stack.sim.account('small');
    const sitesOfB = await stack.execute(SitesOverviewDocument, { first: 30 }, b.apiKey);
    expect(sitesOfB.data!.sites.totalCount).toBe(accountB.energySiteIds.length);
    expect(sitesOfB.data!.sites.edges.map((e) => e.node.energySiteId).sort()).toEqual([...accountB.energySiteIds].sort());
    const vehiclesOfB = await stack.execute(VehiclesOverviewDocument, { first: 100 }, b.apiKey);
    expect(vehiclesOfB.data!.vehicles.edges.map((e) => e.node.vin)).toEqual(accountB.vehicles.map((v) => v.vin));
  });

  it("answers NOT_FOUND for another organization's site exactly as for a missing one", async () => {
    const foreign = await stack.execute(SiteByIdDocument, { id: siteOfA }, b.apiKey);
    const missing = await stack.execute(SiteByIdDocument, { id: missingGlobalId('Site') }, b.apiKey);
    expect(foreign.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(foreign.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
    expect(foreign.errors?.[0]?.extensions).toEqual(missing.errors?.[0]?.extensions);
    const own = await stack.execute(SiteByIdDocument, { id: siteOfA }, a.apiKey);
    expect(own.errors).toBeUndefined();

    const foreignVehicle = await stack.execute(VehicleByIdDocument, { id: vehicleOfA }, b.apiKey);
    expect(foreignVehicle.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
  });

  it("resolves node(id) of another organization's object to null, like a missing one", async () => {
    const foreign = await stack.execute(NodeByIdDocument, { id: siteOfA }, b.apiKey);
    const missing = await stack.execute(NodeByIdDocument, { id: missingGlobalId('Site') }, b.apiKey);
    expect(foreign).toEqual(missing);
    expect(foreign.data!.node).toBeNull();
  });
});
