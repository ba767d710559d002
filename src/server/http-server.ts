import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { judgeOrigin, type OriginPolicy } from './origin-policy.js';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
  /**
   * Reported, never failing readiness: a condition every instance shares alike (Tesla's billing
   * limit), where a 503 would only make the orchestrator pull or restart every instance and take
   * down what still works (stored data, commands queued for later). Listed under `degraded`.
   */
  advisory?: boolean;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpRoutesOptions {
  graphql: Handler;
  /** Domain routes by exact path, e.g. the OAuth callback. */
  routes: Record<string, Handler>;
  /** Domain routes with one path parameter, e.g. `/events/{id}/performance.csv`; `route` labels metrics. */
  paramRoutes?: { route: string; pattern: RegExp; handler: (req: IncomingMessage, res: ServerResponse, param: string) => void | Promise<void> }[];
  readiness: ReadinessCheck[];
  isStarted: () => boolean;
  metrics: Metrics;
  publicKeyPem: string | null;
  logger: Logger;
  /** Limits checked before any work (README "Security"); unset: no limits (unit tests of routes). */
  exposure?: { maxRequestBytes: number; origins: OriginPolicy };
}

export const PUBLIC_KEY_PATH = '/.well-known/appspecific/com.tesla.3p.public-key.pem';

function send(res: ServerResponse, status: number, body: string, contentType = 'application/json'): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * Refuses, before any work, what the gateway never serves: a cross-origin browser request from an
 * origin not in CORS_ORIGINS (403, preflights included), and a body announced larger than
 * MAX_REQUEST_BYTES (413). Bodies without a length are counted as they are read (readBody).
 */
function admit(req: IncomingMessage, res: ServerResponse, exposure: NonNullable<HttpRoutesOptions['exposure']>, logger: Logger): boolean {
  if (judgeOrigin(req.headers, exposure.origins) === 'refused') {
    logger.info({ origin: req.headers.origin?.slice(0, 200), method: req.method }, 'refused a cross-origin request (origin not in CORS_ORIGINS)');
    res.setHeader('vary', 'Origin');
    send(res, 403, JSON.stringify({ errors: [{ message: 'cross-origin requests from this origin are not allowed (CORS_ORIGINS)', extensions: { code: 'FORBIDDEN' } }] }));
    req.resume();
    return false;
  }
  const length = Number(req.headers['content-length'] ?? 0);
  if (Number.isFinite(length) && length > exposure.maxRequestBytes) {
    tooLarge(res, exposure.maxRequestBytes);
    return false;
  }
  return true;
}

/** 413, and the connection is closed: the rest of the body is never read. */
function tooLarge(res: ServerResponse, maxBytes: number): void {
  res.setHeader('connection', 'close');
  send(res, 413, JSON.stringify({ errors: [{ message: `request body larger than ${maxBytes} bytes (MAX_REQUEST_BYTES)`, extensions: { code: 'PAYLOAD_TOO_LARGE', maxBytes } }] }));
}

/** The whole body, or 'too large' as soon as it exceeds `maxBytes` (then reading stops). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too large' | 'aborted'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.pause();
        resolve('too large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    // The client went away mid-upload: nothing to answer (a no-op once 'end' resolved).
    req.once('close', () => resolve('aborted'));
    req.once('error', reject);
  });
}

/** The route label for metrics: known paths only, so scanners cannot blow up label cardinality. */
function routeOf(pathname: string, options: HttpRoutesOptions): string {
  if (['/graphql', '/healthz', '/readyz', '/metrics', PUBLIC_KEY_PATH].includes(pathname) || pathname in options.routes) return pathname;
  return options.paramRoutes?.find((r) => r.pattern.test(pathname))?.route ?? 'other';
}

/** One node:http server for GraphQL (and, later, its WebSocket upgrade) and the operational routes. */
export function createHttpServer(options: HttpRoutesOptions): Server {
  return createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://gateway').pathname;
    const route = routeOf(pathname, options);
    res.on('finish', () => options.metrics.httpRequests.inc({ route, status: String(res.statusCode) }));
    if (options.exposure && !admit(req, res, options.exposure, options.logger)) return;
    void handle(req, res, pathname, options).catch((error: unknown) => {
      options.logger.error({ err: error, route }, 'request failed');
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: 'internal error' }));
      else res.end();
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, pathname: string, options: HttpRoutesOptions): Promise<void> {
  const route = Object.hasOwn(options.routes, pathname) ? options.routes[pathname] : undefined;
  if (route) return route(req, res);
  for (const { pattern, handler } of options.paramRoutes ?? []) {
    const match = pattern.exec(pathname);
    if (match) return handler(req, res, decodeURIComponent(match[1] ?? ''));
  }
  switch (pathname) {
    case '/graphql':
      if (options.exposure && req.method !== 'GET' && req.method !== 'HEAD') {
        const body = await readBody(req, options.exposure.maxRequestBytes);
        if (body === 'aborted') return;
        if (body === 'too large') return tooLarge(res, options.exposure.maxRequestBytes);
        // Yoga (whatwg-node) takes an already read body as is instead of reading the stream again.
        (req as IncomingMessage & { body?: Buffer }).body = body;
      }
      return options.graphql(req, res);
    case '/healthz':
      return send(res, 200, JSON.stringify({ status: 'ok' }));
    case '/readyz': {
      const checks: Record<string, string> = {};
      const degraded: string[] = [];
      let ready = options.isStarted();
      if (!ready) checks['startup'] = 'starting';
      await Promise.all(
        options.readiness.map(async ({ name, check, advisory }) => {
          try {
            await check();
            checks[name] = 'ok';
          } catch (error) {
            if (advisory) {
              degraded.push(name);
              checks[name] = `degraded: ${(error as Error).message}`;
              return;
            }
            ready = false;
            checks[name] = `failing: ${(error as Error).message}`;
          }
        }),
      );
      return send(res, ready ? 200 : 503, JSON.stringify({ status: ready ? 'ready' : 'not ready', checks, ...(degraded.length ? { degraded } : {}) }));
    }
    case '/metrics':
      return send(res, 200, await options.metrics.registry.metrics(), options.metrics.registry.contentType);
    case PUBLIC_KEY_PATH:
      if (!options.publicKeyPem) return send(res, 404, JSON.stringify({ error: 'no public key configured (TESLA_PUBLIC_KEY_FILE)' }));
      return send(res, 200, options.publicKeyPem, 'application/x-pem-file');
    default:
      return send(res, 404, JSON.stringify({ error: 'not found', see: '/graphql' }));
  }
}
