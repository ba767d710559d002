import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SitesOverviewDocument } from '../../schema/generated/graphql.js';
import { CrSitesPageDocument } from '../../src/control-room/web/generated/graphql.js';
import { QUERY_LIMITS } from '../../src/server/yoga.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

describe('protection and operational routes', () => {
  let stack: TestStack;
  let org: Awaited<ReturnType<TestStack['demoOrganization']>>;

  beforeAll(async () => {
    stack = await startTestStack();
    org = await stack.demoOrganization();
  });
  afterAll(() => stack?.close());

  it('rejects a query nested deeper than the limit with QUERY_TOO_COMPLEX', async () => {
    let selection = 'id';
    for (let i = 0; i < QUERY_LIMITS.maxDepth; i++) selection = `site { powerwalls { ${selection} } }`;
    const query = `query { sites(first: 1) { edges { node { powerwalls { ${selection} } } } } }`;
    const result = await stack.execute(query, {}, org.apiKey);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('rejects too many aliases with QUERY_TOO_COMPLEX', async () => {
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: sites(first: 1) { totalCount }`).join('\n');
    const result = await stack.execute(`query { ${aliases} }`, {}, org.apiKey);
    expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it("still accepts the control room's sites page", async () => {
    // The console pages its sites table 25 at a time (src/control-room/web/src/sites.ts).
    const result = await stack.execute(CrSitesPageDocument.toString(), { first: 25 }, org.apiKey);
    expect(result.errors).toBeUndefined();
  });

  it('counts first: $first as it counts a literal: a page of 100 full sites fits the cost limit, 300 do not', async () => {
    const result = await stack.execute(SitesOverviewDocument, { first: 300 }, org.apiKey);
    expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.errors?.[0]?.message).toMatch(/Cost limit of 100000 exceeded/);
    expect((await stack.execute(SitesOverviewDocument, { first: 100 }, org.apiKey)).errors).toBeUndefined();
  });

  it('serves /healthz and /readyz', async () => {
    const health = await fetch(`${stack.gatewayUrl}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${stack.gatewayUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', bus: 'ok', teslaBilling: 'ok' } });
  });

  it('counts requests and upstream calls by endpoint and status on /metrics', async () => {
    const metrics = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
    expect(metrics).toMatch(/derms_upstream_calls_total\{endpoint="live_status",status="200"\} \d+/);
    expect(metrics).toMatch(/derms_upstream_calls_total\{endpoint="products",status="200"\} 1/);
    expect(metrics).toMatch(/derms_http_requests_total\{route="\/graphql",status="200"\} \d+/);
  });

  it('serves GraphiQL to a browser without loading anything from the internet', async () => {
    const response = await fetch(`${stack.gatewayUrl}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<title>derms-gateway</title>');
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toMatch(/<link[^>]+href="https?:\/\/(unpkg|cdn)/);
  });

  it("serves the integrator's public key where Tesla looks for it", async () => {
    const response = await fetch(`${stack.gatewayUrl}/.well-known/appspecific/com.tesla.3p.public-key.pem`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });
});
