import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `GET /control-room`: the live web console, a same-origin client of the public GraphQL API. Its
 * assets are built by `npm run build` (Vite, see web/vite.config.ts) into `dist/`, each next to a
 * Brotli (`.br`) and a gzip (`.gz`) copy made at build time; here they are only picked and sent.
 * Hashed assets (`/control-room/assets/…`) are immutable for a year; the page itself is revalidated
 * (ETag) so a new build is seen on the next load.
 */

/** Where `npm run build` writes the console. */
// From src/control-room/ or from the server bundle in src/.build/ (src/launcher/server-bundle.mjs) alike.
export const CONTROL_ROOM_DIST = fileURLToPath(new URL('../control-room/dist/', import.meta.url));

/** `/control-room`, `/control-room/`, `/control-room/assets/app-1a2b.js`: group 1 is the file part. */
export const CONTROL_ROOM_PATTERN = /^\/control-room(?:\/(.*))?$/;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Same-origin only: scripts, styles, images and the GraphQL endpoint (HTTP and WebSocket) of this gateway. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // uPlot positions its cursor and legend with inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const YEAR_S = 365 * 24 * 3600;

function sendText(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra });
  res.end(body);
}

/** The encodings the client accepts, by the precompressed copies we have (q=0 refuses). */
function accepts(req: IncomingMessage, encoding: 'br' | 'gzip'): boolean {
  const header = String(req.headers['accept-encoding'] ?? '');
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    if (name?.trim().toLowerCase() !== encoding) return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

async function fileSize(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

/** If-None-Match holds this ETag (a list, `*`, or weak `W/` forms compare by their opaque part, RFC 9110 §13.1.2). */
function matchesNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const candidate = tag.trim();
    return candidate === '*' || candidate.replace(/^W\//, '') === etag;
  });
}

/** Serves the control room's page and assets from `distDir` (tests point it elsewhere). */
export async function handleControlRoom(req: IncomingMessage, res: ServerResponse, filePart: string, distDir = CONTROL_ROOM_DIST): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
  // `/control-room` and `/control-room/` are the page; its asset URLs are absolute (`/control-room/assets/…`).
  const relative = filePart === '' ? 'index.html' : filePart;
  const resolved = normalize(join(distDir, relative));
  if (!resolved.startsWith(normalize(distDir).replace(/[\\/]?$/, sep)) || relative.endsWith('.br') || relative.endsWith('.gz')) return sendText(res, 404, 'not found');
  const type = TYPES[extname(resolved)];
  let size = type ? await fileSize(resolved) : null;
  if (size === null) {
    if (relative === 'index.html') return sendText(res, 503, 'The control room is not built: run `npm run build` (npm install does it).');
    return sendText(res, 404, 'not found');
  }
  const isPage = relative === 'index.html';
  const headers: Record<string, string> = {
    'content-type': type!,
    vary: 'Accept-Encoding',
    'x-content-type-options': 'nosniff',
    'cache-control': isPage ? 'no-cache' : `public, max-age=${YEAR_S}, immutable`,
  };
  let path = resolved;
  let encoding: 'br' | 'gzip' | 'identity' = 'identity';
  for (const [name, suffix] of [
    ['br', '.br'],
    ['gzip', '.gz'],
  ] as const) {
    if (!accepts(req, name)) continue;
    const compressedSize = await fileSize(resolved + suffix);
    if (compressedSize === null) continue;
    path = resolved + suffix;
    size = compressedSize;
    encoding = name;
    headers['content-encoding'] = name;
    break;
  }
  if (isPage) {
    headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    headers['referrer-policy'] = 'no-referrer';
    // The page is small: its ETag is its content's, so a rebuild is picked up at once. Each encoding
    // is a different body, so it gets its own (strong) ETag: a cache never pairs one with another's.
    const etag = `"${createHash('sha256').update(await readFile(resolved)).digest('base64url').slice(0, 22)}-${encoding}"`;
    headers['etag'] = etag;
    if (matchesNoneMatch(req.headers['if-none-match'], etag)) {
      // A 304 carries the validators and caching headers, not the body's metadata (RFC 9110 §15.4.5).
      const { 'content-encoding': _bodyEncoding, ...notModified } = headers;
      res.writeHead(304, notModified);
      res.end();
      return;
    }
  }
  headers['content-length'] = String(size);
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(path);
    stream.on('error', reject);
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res).on('finish', resolve);
  });
}
