import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { ensureControlRoomBuilt } from './control-room-assets.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http, not fetch: fetch would negotiate and undo the compression this test looks at. */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /control-room', () => {
  let stack: TestStack;
  let dist: string;
  let script: string;
  let style: string;

  beforeAll(async () => {
    dist = await ensureControlRoomBuilt();
    stack = await startTestStack();
    const assets = readdirSync(join(dist, 'assets'));
    script = assets.find((f) => f.endsWith('.js'))!;
    style = assets.find((f) => f.endsWith('.css'))!;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('serves the page, revalidated by ETag, same-origin only (CSP), with no API key anywhere in it', async () => {
    for (const path of ['/control-room', '/control-room/']) {
      const page = await get(`${stack.gatewayUrl}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['content-security-policy']).toContain("default-src 'self'");
      expect(page.body.toString()).toContain(`/control-room/assets/${script}`);
      expect(page.body.toString()).not.toMatch(/https?:\/\//);
      const again = await get(`${stack.gatewayUrl}${path}`, { 'if-none-match': String(page.headers['etag']) });
      expect(again.status).toBe(304);
    }
  });

  it('gives each encoding of the page its own ETag, and answers 304 only to the ETag of the encoding it would send', async () => {
    const url = `${stack.gatewayUrl}/control-room`;
    const encodings = { br: 'br', gzip: 'gzip', identity: 'br;q=0, gzip;q=0' };
    const etags: Record<string, string> = {};
    for (const [encoding, accept] of Object.entries(encodings)) {
      const page = await get(url, { 'accept-encoding': accept });
      expect(page.status).toBe(200);
      expect(page.headers['content-encoding']).toBe(encoding === 'identity' ? undefined : encoding);
      etags[encoding] = String(page.headers['etag']);
      expect(etags[encoding]).toMatch(/^"[^"]+"$/);
      const again = await get(url, { 'accept-encoding': accept, 'if-none-match': etags[encoding]! });
      expect(again.status).toBe(304);
      expect(again.headers['etag']).toBe(etags[encoding]);
      expect(again.body.length).toBe(0);
      // In a list, and in its weak form (If-None-Match compares weakly).
      expect((await get(url, { 'accept-encoding': accept, 'if-none-match': `"other", W/${etags[encoding]}` })).status).toBe(304);
    }
    expect(new Set(Object.values(etags)).size).toBe(3);
    // A cached Brotli body is not confirmed to a client that would get the gzip one.
    const crossed = await get(url, { 'accept-encoding': 'gzip', 'if-none-match': etags['br']! });
    expect(crossed.status).toBe(200);
    expect(crossed.headers['content-encoding']).toBe('gzip');
  });

  it('serves hashed assets immutable for a year, precompressed: Brotli, else gzip, else identity', async () => {
    const raw = readFileSync(join(dist, 'assets', script));
    const url = `${stack.gatewayUrl}/control-room/assets/${script}`;
    const br = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['vary']).toBe('Accept-Encoding');
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(br.body.length).toBeLessThan(raw.length / 2);
    expect(brotliDecompressSync(br.body).equals(raw)).toBe(true);

    const gz = await get(url, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(raw)).toBe(true);

    const refused = await get(url, { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.equals(raw)).toBe(true);

    const css = await get(`${stack.gatewayUrl}/control-room/assets/${style}`, { 'accept-encoding': 'br' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['content-encoding']).toBe('br');

    const head = await get(url, { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(br.body.length));
    expect(head.body.length).toBe(0);
  });

  it('serves nothing outside its build: unknown files, the compressed copies themselves, path tricks, other methods', async () => {
    expect((await get(`${stack.gatewayUrl}/control-room/assets/nope.js`)).status).toBe(404);
    expect((await get(`${stack.gatewayUrl}/control-room/assets/${script}.br`)).status).toBe(404);
    expect((await get(`${stack.gatewayUrl}/control-room/..%2f..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await get(`${stack.gatewayUrl}/control-room/%2e%2e/control-room-routes.ts`)).status).toBe(404);
    expect((await get(`${stack.gatewayUrl}/control-room/`, {}, 'POST')).status).toBe(405);
  });
});
