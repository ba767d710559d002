import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

const CONSOLE = 'https://console.example.com';
const EVIL = 'https://evil.example';
const QUERY = JSON.stringify({ query: '{ sites(first: 1) { totalCount } }' });

describe('CORS: cross-origin callers only from CORS_ORIGINS', () => {
  let stack: TestStack;
  let apiKey: string;

  beforeAll(async () => {
    stack = await startTestStack({ env: { CORS_ORIGINS: CONSOLE } });
    apiKey = (await stack.createOrganization()).apiKey;
  });
  afterAll(() => stack?.close());

  const post = (origin: string) =>
    fetch(`${stack.gatewayUrl}/graphql`, { method: 'POST', headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: QUERY });
  const preflight = (origin: string) =>
    fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });

  it('refuses a request from an origin that is not listed, and grants it no CORS header', async () => {
    const response = await post(EVIL);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('totalCount');
  });

  it('refuses the preflight of an origin that is not listed', async () => {
    const response = await preflight(EVIL);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('allows a listed origin: preflight and request', async () => {
    const pre = await preflight(CONSOLE);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();

    const response = await post(CONSOLE);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(await response.json()).toEqual({ data: { sites: { totalCount: 0 } } });
  });

  it('serves its own origin (the control room) without CORS headers', async () => {
    const response = await post(new URL(stack.gatewayUrl).origin);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a WebSocket upgrade from an origin that is not listed', async () => {
    const url = `${stack.gatewayUrl.replace(/^http/, 'ws')}/graphql`;
    const outcome = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(url, 'graphql-transport-ws', { origin });
        socket.once('open', () => {
          socket.close();
          resolve('open');
        });
        socket.once('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
        socket.once('error', () => resolve('error'));
      });
    expect(await outcome(EVIL)).toMatch(/^refused 4\d\d$/);
    expect(await outcome(CONSOLE)).toBe('open');
  });
});
