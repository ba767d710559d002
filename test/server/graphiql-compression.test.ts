import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

/** GET over node:http, which (unlike fetch) hands back the bytes as sent. */
function getRaw(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('GraphiQL is served compressed', () => {
  let stack: TestStack;
  let plain: Buffer;

  beforeAll(async () => {
    stack = await startTestStack();
    const response = await getRaw(`${stack.gatewayUrl}/graphql`, { accept: 'text/html' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    plain = response.body;
    expect(plain.toString()).toContain('<title>derms-gateway</title>');
  });
  afterAll(() => stack?.close());

  it('gzip when the browser accepts gzip: much smaller, same page', async () => {
    const response = await getRaw(`${stack.gatewayUrl}/graphql`, { accept: 'text/html', 'accept-encoding': 'gzip, deflate' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['vary']).toMatch(/accept-encoding/i);
    expect(response.body.length).toBeLessThan(plain.length / 3);
    expect(gunzipSync(response.body).equals(plain)).toBe(true);
  });

  it('brotli when the browser accepts it', async () => {
    const response = await getRaw(`${stack.gatewayUrl}/graphql`, { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.body.length).toBeLessThan(plain.length / 3);
    expect(brotliDecompressSync(response.body).equals(plain)).toBe(true);
  });

  it('leaves GraphQL responses alone', async () => {
    const response = await fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('content-encoding')).toBeNull();
  });
});
