import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

/**
 * Issue 11 items 8 and 11: DateTime is RFC 3339 (`@specifiedBy`), with an offset, years 0001–9999;
 * anything else is BAD_USER_INPUT before any work, never a server error.
 */
const QUERY = `query($t: DateTime!) { commands(first: 1, filter: { createdAfter: $t }) { totalCount } }`;

describe('the DateTime scalar', () => {
  let stack: TestStack;
  let apiKey: string;
  beforeAll(async () => {
    stack = await startTestStack();
    apiKey = (await stack.createOrganization()).apiKey;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('is specified by RFC 3339 in the schema', async () => {
    const sdl = await (await fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query: '{ __type(name: "DateTime") { specifiedByURL } }' }),
    })).json() as { data: { __type: { specifiedByURL: string } } };
    expect(sdl.data.__type.specifiedByURL).toBe('https://datatracker.ietf.org/doc/html/rfc3339');
  });

  it('accepts RFC 3339 with an offset and refuses everything else with BAD_USER_INPUT', async () => {
    for (const ok of ['2026-11-30T18:00:00Z', '2026-11-30T18:00:00.123+01:00', '0001-01-01T00:00:00Z']) {
      const result = await stack.execute(QUERY, { t: ok }, apiKey);
      expect(result.errors, ok).toBeUndefined();
    }
    const bad = ['now', '2026', '2026-11-30', '2026-11-30T18:00:00', '+275760-09-13T00:00:00Z', '10000-01-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-11-30T18:00:00\u0000Z', '0000-01-01T00:00:00Z'];
    for (const value of bad) {
      const result = await stack.execute(QUERY, { t: value }, apiKey);
      expect(result.errors?.[0]?.extensions, JSON.stringify(value)).toEqual({ code: 'BAD_USER_INPUT', field: 't' });
    }
  });

  it('names the input path of any variable that cannot be coerced, never INTERNAL_SERVER_ERROR', async () => {
    const nested = await stack.execute(`query($f: CommandFilter) { commands(first: 1, filter: $f) { totalCount } }`, { f: { createdAfter: 'now' } }, apiKey);
    expect(nested.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'f.createdAfter' });
    const notInt = await stack.execute(`query($n: Int) { commands(first: $n) { totalCount } }`, { n: 50.5 }, apiKey);
    expect(notInt.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'n' });
    const missing = await stack.execute(QUERY, {}, apiKey);
    expect(missing.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 't' });
  });
});
