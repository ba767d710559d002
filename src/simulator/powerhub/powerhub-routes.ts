import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { FaultEffect } from '../faults.js';
import type { Handler, HttpContext } from '../http/context.js';
import { applyLatency } from '../http/fault-replies.js';
import { json, type Reply } from '../http/replies.js';
import type { Router } from '../http/router.js';
import { basicCredentials } from '../oauth/client-auth.js';
import type { Sandbox } from '../sandbox.js';
import { dispatchAckJson, dispatchJson, siteJson, telemetryJson } from './powerhub-json.js';

/**
 * Powerhub's HTTP surface under `/powerhub` (DESIGN §11). Every request is counted, then
 * authenticated (bearer, or client credentials on the token call), then subject to injected
 * faults, then served. Counter names: `powerhub:token`, `powerhub:sites`,
 * `powerhub:telemetry_latest`, `powerhub:dispatches` (device key = create|get|cancel). A fault may
 * name the counter or its short form (`powerhub:telemetry`, `powerhub:dispatch`).
 */

export const POWERHUB_BASE = '/powerhub';
const MAX_TELEMETRY_IDS = 500;
const DEFAULT_PAGE = 100;
const MAX_PAGE = 500;

export const powerhubError = (status: number, error: string, description?: string, headers?: Record<string, string>): Reply => ({
  status,
  body: { error, ...(description ? { error_description: description } : {}) },
  ...(headers ? { headers } : {}),
});

const invalidRequest = (description: string): Reply => powerhubError(400, 'invalid_request', description);

const INJECTED_ERRORS: Record<number, string> = {
  401: 'invalid_token',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

function faultReply(fault: FaultEffect): Reply | null {
  if (fault.status === undefined) return null;
  if (fault.status === 429) {
    const seconds = fault.retryAfterSeconds ?? 1;
    return powerhubError(429, 'rate_limited', `retry in ${seconds} seconds`, { 'retry-after': String(seconds) });
  }
  return powerhubError(fault.status, fault.error ?? INJECTED_ERRORS[fault.status] ?? 'injected_fault');
}

/** The first fault under any of the names, consumed once; its latency waited out. */
async function injectedFault(sandbox: Sandbox, names: readonly string[], device: string | undefined): Promise<Reply | null> {
  for (const name of names) {
    const fault = sandbox.faults.take(name, device === undefined ? [] : [device]);
    if (!fault) continue;
    await applyLatency(fault, sandbox.shutdown.signal, { lateAnswer: true });
    return faultReply(fault);
  }
  return null;
}

const invalidToken = (): Reply => powerhubError(401, 'invalid_token', undefined, { 'www-authenticate': 'Bearer error="invalid_token"' });

interface PowerhubRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** Below `/powerhub`. */
  path: string;
  counter: string;
  /** Every name a fault may use for this route. */
  faultNames: readonly string[];
  /** Counted (and matched by faults) as the device: which dispatch operation. */
  operation?: string;
  handle(ctx: HttpContext, now: number): Reply | Promise<Reply>;
}

