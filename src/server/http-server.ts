import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
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
}

export const PUBLIC_KEY_PATH = '/.well-known/appspecific/com.tesla.3p.public-key.pem';

function send(res: ServerResponse, status: number, body: string, contentType = 'application/json'): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
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
      return options.graphql(req, res);
    case '/healthz':
      return send(res, 200, JSON.stringify({ status: 'ok' }));
    case '/readyz': {
      const checks: Record<string, string> = {};
      let ready = options.isStarted();
      if (!ready) checks['startup'] = 'starting';
      await Promise.all(
        options.readiness.map(async ({ name, check }) => {
          try {
            await check();
            checks[name] = 'ok';
          } catch (error) {
            ready = false;
            checks[name] = `failing: ${(error as Error).message}`;
          }
        }),
      );
      return send(res, ready ? 200 : 503, JSON.stringify({ status: ready ? 'ready' : 'not ready', checks }));
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
