import { randomBytes } from 'node:crypto';
import type { Account, Region } from '../fleet/account.js';
import { TESLA_PER_MINUTE, type RateLimitKind } from '../rate-limits.js';
import { isRegion, regionBaseUrl } from '../regions.js';
import type { Sandbox } from '../sandbox.js';
import type { SiteEntry, VehicleEntry } from '../world.js';
import type { Handler, HttpContext } from './context.js';
import { applyLatency, faultReply, holdAnswer } from './fault-replies.js';
import { billingLimitReply, json, notFound, teslaError, tooManyRequests, type Reply } from './replies.js';
import type { Params } from './router.js';

/**
 * The checks every Fleet API request passes, in Tesla's order as far as it is observable:
 * count → bearer token (401) → the app's billing limit (403 EXCEEDED_LIMIT, when set) → app registered in the region (412) → account in the region (421)
 * → scopes (403) → injected fault → device ownership (404) → per-device rate limit (429: data,
 * commands or wakes) → (a request whose client already hung up is dropped) → the endpoint itself
 * (a write's 2xx counted as applied) → an injected late answer (`timeoutMs`) held back. 412 and 421 apply only under a regional base (`/regions/{region}/api/1`);
 * the unprefixed `/api/1` serves every account.
 */

export interface FleetRequest {
  ctx: HttpContext;
  sandbox: Sandbox;
  account: Account;
  scopes: ReadonlySet<string>;
  /** Simulated epoch ms, read once per request so one response is internally consistent. */
  now: number;
}

interface EndpointBase {
  /** Name used by counters, faults and the gateway's metrics; a function for `command/:command` catch-alls. */
  name: string | ((params: Params) => string);
  method: 'GET' | 'POST';
  path: string;
  /** Any one of these grants access; empty = a valid token is enough. */
  anyScope: readonly string[];
  /** Which per-device budget it draws on: "Realtime Data", "Device Commands" or "Wakes". */
  rateLimit?: RateLimitKind;
  /** Answers on any regional base, never 421 (users/region, §1.3). */
  anyRegion?: boolean;
  /** Changes the device (energy and vehicle commands): a 2xx answer counts in `applied…` counters. */
  write?: boolean;
}

export type FleetEndpoint = EndpointBase &
  (
    | { device?: undefined; handle(req: FleetRequest): Reply | Promise<Reply> }
    | { device: 'site'; handle(req: FleetRequest, site: SiteEntry): Reply | Promise<Reply> }
    | { device: 'vehicle'; handle(req: FleetRequest, vehicle: VehicleEntry): Reply | Promise<Reply> }
  );

interface DeviceRef {
  /** Counter and rate-limit key: site id in decimal, or the VIN. */
  key: string;
  /** Every name a fault may use for the device. */
  aliases: string[];
  entity: SiteEntry | VehicleEntry | undefined;
}

function deviceOf(endpoint: FleetEndpoint, ctx: HttpContext): DeviceRef | undefined {
  const { world } = ctx.sandbox;
  if (endpoint.device === 'site') {
    const id = ctx.params.id ?? '';
    return { key: id, aliases: [id], entity: world.site(id) };
  }
  if (endpoint.device === 'vehicle') {
    const tag = ctx.params.tag ?? '';
    const entry = world.vehicle(tag);
    if (!entry) return { key: tag, aliases: [tag], entity: undefined };
    return { key: entry.vehicle.vin, aliases: [entry.vehicle.vin, String(entry.vehicle.id)], entity: entry };
  }
  return undefined;
}

type Authenticated = { account: Account; scopes: Set<string>; clientId: string };

async function authenticate(ctx: HttpContext): Promise<Authenticated | Reply> {
  const header = ctx.req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return teslaError(401, 'invalid bearer token');
  const result = await ctx.sandbox.issuer.verify(match[1]);
  if (!result.ok) return teslaError(401, result.reason === 'expired' ? 'token expired (401)' : 'invalid bearer token');
  const account = ctx.sandbox.world.accountByUserId(result.claims.sub);
  if (!account) return teslaError(401, 'invalid bearer token');
  return { account, scopes: new Set(result.claims.scp), clientId: result.claims.azp };
}