function powerhubHandler(route: PowerhubRoute): Handler {
  return async (ctx) => {
    const { sandbox } = ctx;
    sandbox.counters.record(route.counter, route.operation);
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(ctx.req.headers.authorization ?? '')?.[1];
    if (!bearer || !sandbox.powerhub.tokens.isValid(bearer)) return invalidToken();
    const fault = await injectedFault(sandbox, route.faultNames, route.operation);
    if (fault) return fault;
    return route.handle(ctx, sandbox.now());
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `POST /v1/auth/token`: client_credentials with HTTP Basic (form fields accepted too). */
const tokenEndpoint: Handler = async (ctx) => {
  const { sandbox } = ctx;
  sandbox.counters.record('powerhub:token');
  const fault = await injectedFault(sandbox, ['powerhub:token'], undefined);
  if (fault) return fault;
  const form = await ctx.body();
  if (form.grant_type !== 'client_credentials') return powerhubError(400, 'unsupported_grant_type', 'grant_type must be client_credentials');
  const basic = basicCredentials(ctx.req.headers.authorization);
  const clientId = basic?.id ?? (typeof form.client_id === 'string' ? form.client_id : undefined);
  const secret = basic?.secret ?? (typeof form.client_secret === 'string' ? form.client_secret : undefined);
  const { options } = sandbox.powerhub;
  if (clientId !== options.clientId || secret === undefined || !sameSecret(secret, options.clientSecret)) {
    return powerhubError(401, 'invalid_client', 'client authentication failed');
  }
  const token = sandbox.powerhub.tokens.issue();
  return json(200, { access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn });
};

function pageCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function cursorOffset(cursor: string): number | undefined {
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

/** `GET /v2/sites?limit=&cursor=`: a fixed order, so an offset cursor stays valid. */
function listSites(ctx: HttpContext): Reply {
  const query = ctx.url.searchParams;
  const rawLimit = query.get('limit');
  const limit = rawLimit === null || rawLimit === '' ? DEFAULT_PAGE : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1) return invalidRequest('limit must be a positive integer');
  const all = ctx.sandbox.powerhub.sites.all;
  const cursor = query.get('cursor');
  const offset = cursor === null || cursor === '' ? 0 : cursorOffset(cursor);
  if (offset === undefined || offset > all.length) return powerhubError(400, 'invalid_cursor', 'unknown cursor');
  const end = offset + Math.min(limit, MAX_PAGE);
  return json(200, { sites: all.slice(offset, end).map(siteJson), next_cursor: end < all.length ? pageCursor(end) : null });
}

const telemetryRequest = z.object({ site_ids: z.array(z.string()) });

/** `POST /v2/telemetry/latest`: every known site read at one instant; unknown ids are left out. */
async function latestTelemetry(ctx: HttpContext, now: number): Promise<Reply> {
  const parsed = telemetryRequest.safeParse(await ctx.body());
  if (!parsed.success) return invalidRequest('site_ids must be a list of site ids');
  const ids = parsed.data.site_ids;
  if (ids.length > MAX_TELEMETRY_IDS) return invalidRequest(`at most ${MAX_TELEMETRY_IDS} site_ids per request`);
  const { sites } = ctx.sandbox.powerhub;
  const data = [];
  for (const id of new Set(ids)) {
    const entry = sites.get(id);
    if (entry) data.push(telemetryJson(entry, entry.physics.snapshot(now)));
  }
  return json(200, { data });
}

const dispatchRequest = z.object({
  site_ids: z.array(z.string().min(1)).min(1),
  mode: z.enum(['discharge', 'charge']),
  per_site_kw: z.number().positive().max(10_000),
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
  idempotency_key: z.string().min(1).max(255),
});

/** `POST /v2/dispatches` → 202; the same idempotency key answers the first dispatch again. */
async function createDispatch(ctx: HttpContext, now: number): Promise<Reply> {
  const parsed = dispatchRequest.safeParse(await ctx.body());
  if (!parsed.success) return invalidRequest(z.prettifyError(parsed.error));
  const body = parsed.data;
  const { dispatches } = ctx.sandbox.powerhub;
  // Before the clock checks: a retried create must replay its first answer, even once it is late.
  const known = dispatches.byIdempotencyKey(body.idempotency_key);
  if (known) return json(202, dispatchAckJson(known));
  const startMs = Date.parse(body.start);
  const endMs = Date.parse(body.end);
  if (endMs <= startMs) return invalidRequest('end must be after start');
  if (endMs <= now) return invalidRequest('end is in the past');
  const dispatch = dispatches.create(
    { siteIds: body.site_ids, mode: body.mode, perSiteKw: body.per_site_kw, startMs, endMs, idempotencyKey: body.idempotency_key },
    now,
  );
  return json(202, dispatchAckJson(dispatch));
}

function getDispatch(ctx: HttpContext, now: number): Reply {
  const { dispatches } = ctx.sandbox.powerhub;
  const dispatch = dispatches.get(ctx.params.id ?? '');
  return dispatch ? json(200, dispatchJson(dispatch, dispatches, now)) : powerhubError(404, 'not_found', 'unknown dispatch');
}

/** `DELETE /v2/dispatches/{id}`: sites go back to their own mode from now; a finished one stays as it was. */
function cancelDispatch(ctx: HttpContext, now: number): Reply {
  const { dispatches } = ctx.sandbox.powerhub;
  const dispatch = dispatches.cancel(ctx.params.id ?? '', now);
  return dispatch ? json(200, dispatchJson(dispatch, dispatches, now)) : powerhubError(404, 'not_found', 'unknown dispatch');
}

const DISPATCHES = { counter: 'powerhub:dispatches', faultNames: ['powerhub:dispatches', 'powerhub:dispatch'] } as const;

const ROUTES: readonly PowerhubRoute[] = [
  { method: 'GET', path: '/v2/sites', counter: 'powerhub:sites', faultNames: ['powerhub:sites'], handle: listSites },
  {
    method: 'POST',
    path: '/v2/telemetry/latest',
    counter: 'powerhub:telemetry_latest',
    faultNames: ['powerhub:telemetry_latest', 'powerhub:telemetry'],
    handle: latestTelemetry,
  },
  { method: 'POST', path: '/v2/dispatches', ...DISPATCHES, operation: 'create', handle: createDispatch },
  { method: 'GET', path: '/v2/dispatches/:id', ...DISPATCHES, operation: 'get', handle: getDispatch },
  { method: 'DELETE', path: '/v2/dispatches/:id', ...DISPATCHES, operation: 'cancel', handle: cancelDispatch },
];

export function addPowerhubRoutes(router: Router<Handler>): void {
  router.add('POST', `${POWERHUB_BASE}/v1/auth/token`, tokenEndpoint);
  for (const route of ROUTES) router.add(route.method, `${POWERHUB_BASE}${route.path}`, powerhubHandler(route));
}
