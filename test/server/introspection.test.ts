import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

describe('GRAPHQL_INTROSPECTION=false: no introspection, no GraphiQL, no field suggestions', () => {
  let stack: TestStack;
  let apiKey: string;

  beforeAll(async () => {
    stack = await startTestStack({ env: { GRAPHQL_INTROSPECTION: 'false' } });
    apiKey = (await stack.createOrganization()).apiKey;
  });
  afterAll(() => stack?.close());

  it('refuses an introspection query with a coded error', async () => {
    const result = await stack.execute('{ __schema { types { name } } }', {}, apiKey);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0]?.message).toMatch(/introspection/i);
    const typeQuery = await stack.execute('{ __type(name: "Site") { fields { name } } }', {}, apiKey);
    expect(typeQuery.data ?? null).toBeNull();
    expect(typeQuery.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('does not serve GraphiQL', async () => {
    const response = await fetch(`${stack.gatewayUrl}/graphql`, { headers: { accept: 'text/html' } });
    const body = await response.text();
    expect(response.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(body).not.toContain('<title>derms-gateway</title>');
  });

  it('hides "Did you mean" suggestions, for fields and enum values alike', async () => {
    const field = await stack.execute('{ sitez(first: 1) { totalCount } }', {}, apiKey);
    expect(field.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(field.errors)).not.toMatch(/Did you mean/);
    expect(JSON.stringify(field.errors)).not.toContain('"sites"');

    const enumValue = await stack.execute(
      'query($filter: CommandFilter) { commands(first: 1, filter: $filter) { totalCount } }',
      { filter: { statuses: ['QUEUD'] } },
      apiKey,
    );
    expect(enumValue.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(enumValue.errors)).not.toMatch(/Did you mean/);
  });

  it('still answers ordinary queries (and __typename)', async () => {
    const result = await stack.execute('{ __typename sites(first: 1) { totalCount } }', {}, apiKey);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ __typename: 'Query', sites: { totalCount: 0 } });
  });
});