/** Tesla's 412 and 421 bodies (tesla-fleet-api.md §1.3), with the simulator's regional bases. */
function regionCheck(ctx: HttpContext, endpoint: FleetEndpoint, region: Region, auth: Authenticated): Reply | undefined {
  const { url, partnerRegistration } = ctx.sandbox;
  if (!partnerRegistration.isRegistered(region)) {
    return json(412, {
      error: `Account ${auth.clientId} must be registered in the current region ${regionBaseUrl(url, region)}, please see https://developer.tesla.com/docs/fleet-api/endpoints/partner-endpoints#register`,
    });
  }
  if (endpoint.anyRegion || auth.account.region === region) return undefined;
  return json(421, {
    response: null,
    error: `user out of region, use base URL: ${regionBaseUrl(url, auth.account.region)}, see https://developer.tesla.com/docs/fleet-api#regional-requirements`,
    error_description: '',
    txid: randomBytes(16).toString('hex'),
  });
}

export function fleetHandler(endpoint: FleetEndpoint): Handler {
  return async (ctx) => {
    const { sandbox } = ctx;
    const region = ctx.params.region;
    // Present only under `/regions/:region`; an unknown region is no host at all.
    if (region !== undefined && !isRegion(region)) return notFound();
    const device = deviceOf(endpoint, ctx);
    const name = typeof endpoint.name === 'string' ? endpoint.name : endpoint.name(ctx.params);
    sandbox.counters.record(name, device?.key);

    const auth = await authenticate(ctx);
    if (!('account' in auth)) return auth;
    const { account, scopes } = auth;
    // App-wide: once the billing limit is used up, every call of every account is refused.
    if (sandbox.billingLimit) return billingLimitReply(sandbox.billingLimit.status);
    const misrouted = region !== undefined ? regionCheck(ctx, endpoint, region, auth) : undefined;
    if (misrouted) return misrouted;
    if (endpoint.anyScope.length > 0 && !endpoint.anyScope.some((scope) => scopes.has(scope))) {
      return teslaError(403, 'Unauthorized missing scopes');
    }

    const limitKind = endpoint.rateLimit ?? 'data';
    const limiter = sandbox.rateLimits.of(limitKind);
    const fault = sandbox.faults.take(name, device?.aliases ?? []);
    if (fault) {
      // The request arrived whole before Tesla got slow: a client that gives up meanwhile does not
      // undo it (a slow command is still carried out, as a timed-out one may be at Tesla).
      if ((fault.latencyMs || fault.timeoutMs) && endpoint.method === 'POST') await ctx.body().catch(() => ({}));
      await applyLatency(fault, sandbox.shutdown.signal);
      const reply = faultReply(fault, limiter.perMinute || TESLA_PER_MINUTE[limitKind]);
      if (reply) return reply;
    }
    // A client that hung up before Tesla started on its request (its timeout ran out while the request
    // waited to be read): nothing is carried out, as a proxy drops a request whose client is gone.
    // Not after an injected latency: Tesla started on that one and was slow.
    if (!fault?.latencyMs && ctx.req.socket.destroyed) {
      sandbox.counters.recordAbandoned();
      return teslaError(499, 'client closed request');
    }
    const reply = await answer(endpoint, ctx, sandbox, account, scopes, device, limiter);
    if (endpoint.write && reply.status >= 200 && reply.status < 300) sandbox.counters.recordApplied(name, device?.key);
    // A late answer: carried out above (a write took), answered after the client's timeout.
    if (fault?.timeoutMs) await holdAnswer(fault, sandbox.shutdown.signal);
    return reply;
  };
}

/** Device ownership (404), the per-device rate limit (429), then the endpoint itself. */
async function answer(
  endpoint: FleetEndpoint,
  ctx: HttpContext,
  sandbox: Sandbox,
  account: Account,
  scopes: ReadonlySet<string>,
  device: DeviceRef | undefined,
  limiter: ReturnType<Sandbox['rateLimits']['of']>,
): Promise<Reply> {
  // Another account's device must look exactly like a missing one.
  if (device && device.entity?.account !== account) return notFound();

  if (endpoint.rateLimit && device) {
    const verdict = limiter.take(`${account.name}:${device.key}`);
    if (!verdict.allowed) return tooManyRequests(verdict.limit, verdict.resetSeconds);
  }

  const req: FleetRequest = { ctx, sandbox, account, scopes, now: sandbox.now() };
  switch (endpoint.device) {
    case 'site':
      return endpoint.handle(req, device?.entity as SiteEntry);
    case 'vehicle':
      return endpoint.handle(req, device?.entity as VehicleEntry);
    default:
      return endpoint.handle(req);
  }
}
