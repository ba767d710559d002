import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_LARGE_ACCOUNT_SITES } from './fleet/large-account.js';
import { addAccountAdminRoutes } from './http/admin-account-routes.js';
import { addAdminRoutes } from './http/admin-routes.js';
import { addAuthorizeRoutes } from './http/authorize-routes.js';
import type { Handler, HttpContext } from './http/context.js';
import { addFleetRoutes } from './http/fleet-routes.js';
import { addOAuthRoutes } from './http/oauth-routes.js';
import { addRevokeConsentRoutes } from './http/revoke-consent-routes.js';
import { teslaError, writeReply, type Reply } from './http/replies.js';
import { BadRequestBody, readBody } from './http/request-body.js';
import { addPartnerAccountRoutes } from './http/partner-account-routes.js';
import { Router } from './http/router.js';
import { ACCESS_TOKEN_LIFETIME_S } from './oauth/token-issuer.js';
import { addPowerhubAdminRoutes } from './powerhub/powerhub-admin-routes.js';
import { addPowerhubRoutes, POWERHUB_BASE } from './powerhub/powerhub-routes.js';
import {
  DEFAULT_POWERHUB_CLIENT_ID,
  DEFAULT_POWERHUB_CLIENT_SECRET,
  DEFAULT_POWERHUB_TOKEN_LIFETIME_S,
} from './powerhub/powerhub.js';
import { isRegion } from './regions.js';
import { Sandbox } from './sandbox.js';

/**
 * The sandbox simulator: one node:http server speaking Tesla's OAuth and Fleet API contracts, the
 * modeled Powerhub contract under `/powerhub` (DESIGN §11), plus the `/sim/` test controls. `startSimulator({ port: 0 })` is what tests use.
 */

export interface SimulatorOptions {
  /** Default 4001; 0 picks a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** World seed, default 42. */
  seed?: number;
  /** Simulated seconds per real second, default 1 (0 freezes time except for explicit advances). */
  speed?: number;
  /** Simulated epoch ms at start, default Date.now(). */
  startTime?: number;
  /** Default 'derms-sandbox-client'; the only client the OAuth server knows. */
  clientId?: string;
  /**
   * Default 'derms-sandbox-secret'. Token requests that send a client secret (post or basic) must send
   * this one; the client_credentials grant (partner tokens) always needs it, as at Tesla.
   */
  clientSecret?: string;
  /**
   * Default false: like a new Tesla app, registered in no region, so every regional Fleet API call
   * answers 412 until `POST /api/1/partner_accounts` (with a partner token) succeeds there. True
   * registers every region up front, for callers that exercise other endpoints with bare tokens.
   */
  partnerRegistered?: boolean;
  /**
   * China's separate Tesla app (auth.tesla.cn, developer.tesla.cn): when set, the OAuth server also
   * knows this client — the simulator's one OAuth server stands in for both auth hosts.
   */
  cnClient?: { clientId: string; clientSecret?: string };
  /** Exact redirect_uris /oauth2/v3/authorize accepts; default: any http(s) URL. */
  allowedRedirectUris?: string[];
  /** Lifetime of every issued access token, default 28800 (Tesla's 8 h); the admin mint's expiresIn overrides it. */
  accessTokenLifetimeSeconds?: number;
  /** How long the most recently spent refresh token stays usable, default 86400 (Tesla's 24 h); 0 = strictly single use. */
  refreshGraceSeconds?: number;
  /** Whether a refresh invalidates the access tokens issued before it in the grant chain, default true (Tesla since 2024-02). */
  revokeAccessTokensOnRefresh?: boolean;
  rateLimits?: {
    /** Per device per account, default 60; 0 disables. */
    dataPerMinute?: number;
    /** Vehicle and energy commands per device per account, default 30 (Tesla's Device Commands); 0 disables. */
    commandsPerMinute?: number;
    /** `wake_up` calls per car per account, default 3; 0 disables. */
    wakesPerMinute?: number;
  };
  /** Wall-clock seconds (not scaled by `speed`) from `wake_up` until an asleep car is online, default 15. */
  wakeDelaySeconds?: number;
  /**
   * Energy command replies: 'current' (default) = Tesla since 2025-07, `backup` → `{Code:200,Message}`,
   * `grid_import_export` → `""`, the others `{code:201,message}`; 'legacy' = `{code:201,message}` for all.
   */
  energyCommandDialect?: 'current' | 'legacy';
  /**
   * Default 0. When > 0 (at most 10000), adds a third account `large` (region na, no cars) with this
   * many Powerwall sites, all fully editable, in self_consumption at a 20 % reserve, storm mode off.
   * It draws from its own seed fork: the demo and small accounts are the same with or without it.
   */
  largeAccountSites?: number;
  /**
   * Default 0. When > 0 (at most 2000), the `large` account (created even without sites) gets this
   * many cars, so `/api/1/vehicles` spans several 100-car pages. Own seed forks: nothing else changes.
   */
  largeAccountVehicles?: number;
  /**
   * Default 1. Days of history (calendar_history) before the start time: 1 gives "yesterday";
   * more give past weekdays for X-of-Y-days baselines. Integrated only when asked for.
   */
  historyDays?: number;
  /**
   * The `iss` of id_tokens, when it should differ from the discovery document's issuer (default:
   * the same). Tesla's third-party discovery document and its tokens name different hosts.
   */
  idTokenIssuer?: string;
  /**
   * The modeled Powerhub (Grid Services API) under `/powerhub`: its client credentials
   * (defaults 'derms-sandbox-powerhub' / 'derms-sandbox-powerhub-secret') and the lifetime of
   * its access tokens (default 3600 s).
   */
  powerhub?: {
    clientId?: string;
    clientSecret?: string;
    tokenLifetimeSeconds?: number;
  };
}

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:4001, no trailing slash. */
  url: string;
  /** Stand-in for Tesla's vehicle-command HTTP proxy (signs commands with the app's key): `${url}/proxy`. */
  proxyUrl: string;
  /** Base of the modeled Powerhub API (what `POWERHUB_URL` points at in sandbox): `${url}/powerhub`. */
  powerhubUrl: string;
  port: number;
  close(): Promise<void>;
}

