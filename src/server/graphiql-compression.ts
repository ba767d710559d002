import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

type Encoding = 'br' | 'gzip';

/** The encoding to use, by the client's `Accept-Encoding` (q=0 refuses one); brotli first. */
export function pickEncoding(acceptEncoding: string | null): Encoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name!.trim(), q ? Number(q.slice(2)) : 1);
  }
  const wants = (e: string) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0;
  if (wants('br')) return 'br';
  if (wants('gzip')) return 'gzip';
  return null;
}

/**
 * GraphiQL is one ~9 MB HTML page (the bundle is inlined so the sandbox works offline). Served
 * compressed when the browser accepts it: brotli (≈1.9 MB) or gzip (≈2.4 MB), computed once per page content and kept
 * (the page only changes with the configuration). Only HTML is touched: GraphQL responses and
 * SSE streams pass as they are.
 */
export function useCompressedGraphiQL(): Plugin {
  const cache = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (request.method !== 'GET' || response.status !== 200 || !response.headers.get('content-type')?.startsWith('text/html')) return;
      if (response.headers.has('content-encoding')) return;
      const encoding = pickEncoding(request.headers.get('accept-encoding'));
      const headers = new fetchAPI.Headers(response.headers);
      headers.append('vary', 'Accept-Encoding');
      if (!encoding) {
        setResponse(new fetchAPI.Response(response.body, { status: response.status, headers }));
        return;
      }
      const html = Buffer.from(await response.arrayBuffer());
      const key = `${encoding}:${createHash('sha256').update(html).digest('base64')}`;
      let compressed = cache.get(key);
      if (!compressed) {
        compressed = (
          encoding === 'br'
            ? brotli(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: html.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } })
            : gzipAsync(html, { level: 6 })
        ).then((b) => new Uint8Array(b));
        compressed.catch(() => cache.delete(key));
        // The page depends only on the configuration: a handful of entries at most.
        if (cache.size > 8) cache.clear();
        cache.set(key, compressed);
      }
      const body = await compressed;
      headers.set('content-encoding', encoding);
      headers.set('content-length', String(body.length));
      setResponse(new fetchAPI.Response(body, { status: response.status, headers }));
    },
  };
}
