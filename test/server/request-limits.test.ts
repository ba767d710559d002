import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

const MiB = 1024 * 1024;
/** The documented limits (README "Security"); literal here so this file runs against any version. */
const INPUT_LIMITS = { nameMaxLength: 200, idempotencyKeyMaxLength: 255, listMaxItems: 1000 };
const UPSTREAM_TEXT_MAX_LENGTH = 300;
const SITES = `query Sites($filter: SiteFilter) { sites(first: 1, filter: $filter) { totalCount } }`;

/** POSTs a body of `size` bytes as chunked transfer (no Content-Length), as a streaming client would. */
function postChunked(url: string, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    req.write('{"query":"{ __typename }","variables":{"x":"');
    pump();
  });
}

describe('size limits before work (MAX_REQUEST_BYTES, string and list inputs, upstream text)', () => {
  let stack: TestStack;
  let org: Awaited<ReturnType<TestStack['demoOrganization']>>;

  beforeAll(async () => {
    stack = await startTestStack();
    org = await stack.demoOrganization();
  });
  afterAll(() => stack?.close());

  it('answers a 2 MiB body with 413 at once, and the gateway keeps answering', async () => {
    const started = Date.now();
    const response = await fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${org.apiKey}` },
      body: JSON.stringify({ query: SITES, variables: { filter: { nameContains: 'x'.repeat(2 * MiB) } } }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(Date.now() - started).toBeLessThan(2000);

    const next = await stack.execute(SITES, {}, org.apiKey);
    expect(next.errors).toBeUndefined();
    expect((next.data as { sites: { totalCount: number } }).sites.totalCount).toBeGreaterThan(0);
  });

  it('counts a body sent without Content-Length as it arrives: 413 past the limit', async () => {
    const result = await postChunked(stack.gatewayUrl, 2 * MiB);
    expect(result.status).toBe(413);
    expect(result.body).toContain('PAYLOAD_TOO_LARGE');
  });

  it('closes a WebSocket that sends a 2 MiB frame before it authenticates (1009)', async () => {
    const socket = new WebSocket(`${stack.gatewayUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.on('error', () => {});
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'x'.repeat(2 * MiB) } }));
    const code = await Promise.race([closed, new Promise<string>((r) => setTimeout(() => r('still open'), 5000))]);
    expect(code).toBe(1009);
    // …and the gateway still answers.
    expect((await stack.execute(SITES, {}, org.apiKey)).errors).toBeUndefined();
  });

  it('refuses a string input over its documented maximum with BAD_USER_INPUT naming the input path', async () => {
    const longName = await stack.execute(SITES, { filter: { nameContains: 'x'.repeat(INPUT_LIMITS.nameMaxLength + 1) } }, org.apiKey);
    expect(longName.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.nameContains' });
    expect(longName.data ?? null).toBeNull();

    const site = await stack.firstBatterySite(org.apiKey);
    const mutation = `mutation($input: SetBackupReserveInput!) { setBackupReserve(input: $input) { command { id } } }`;
    const longKey = await stack.execute(
      mutation,
      { input: { siteId: site.id, backupReservePercent: 30, idempotencyKey: 'k'.repeat(INPUT_LIMITS.idempotencyKeyMaxLength + 1) } },
      org.apiKey,
    );
    expect(longKey.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idempotencyKey' });
    // Nothing was stored.
    const commands = await stack.execute(`{ commands(first: 5) { totalCount } }`, {}, org.apiKey);
    expect((commands.data as { commands: { totalCount: number } }).commands.totalCount).toBe(0);
  });

  it('refuses a list argument with more items than allowed, before reading any of them', async () => {
    const tooMany = await stack.execute(`query($filter: CommandFilter) { commands(first: 1, filter: $filter) { totalCount } }`, {
      filter: { statuses: Array.from({ length: INPUT_LIMITS.listMaxItems + 1 }, () => 'QUEUED') },
    }, org.apiKey);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.statuses' });
    expect(tooMany.data ?? null).toBeNull();
  });

  it("caps Tesla's error text copied into an error and strips anything token-shaped", async () => {
    const leakedToken = `eyJhbGciOiJSUzI1NiJ9.${'eyJzdWIiOiJjdXN0b21lciJ9'}.${'s'.repeat(40)}`;
    const site = await stack.firstBatterySite(org.apiKey);
    await stack.sim.addFault({ endpoint: 'live_status', status: 400, error: `bad request for Bearer ${leakedToken} ${'blah '.repeat(2000)}` });
    try {
      const result = await stack.execute(`query($id: ID!) { site(id: $id) { liveStatus { batteryPowerW } } }`, { id: site.id }, org.apiKey);
      const error = result.errors?.[0];
      expect(error?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(error?.message).toContain('bad request for');
      expect(error?.message).not.toContain(leakedToken);
      expect(error?.message).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
      expect(error!.message.length).toBeLessThan(UPSTREAM_TEXT_MAX_LENGTH + 200);
    } finally {
      await stack.sim.clearFaults();
    }
  });
});