/** The sandbox app's client secret (what the gateway's sandbox config sends): partner tokens need one. */
export const SANDBOX_CLIENT_SECRET = 'derms-sandbox-secret';

function buildRouter(): Router<Handler> {
  const router = new Router<Handler>();
  const status: Handler = (ctx) => (ctx.params.region === undefined || isRegion(ctx.params.region) ? { status: 200, text: 'ok' } : teslaError(404, 'not_found'));
  router.add('GET', '/status', status).add('GET', '/regions/:region/status', status);
  addOAuthRoutes(router);
  addAuthorizeRoutes(router);
  addRevokeConsentRoutes(router);
  addPartnerAccountRoutes(router);
  addFleetRoutes(router);
  addAdminRoutes(router);
  addAccountAdminRoutes(router);
  addPowerhubRoutes(router);
  addPowerhubAdminRoutes(router);
  return router;
}

async function dispatch(router: Router<Handler>, sandbox: Sandbox, req: IncomingMessage): Promise<Reply> {
  const url = new URL(req.url ?? '/', sandbox.url);
  const match = router.match(req.method ?? 'GET', url.pathname);
  if (!match) return teslaError(404, 'not_found');
  if ('methodNotAllowed' in match) return teslaError(405, 'invalid_method');
  let body: Promise<Record<string, unknown>> | undefined;
  const ctx: HttpContext = { req, url, params: match.params, sandbox, body: () => (body ??= readBody(req)) };
  try {
    return await match.handler(ctx);
  } catch (error) {
    if (error instanceof BadRequestBody) return teslaError(400, 'invalid_request', error.message);
    // The client gave up before its request was read (its timeout under load): nobody to answer.
    if (req.destroyed && (error as NodeJS.ErrnoException | undefined)?.code === 'ECONNRESET') return teslaError(499, 'client closed request');
    console.error('[simulator] request failed', error);
    return teslaError(500, 'internal_error');
  }
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const largeAccountSites = options.largeAccountSites ?? 0;
  if (!Number.isInteger(largeAccountSites) || largeAccountSites < 0 || largeAccountSites > MAX_LARGE_ACCOUNT_SITES) {
    throw new RangeError(`largeAccountSites must be an integer from 0 to ${MAX_LARGE_ACCOUNT_SITES}, got ${largeAccountSites}`);
  }
  const powerhubTokenLifetime = options.powerhub?.tokenLifetimeSeconds ?? DEFAULT_POWERHUB_TOKEN_LIFETIME_S;
  if (!(powerhubTokenLifetime > 0) || !Number.isFinite(powerhubTokenLifetime)) {
    throw new RangeError(`powerhub.tokenLifetimeSeconds must be a positive number, got ${powerhubTokenLifetime}`);
  }
  const router = buildRouter();
  let sandbox: Sandbox | undefined;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!sandbox) {
      writeReply(res, teslaError(503, 'service_unavailable', 'simulator starting'));
      return;
    }
    void dispatch(router, sandbox, req).then((reply) => writeReply(res, reply));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4001, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(host)}:${port}`;

  sandbox = await Sandbox.create({
    url,
    seed: options.seed ?? 42,
    speed: options.speed ?? 1,
    startTime: options.startTime ?? Date.now(),
    clientId: options.clientId ?? 'derms-sandbox-client',
    clientSecret: options.clientSecret ?? SANDBOX_CLIENT_SECRET,
    allowedRedirectUris: options.allowedRedirectUris,
    dataPerMinute: options.rateLimits?.dataPerMinute ?? 60,
    commandsPerMinute: options.rateLimits?.commandsPerMinute ?? 30,
    wakesPerMinute: options.rateLimits?.wakesPerMinute ?? 3,
    wakeDelaySeconds: options.wakeDelaySeconds ?? 15,
    energyCommandDialect: options.energyCommandDialect ?? 'current',
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? ACCESS_TOKEN_LIFETIME_S,
    refreshGraceSeconds: options.refreshGraceSeconds ?? 86_400,
    revokeAccessTokensOnRefresh: options.revokeAccessTokensOnRefresh ?? true,
    largeAccountSites,
    largeAccountVehicles: options.largeAccountVehicles ?? 0,
    historyDays: Math.max(1, Math.min(60, Math.floor(options.historyDays ?? 1))),
    idTokenIssuer: options.idTokenIssuer,
    partnerRegistered: options.partnerRegistered ?? false,
    cnClient: options.cnClient,
    powerhub: {
      clientId: options.powerhub?.clientId ?? DEFAULT_POWERHUB_CLIENT_ID,
      clientSecret: options.powerhub?.clientSecret ?? DEFAULT_POWERHUB_CLIENT_SECRET,
      tokenLifetimeSeconds: powerhubTokenLifetime,
    },
  });
  const running = sandbox;

  let closing: Promise<void> | undefined;
  return {
    url,
    proxyUrl: `${url}/proxy`,
    powerhubUrl: `${url}${POWERHUB_BASE}`,
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        running.shutdown.abort();
        running.wakes.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive sockets would otherwise hold close() (and test runners) open.
        server.closeAllConnections();
      })),
  };
}
